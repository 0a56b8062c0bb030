import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, loadPageByParent } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { AsOfSnapshot, asOfColumns, countryLinksAsOf, findByGlobalId, findTrackedAsOf, mineralsAsOf } from '../audit/as-of';
import { Caller } from '../auth/caller';
import { Action, authorize, narrowedTo } from '../auth/policy';
import type { Country } from '../country/country.entity';
import type { CountryService } from '../country/country.service';
import type { MineralService } from '../mineral/mineral.service';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import { commitmentById, mineralsByCommitmentId, partiesByCommitmentId, partyByKey } from './commitment.loaders';
import {
  boundCountries,
  BY_COUNTRY,
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

const COUNTRY_LINK = { table: 'commitment_parties', column: 'commitment_id' };

export class CommitmentService {
  constructor(private readonly db: DataSource) {}

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

  /** Commitments where the country is (or, with asOf, was then) a party. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, list: CommitmentListArgs, args: ConnectionArgs) {
    return this.pageByParent(BY_COUNTRY, loaders, countryId, list, args);
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

  /** One commitment by global ID; null when it matches none. */
  findById(globalId: string): Promise<Commitment | null> {
    return findByGlobalId<Commitment>(this.db, COMMITMENT_SUBJECT, globalId);
  }

  /**
   * One commitment as it stood at asOf. FORBIDDEN, before anything of its past is shown, unless
   * the caller may read it then (a PARTNER of a country linked to it then or now); null when it matches none (or did not exist yet).
   */
  findAsOf(caller: Caller, globalId: string, asOf: Date): Promise<Commitment | null> {
    return findTrackedAsOf<Commitment>(this.db, caller, COMMITMENT_SUBJECT, COUNTRY_LINK, { globalId, asOf });
  }

  load(loaders: LoaderRegistry, id: string): Promise<Commitment | undefined> {
    return loaders.use(commitmentById, this.db).load(id);
  }

  /** One party by its commitment and country, with its country; undefined when the country is not (or no longer) a party. */
  loadParty(loaders: LoaderRegistry, commitmentId: string, countryId: string): Promise<CommitmentParty | undefined> {
    return loaders.use(partyByKey, this.db).load(`${commitmentId}:${countryId}`);
  }

  /** The parties of a commitment, lead first; as recorded then, for a commitment rebuilt as of a past instant. */
  parties(loaders: LoaderRegistry, commitment: Commitment & AsOfSnapshot, countries: CountryService): Promise<CommitmentParty[]> {
    return countryLinksAsOf<CommitmentParty, Country>(COMMITMENT_SUBJECT, commitment, {
      ownerKey: 'commitmentId',
      loadCountry: (id) => countries.load(loaders, id),
      loadNow: () => loaders.use(partiesByCommitmentId, this.db).load(commitment.id),
    });
  }

  minerals(loaders: LoaderRegistry, commitment: Commitment & AsOfSnapshot, minerals: MineralService): Promise<Mineral[]> {
    return mineralsAsOf(
      commitment,
      (id) => minerals.load(loaders, id),
      () => loaders.use(mineralsByCommitmentId, this.db).load(commitment.id),
    );
  }
}
