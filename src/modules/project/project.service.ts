import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, loadPageByParent } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { AsOfSnapshot, asOfColumns, asOfSource, countryLinksAsOf, findByGlobalId, findTrackedAsOf, mineralsAsOf } from '../audit/as-of';
import { Caller } from '../auth/caller';
import { Action, narrowedTo } from '../auth/policy';
import type { Country } from '../country/country.entity';
import type { CountryService } from '../country/country.service';
import { Mineral } from '../mineral/mineral.entity';
import type { MineralService } from '../mineral/mineral.service';
import { ProjectParticipant } from './project-participant.entity';
import { Project } from './project.entity';
import { PROJECT_SUBJECT } from './project.subject';
import {
  mineralsByProjectId,
  participantByKey,
  participantsByProjectId,
  projectById,
  projectsByCommitmentId,
  projectsByCountryId,
} from './project.loaders';
import { projectConditions, projectOrdering, readableAsOfBy } from './project.sql';
import { ProjectFilter, ProjectOrder } from './project.types';

/** How a nested list of projects is narrowed and ordered. */
export interface ProjectListArgs {
  filter?: ProjectFilter | null;
  orderBy?: ProjectOrder | null;
}

const COUNTRY_LINK = { table: 'project_participants', column: 'project_id' };

export class ProjectService {
  constructor(private readonly db: DataSource) {}

  private listQuery(list: ProjectListArgs, join = ''): ListQuery {
    const params = new SqlParams();
    const { where, byRank } = projectConditions(list.filter, params);
    return {
      columns: entityColumns(this.db, Project, 'p'),
      from: `projects p ${join}`,
      where,
      params,
      ordering: projectOrdering(list.orderBy, byRank),
    };
  }

  /** Projects matching the filter, in the order asked for (default: oldest record first, or most relevant when searching). */
  page(
    filter: ProjectFilter | null | undefined,
    orderBy: ProjectOrder | null | undefined,
    args: ConnectionArgs,
  ): Promise<Connection<Project>> {
    return loadPage<Project>(this.db, this.listQuery({ filter, orderBy }), args);
  }

  /** Projects in which the country takes part. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, list: ProjectListArgs, args: ConnectionArgs) {
    const query = this.listQuery(list, 'JOIN project_participants parent ON parent.project_id = p.id');
    const filterKey = { filter: list.filter, orderBy: list.orderBy };
    return loadPageByParent<Project>(
      this.db,
      loaders,
      { loader: projectsByCountryId, query, parentExpression: 'parent.country_id', filterKey },
      countryId,
      args,
    );
  }

  /**
   * Projects that deliver on the commitment; with asOf, those linked then (the projects record the
   * links), as they stood then, and for a PARTNER only those it may read as of then.
   */
  pageByCommitment(caller: Caller, loaders: LoaderRegistry, commitmentId: string, args: ConnectionArgs, asOf?: Date | null) {
    let query: ListQuery;
    let readableBy: string | null = null;
    if (asOf) {
      readableBy = narrowedTo(caller, Action.READ_PAST_STATES);
      const params = new SqlParams();
      const from = `${asOfSource(PROJECT_SUBJECT, asOf, params)}
        CROSS JOIN LATERAL (SELECT linked.value::uuid AS commitment_id FROM jsonb_array_elements_text(snapshot.state->'commitment_ids') linked) parent`;
      const columns = asOfColumns(this.db, PROJECT_SUBJECT, asOf);
      const where = readableBy === null ? [] : [readableAsOfBy(readableBy, params)];
      query = { columns, from, where, params, ordering: projectOrdering(null, undefined), costlyToRepeat: true };
    } else {
      query = this.listQuery({}, 'JOIN project_commitments parent ON parent.project_id = p.id');
    }
    const filterKey = { asOf, readableBy };
    return loadPageByParent<Project>(
      this.db,
      loaders,
      { loader: projectsByCommitmentId, query, parentExpression: 'parent.commitment_id', filterKey },
      commitmentId,
      args,
    );
  }

  /** One project by global ID; null when it matches none. */
  findById(globalId: string): Promise<Project | null> {
    return findByGlobalId<Project>(this.db, PROJECT_SUBJECT, globalId);
  }

  /**
   * One project as it stood at asOf. FORBIDDEN, before anything of its past is shown, unless
   * the caller may read it then (a PARTNER of a country linked to it then or now); null when it matches none (or did not exist yet).
   */
  findAsOf(caller: Caller, globalId: string, asOf: Date): Promise<Project | null> {
    return findTrackedAsOf<Project>(this.db, caller, PROJECT_SUBJECT, COUNTRY_LINK, { globalId, asOf });
  }

  load(loaders: LoaderRegistry, id: string): Promise<Project | undefined> {
    return loaders.use(projectById, this.db).load(id);
  }

  /** One participant by its project and country, with its country; undefined when the country does not (or no longer) take part. */
  loadParticipant(loaders: LoaderRegistry, projectId: string, countryId: string): Promise<ProjectParticipant | undefined> {
    return loaders.use(participantByKey, this.db).load(`${projectId}:${countryId}`);
  }

  /** Participants by role; as recorded then, for a project rebuilt as of a past instant. */
  participants(loaders: LoaderRegistry, project: Project & AsOfSnapshot, countries: CountryService): Promise<ProjectParticipant[]> {
    return countryLinksAsOf<ProjectParticipant, Country>(PROJECT_SUBJECT, project, {
      ownerKey: 'projectId',
      loadCountry: (id) => countries.load(loaders, id),
      loadNow: () => loaders.use(participantsByProjectId, this.db).load(project.id),
    });
  }

  minerals(loaders: LoaderRegistry, project: Project & AsOfSnapshot, minerals: MineralService): Promise<Mineral[]> {
    return mineralsAsOf(
      project,
      (id) => minerals.load(loaders, id),
      () => loaders.use(mineralsByProjectId, this.db).load(project.id),
    );
  }
}
