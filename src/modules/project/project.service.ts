import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, loadPageByParent, type NestedListKey } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { AsOfSnapshot, asOfColumns, asOfSource } from '../audit/as-of';
import { TrackedReads, type TrackedReadsSpec } from '../linked-record/linked-record.service';
import { Caller } from '../auth/caller';
import { Action, narrowedTo } from '../auth/policy';
import type { CountryService } from '../country/country.service';
import { ProjectParticipant } from './project-participant.entity';
import { Project } from './project.entity';
import { PROJECT_SUBJECT } from './project.subject';
import {
  mineralsByProjectId,
  participantByKey,
  participantsByProjectId,
  projectById,
  projectsByCommitmentId,
  projectInvitationsByCountryId,
  projectsByCountryId,
} from './project.loaders';
import { acceptedParticipant, projectConditions, projectOrdering, readableAsOfBy } from './project.sql';
import { ProjectFilter, ProjectOrder } from './project.types';

/** How a nested list of projects is narrowed and ordered. */
export interface ProjectListArgs {
  filter?: ProjectFilter | null;
  orderBy?: ProjectOrder | null;
}

const READS: TrackedReadsSpec<Project, ProjectParticipant> = {
  subject: PROJECT_SUBJECT,
  countryLink: { table: 'project_participants', column: 'project_id' },
  ownerKey: 'projectId',
  byId: projectById,
  linkByKey: participantByKey,
  linksByOwnerId: participantsByProjectId,
  mineralsByOwnerId: mineralsByProjectId,
};

export class ProjectService extends TrackedReads<Project, ProjectParticipant> {
  constructor(db: DataSource) {
    super(db, READS);
  }

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

  /** The projects delivering on each commitment now (alias `p`, parent key `parent.commitment_id`). */
  listQueryByCommitment(): ListQuery {
    return this.listQuery({}, 'JOIN project_commitments parent ON parent.project_id = p.id');
  }

  /** Projects matching the filter, in the order asked for (default: oldest record first, or most relevant when searching). */
  page(
    filter: ProjectFilter | null | undefined,
    orderBy: ProjectOrder | null | undefined,
    args: ConnectionArgs,
  ): Promise<Connection<Project>> {
    return loadPage<Project>(this.db, this.listQuery({ filter, orderBy }), args);
  }

  /** Projects in which the country takes part, having accepted. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, list: ProjectListArgs, args: ConnectionArgs) {
    return this.pageByParticipant(projectsByCountryId, acceptedParticipant('parent'), loaders, countryId, list, args);
  }

  /** Projects the country is invited to and has not answered yet. */
  pageInvitationsByCountry(loaders: LoaderRegistry, countryId: string, args: ConnectionArgs) {
    return this.pageByParticipant(projectInvitationsByCountryId, `NOT ${acceptedParticipant('parent')}`, loaders, countryId, {}, args);
  }

  private pageByParticipant(
    loader: NestedListKey<Project>,
    consent: string,
    loaders: LoaderRegistry,
    countryId: string,
    list: ProjectListArgs,
    args: ConnectionArgs,
  ) {
    const query = this.listQuery(list, `JOIN project_participants parent ON parent.project_id = p.id AND ${consent}`);
    const filterKey = { filter: list.filter, orderBy: list.orderBy };
    return loadPageByParent<Project>(
      this.db,
      loaders,
      { loader, query, parentExpression: 'parent.country_id', filterKey },
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
      query = this.listQueryByCommitment();
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

  /** One participant by its project and country, with its country; undefined when the country is not (or no longer) taking part. */
  loadParticipant(loaders: LoaderRegistry, projectId: string, countryId: string): Promise<ProjectParticipant | undefined> {
    return this.loadLink(loaders, projectId, countryId);
  }

  /** The participants of a project, by role then country code; as recorded then, for a project rebuilt as of a past instant. */
  participants(loaders: LoaderRegistry, project: Project & AsOfSnapshot, countries: CountryService): Promise<ProjectParticipant[]> {
    return this.countryLinks(loaders, project, countries);
  }
}
