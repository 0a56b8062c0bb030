import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, loadPageByParent } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { AsOfSnapshot, asOfColumns } from '../audit/as-of';
import { TrackedReads, type TrackedReadsSpec } from '../linked-record/linked-record.service';
import { Caller } from '../auth/caller';
import { Action, authorize, narrowedTo } from '../auth/policy';
import type { CountryService } from '../country/country.service';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import { commitmentById, mineralsByCommitmentId, partiesByCommitmentId, partyByKey } from './commitment.loaders';
import {
  boundCountries,
  BY_COUNTRY,
  BY_INVITED_COUNTRY,
  BY_MEETING,
  BY_PROJECT,
  CommitmentParent,
  commitmentConditions,
  commitmentOrdering,
  commitmentSource,
  readableAsOfBy,
} from './commitment.sql';
import { CommitmentFilter, CommitmentOrder } from './commitment.types';

/** How a nested list of commitments is narrowed and ordered. */
export interface CommitmentListArgs {
  filter?: CommitmentFilter | null;
  orderBy?: CommitmentOrder | null;
  asOf?: Date | null;
}

const READS: TrackedReadsSpec<Commitment, CommitmentParty> = {
  subject: COMMITMENT_SUBJECT,
  countryLink: { table: 'commitment_parties', column: 'commitment_id' },
  ownerKey: 'commitmentId',
  byId: commitmentById,
  linkByKey: partyByKey,
  linksByOwnerId: partiesByCommitmentId,
  mineralsByOwnerId: mineralsByCommitmentId,
};

export class CommitmentService extends TrackedReads<Commitment, CommitmentParty> {
  constructor(db: DataSource) {
    super(db, READS);
  }

  /**
   * The filtered, ordered list; with asOf, rebuilt from the audit trail as it stood at that
   * instant, and with readableBy only the commitments a PARTNER of that country may read then.
   */
  private listQuery(
    filter: CommitmentFilter | null | undefined,
    orderBy: CommitmentOrder | null | undefined,
    asOf?: Date | null,
    parent?: CommitmentParent,
    readableBy?: string | null,
  ): ListQuery {
    const params = new SqlParams();
    const from = commitmentSource(asOf, params, parent);
    const { where, byRank } = commitmentConditions(filter, asOf, params);
    if (asOf && readableBy != null) where.push(readableAsOfBy(readableBy, asOf, params));
    const columns = asOf ? asOfColumns(this.db, COMMITMENT_SUBJECT, asOf) : entityColumns(this.db, Commitment, 'c');
    return { columns, from, where, params, ordering: commitmentOrdering(orderBy, byRank), costlyToRepeat: Boolean(asOf) };
  }

  /**
   * Commitments matching the filter, in the order asked for (default: oldest record first, or most
   * relevant when searching). As of a past instant, a PARTNER must filter on its own country alone.
   */
  page(
    caller: Caller,
    filter: CommitmentFilter | null | undefined,
    orderBy: CommitmentOrder | null | undefined,
    args: ConnectionArgs,
    asOf?: Date | null,
  ): Promise<Connection<Commitment>> {
    if (asOf) authorize(caller, Action.READ_PAST_STATES, boundCountries(filter));
    return loadPage<Commitment>(this.db, this.listQuery(filter, orderBy, asOf), args);
  }

  private pageByParent(
    parent: CommitmentParent,
    loaders: LoaderRegistry,
    parentId: string,
    list: CommitmentListArgs & { readableBy?: string | null },
    args: ConnectionArgs,
  ) {
    const { filter, orderBy, asOf, readableBy } = list;
    const query = this.listQuery(filter, orderBy, asOf, parent, readableBy);
    const filterKey = { filter, orderBy, asOf, readableBy };
    return loadPageByParent<Commitment>(
      this.db,
      loaders,
      { loader: parent.loader, query, parentExpression: parent.parentExpression, filterKey },
      parentId,
      args,
    );
  }

  /** Commitments where the country is (or, with asOf, was then) a party that has accepted. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, list: CommitmentListArgs, args: ConnectionArgs) {
    return this.pageByParent(BY_COUNTRY, loaders, countryId, list, args);
  }

  /** Commitments the country is invited to and has not answered yet (now; invitations have no asOf). */
  pageInvitationsByCountry(loaders: LoaderRegistry, countryId: string, args: ConnectionArgs) {
    return this.pageByParent(BY_INVITED_COUNTRY, loaders, countryId, {}, args);
  }

  /** Commitments made at the meeting. */
  pageByMeeting(loaders: LoaderRegistry, meetingId: string, list: CommitmentListArgs, args: ConnectionArgs) {
    return this.pageByParent(BY_MEETING, loaders, meetingId, list, args);
  }

  /**
   * Commitments the project delivers on; with asOf, those linked then, as they stood then,
   * and for a PARTNER only those it may read as of then (the project being its own is not enough).
   */
  pageByProject(caller: Caller, loaders: LoaderRegistry, projectId: string, args: ConnectionArgs, asOf?: Date | null) {
    const readableBy = asOf ? narrowedTo(caller, Action.READ_PAST_STATES) : null;
    return this.pageByParent(BY_PROJECT, loaders, projectId, { asOf, readableBy }, args);
  }

  /** One party by its commitment and country, with its country; undefined when the country is not (or no longer) a party. */
  loadParty(loaders: LoaderRegistry, commitmentId: string, countryId: string): Promise<CommitmentParty | undefined> {
    return this.loadLink(loaders, commitmentId, countryId);
  }

  /** The parties of a commitment, by role then country code; as recorded then, for a commitment rebuilt as of a past instant. */
  parties(loaders: LoaderRegistry, commitment: Commitment & AsOfSnapshot, countries: CountryService): Promise<CommitmentParty[]> {
    return this.countryLinks(loaders, commitment, countries);
  }
}
