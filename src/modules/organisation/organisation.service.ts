import type { DataSource } from 'typeorm';
import { entityColumns, loadPage } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { orderingFor, SortDirection } from '../../shared/sorting';
import { Organisation } from './organisation.entity';
import type { OrganisationFilter } from './organisation.inputs';
import { organisationById, organisationsByProjectId } from './organisation.loaders';
import type { ProjectOrganisation } from './project-organisation.types';

const BY_IDENTIFIER = orderingFor({ name: 'iatiIdentifier', column: 'o.iati_identifier', sqlType: 'text' }, SortDirection.ASC, 'o.id');

/** Reads of organisations and of the organisations projects name. */
export class OrganisationService {
  constructor(private readonly db: DataSource) {}

  /** Organisations by IATI identifier, narrowed by the filter. */
  page(filter: OrganisationFilter | null | undefined, args: ConnectionArgs): Promise<Connection<Organisation>> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter?.countryCodes?.length)
      where.push(
        `o.country_id IN (SELECT id FROM countries WHERE code = ANY(${params.add(filter.countryCodes.map((c) => c.toUpperCase()))}))`,
      );
    if (filter?.organisationTypes?.length) where.push(`o.organisation_type = ANY(${params.add(filter.organisationTypes)})`);
    if (filter?.iatiIdentifiers?.length) where.push(`o.iati_identifier = ANY(${params.add(filter.iatiIdentifiers)})`);
    if (filter?.nameContains) where.push(`strpos(lower(o.name), lower(${params.add(filter.nameContains)})) > 0`);
    return loadPage<Organisation>(
      this.db,
      { columns: entityColumns(this.db, Organisation, 'o'), from: 'organisations o', where, params, ordering: BY_IDENTIFIER },
      args,
    );
  }

  load(loaders: LoaderRegistry, id: string): Promise<Organisation | undefined> {
    return loaders.use(organisationById, this.db).load(id);
  }

  /** The organisations a project names, in order, invited ones included (each says its consent). */
  ofProject(loaders: LoaderRegistry, projectId: string): Promise<ProjectOrganisation[]> {
    return loaders.use(organisationsByProjectId, this.db).load(projectId);
  }
}
