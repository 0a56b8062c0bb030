import type { DataSource } from 'typeorm';
import { rowKeyOf } from '../../shared/global-id';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, entityJson, ListQuery, loadPage, loadPageByParent, rowsByIds, rowsByKeyPairs } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { AsOfSnapshot, loadRecordedCountries, loadRecordedMinerals } from '../audit/as-of';
import type { CountryService } from '../country/country.service';
import type { MineralService } from '../mineral/mineral.service';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';
import { BY_COUNTRY, BY_MEETING, BY_PROJECT, CommitmentParent, commitmentConditions, commitmentOrdering, commitmentSource } from './commitment.query';
import { CommitmentFilter, CommitmentOrder } from './commitment.types';

/** How a nested list of commitments is narrowed and ordered. */
export interface CommitmentListArgs {
  filter?: CommitmentFilter | null;
  orderBy?: CommitmentOrder | null;
  asOf?: Date | null;
}


export class CommitmentService {
  constructor(private readonly db: DataSource) {}

  /** The filtered, ordered list; with asOf, rebuilt from the audit trail as it stood at that instant. */
  private listQuery(filter: CommitmentFilter | null | undefined, orderBy: CommitmentOrder | null | undefined, asOf?: Date | null, parent?: CommitmentParent): ListQuery {
    const params = new SqlParams();
    const from = commitmentSource(asOf, params, parent);
    const { where, byRank } = commitmentConditions(filter, asOf, params);
    // A literal, not a parameter: count queries share the parameters but not the columns.
    const columns = `${entityColumns(this.db, Commitment, 'c')}${asOf ? `, snapshot.state AS "asOfState", '${asOf.toISOString()}'::timestamptz AS "asOf"` : ''}`;
    return { columns, from, where, params, ordering: commitmentOrdering(orderBy, byRank), costlyToRepeat: Boolean(asOf) };
  }

  /** Commitments matching the filter, in the order asked for (default: oldest record first, or most relevant when searching). */
  page(filter: CommitmentFilter | null | undefined, orderBy: CommitmentOrder | null | undefined, args: ConnectionArgs, asOf?: Date | null): Promise<Connection<Commitment>> {
    return loadPage<Commitment>(this.db, this.listQuery(filter, orderBy, asOf), args);
  }

  private pageByParent(parent: CommitmentParent, loaders: LoaderRegistry, parentId: string, list: CommitmentListArgs, args: ConnectionArgs) {
    const { filter, orderBy, asOf } = list;
    const query = this.listQuery(filter, orderBy, asOf, parent);
    const filterKey = { filter, orderBy, asOf };
    return loadPageByParent<Commitment>(this.db, loaders, { name: parent.name, query, parentExpression: parent.parentExpression, filterKey }, parentId, args);
  }

  /** Commitments where the country is (or, with asOf, was then) a party. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, list: CommitmentListArgs, args: ConnectionArgs) {
    return this.pageByParent(BY_COUNTRY, loaders, countryId, list, args);
  }

  /** Commitments made at the meeting. */
  pageByMeeting(loaders: LoaderRegistry, meetingId: string, list: CommitmentListArgs, args: ConnectionArgs) {
    return this.pageByParent(BY_MEETING, loaders, meetingId, list, args);
  }

  /** Commitments the project delivers on; with asOf, those linked then, as they stood then. */
  pageByProject(loaders: LoaderRegistry, projectId: string, args: ConnectionArgs, asOf?: Date | null) {
    return this.pageByParent(BY_PROJECT, loaders, projectId, { asOf }, args);
  }

  /** One commitment by global ID, now or as it stood at asOf; null when it matches none (or did not exist yet). */
  async findById(globalId: string, asOf?: Date | null): Promise<Commitment | null> {
    const id = rowKeyOf('Commitment', globalId);
    if (!id) return null;
    let commitment: Commitment | undefined;
    if (asOf) {
      const query = this.listQuery(null, null, asOf);
      [commitment] = await this.db.query(`SELECT ${query.columns} FROM ${query.from} WHERE c.id = ${query.params.add(id)}`, query.params.values);
    } else {
      [commitment] = await rowsByIds<Commitment>(this.db, Commitment, [id]);
    }
    return commitment ?? null;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Commitment | undefined> {
    return loaders.get('commitmentById', undefined, (ids: readonly string[]) => rowsByIds<Commitment>(this.db, Commitment, ids)).load(id);
  }

  /** One party by its commitment and country, with its country; undefined when the country is not (or no longer) a party. */
  loadParty(loaders: LoaderRegistry, commitmentId: string, countryId: string): Promise<CommitmentParty | undefined> {
    return loaders
      .get('partyByKey', undefined, (keys: readonly string[]) =>
        rowsByKeyPairs<CommitmentParty>(
          this.db,
          `SELECT ${entityColumns(this.db, CommitmentParty, 'p')}, ${entityJson(this.db, Country, 'k')} AS country, p.commitment_id || ':' || p.country_id AS key
           FROM commitment_parties p JOIN countries k ON k.id = p.country_id
           WHERE (p.commitment_id, p.country_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
          keys,
        ),
      )
      .load(`${commitmentId}:${countryId}`);
  }

  /** The parties of a commitment, lead first; as recorded then, for a commitment rebuilt as of a past instant. */
  async parties(loaders: LoaderRegistry, commitment: Commitment & AsOfSnapshot, countries: CountryService): Promise<CommitmentParty[]> {
    const recorded = commitment.asOfState?.parties;
    if (recorded) {
      const links = await loadRecordedCountries(recorded, (id) => countries.load(loaders, id));
      return links.map((link) => ({ ...link, commitmentId: commitment.id }) as CommitmentParty);
    }
    const commitmentId = commitment.id;
    return loaders
      .get('partiesByCommitmentId', undefined, async (ids: readonly string[]) => {
        const rows: CommitmentParty[] = await this.db.query(
          `SELECT ${entityColumns(this.db, CommitmentParty, 'p')}, ${entityJson(this.db, Country, 'k')} AS country
           FROM commitment_parties p JOIN countries k ON k.id = p.country_id
           WHERE p.commitment_id = ANY($1::uuid[]) ORDER BY p.role, k.code`,
          [ids],
        );
        return groupByKey(rows, 'commitmentId', ids);
      })
      .load(commitmentId);
  }

  async minerals(loaders: LoaderRegistry, commitment: Commitment & AsOfSnapshot, minerals: MineralService): Promise<Mineral[]> {
    const recorded = commitment.asOfState?.mineral_ids;
    if (recorded) return loadRecordedMinerals(recorded, (id) => minerals.load(loaders, id));
    const commitmentId = commitment.id;
    return loaders
      .get('mineralsByCommitmentId', undefined, async (ids: readonly string[]) => {
        const rows: (Mineral & { commitmentId: string })[] = await this.db.query(
          `SELECT ${entityColumns(this.db, Mineral, 'm')}, cm.commitment_id AS "commitmentId"
           FROM commitment_minerals cm JOIN minerals m ON m.id = cm.mineral_id
           WHERE cm.commitment_id = ANY($1::uuid[]) ORDER BY m.code`,
          [ids],
        );
        return groupByKey(rows, 'commitmentId', ids);
      })
      .load(commitmentId);
  }
}
