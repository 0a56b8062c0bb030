import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, loadPageByParent } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { AsOfSnapshot, asOfColumns } from '../audit/as-of';
import { rowKeyOf } from '../../shared/global-id';
import { isRebuilt, type ReadTime } from '../obligation/obligation.sql';
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
  validOn?: string | null;
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
    time: ReadTime = {},
    parent?: CommitmentParent,
    readableBy?: string | null,
  ): ListQuery {
    const params = new SqlParams();
    const from = commitmentSource(time, params, parent);
    const { where, byRank } = commitmentConditions(filter, time, params);
    if (time.asOf && readableBy != null) where.push(readableAsOfBy(readableBy, params));
    const columns = this.columnsAt(time);
    return { columns, from, where, params, ordering: commitmentOrdering(orderBy, byRank), costlyToRepeat: isRebuilt(time) };
  }

  /** The columns of a commitment row at a read time; a rebuilt one carries its snapshot and the time it answers for. */
  private columnsAt(time: ReadTime): string {
    if (time.asOf && !time.validOn) return asOfColumns(this.db, COMMITMENT_SUBJECT, time.asOf);
    if (!time.validOn) return entityColumns(this.db, Commitment, 'c');
    // Literals, as in asOfColumns: count queries share the parameters, not the columns (the scalar has checked the date).
    const asOf = time.asOf ? `'${time.asOf.toISOString()}'::timestamptz` : 'NULL::timestamptz';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(time.validOn)) throw new Error('validOn is not a LocalDate');
    return `${entityColumns(this.db, Commitment, 'c')}, snapshot.state AS "asOfState", ${asOf} AS "asOf", '${time.validOn}' AS "validOn"`;
  }

  /** One commitment as valid on a day (and, with asOf, as recorded then); null when none is, or it was not yet in effect. */
  async findAt(caller: Caller, globalId: string, time: ReadTime): Promise<Commitment | null> {
    if (time.asOf && !(await this.findAsOf(caller, globalId, time.asOf))) return null;
    if (!time.validOn) return time.asOf ? this.findAsOf(caller, globalId, time.asOf) : this.findById(globalId);
    const id = rowKeyOf(COMMITMENT_SUBJECT.typeName, globalId);
    if (!id) return null;
    const query = this.listQuery(null, null, time);
    const [row] = await this.db.query(
      `SELECT ${query.columns} FROM ${query.from} WHERE c.id = ${query.params.add(id)}`,
      query.params.values,
    );
    return row ?? null;
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
    time: ReadTime = {},
  ): Promise<Connection<Commitment>> {
    if (time.asOf) authorize(caller, Action.READ_PAST_STATES, boundCountries(filter));
    return loadPage<Commitment>(this.db, this.listQuery(filter, orderBy, time), args);
  }

  private pageByParent(
    parent: CommitmentParent,
    loaders: LoaderRegistry,
    parentId: string,
    list: CommitmentListArgs & { readableBy?: string | null },
    args: ConnectionArgs,
  ) {
    const { filter, orderBy, asOf, validOn, readableBy } = list;
    const query = this.listQuery(filter, orderBy, { asOf, validOn }, parent, readableBy);
    const filterKey = { filter, orderBy, asOf, validOn, readableBy };
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
