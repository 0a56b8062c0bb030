import type { DataSource } from 'typeorm';
import { rowKeyOf } from '../../shared/global-id';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, loadPageByParent, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { AsOfSnapshot, loadRecordedCountries, loadRecordedMinerals, recordedCountryCodes, asOfSource } from '../audit/as-of';
import { Caller } from '../auth/caller';
import { Action, authorizeRecord, narrowedTo, Scope } from '../auth/policy';
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
      const columns = `${entityColumns(this.db, Project, 'p')}, snapshot.state AS "asOfState", '${asOf.toISOString()}'::timestamptz AS "asOf"`;
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
  async findById(globalId: string): Promise<Project | null> {
    const id = rowKeyOf('Project', globalId);
    if (!id) return null;
    const [project] = await rowsByIds<Project>(this.db, Project, [id]);
    return project ?? null;
  }

  /**
   * One project as it stood at asOf. FORBIDDEN, before anything of its past is shown, unless
   * the caller may read it then; null when it matches none (or did not exist yet).
   */
  async findAsOf(caller: Caller, globalId: string, asOf: Date): Promise<Project | null> {
    const id = rowKeyOf('Project', globalId);
    await authorizeRecord(caller, Action.READ_PAST_STATES, async () => (id ? this.participantsThenAndNow(id, asOf) : { countryCodes: [] }));
    if (!id) return null;
    const params = new SqlParams();
    const from = asOfSource(PROJECT_SUBJECT, asOf, params);
    const [project] = await this.db.query(
      `SELECT ${entityColumns(this.db, Project, 'p')}, snapshot.state AS "asOfState", '${asOf.toISOString()}'::timestamptz AS "asOf" FROM ${from} WHERE p.id = ${params.add(id)}`,
      params.values,
    );
    return project ?? null;
  }

  /** Its participants now and as recorded at asOf: a PARTNER may read the past of a project either has it take part in. */
  private async participantsThenAndNow(id: string, asOf: Date): Promise<Scope> {
    const params = new SqlParams();
    const now = `SELECT k.code FROM project_participants pp JOIN countries k ON k.id = pp.country_id WHERE pp.project_id = ${params.add(id)}`;
    const rows: { code: string }[] = await this.db.query(
      `${now} UNION ${recordedCountryCodes(PROJECT_SUBJECT, id, asOf, params)}`,
      params.values,
    );
    return { countryCodes: rows.map((row) => row.code) };
  }

  load(loaders: LoaderRegistry, id: string): Promise<Project | undefined> {
    return loaders.use(projectById, this.db).load(id);
  }

  /** One participant by its project and country, with its country; undefined when the country does not (or no longer) take part. */
  loadParticipant(loaders: LoaderRegistry, projectId: string, countryId: string): Promise<ProjectParticipant | undefined> {
    return loaders.use(participantByKey, this.db).load(`${projectId}:${countryId}`);
  }

  /** Participants by role; as recorded then, for a project rebuilt as of a past instant. */
  async participants(loaders: LoaderRegistry, project: Project & AsOfSnapshot, countries: CountryService): Promise<ProjectParticipant[]> {
    const recorded = project.asOfState?.participants;
    if (recorded) {
      const links = await loadRecordedCountries(recorded, (id) => countries.load(loaders, id));
      return links.map((link) => ({ ...link, projectId: project.id }) as ProjectParticipant);
    }
    return loaders.use(participantsByProjectId, this.db).load(project.id);
  }

  async minerals(loaders: LoaderRegistry, project: Project & AsOfSnapshot, minerals: MineralService): Promise<Mineral[]> {
    const recorded = project.asOfState?.mineral_ids;
    if (recorded) return loadRecordedMinerals(recorded, (id) => minerals.load(loaders, id));
    return loaders.use(mineralsByProjectId, this.db).load(project.id);
  }
}
