import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, entityJson, ListQuery, loadPage, loadPageByParent, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { AsOfSnapshot, loadRecordedCountries, loadRecordedMinerals, snapshotSource } from '../audit/as-of';
import type { CountryService } from '../country/country.service';
import type { MineralService } from '../mineral/mineral.service';
import { SubjectType } from '../audit/audit-event.entity';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';
import { CommitmentFilter } from './commitment.types';

const BY_CREATION: Ordering = { key: 'created', expression: 'c.created_at', sqlType: 'timestamptz', direction: 'ASC', idColumn: 'c.id' };

/** A nested list of commitments: how it joins to its parent, now or as of a past instant. */
interface CommitmentParent {
  name: string;
  join: string;
  joinAsOf: string;
  parentExpression: string;
}

const BY_COUNTRY: CommitmentParent = {
  name: 'commitmentsByCountryId',
  join: 'JOIN commitment_parties parent ON parent.commitment_id = c.id',
  joinAsOf: "CROSS JOIN LATERAL jsonb_to_recordset(snapshot.state->'parties') AS parent(country_id uuid)",
  parentExpression: 'parent.country_id',
};
const BY_MEETING: CommitmentParent = { name: 'commitmentsByMeetingId', join: '', joinAsOf: '', parentExpression: 'c.meeting_id' };
const BY_PROJECT: CommitmentParent = {
  name: 'commitmentsByProjectId',
  join: 'JOIN project_commitments parent ON parent.commitment_id = c.id',
  joinAsOf: 'JOIN project_commitments parent ON parent.commitment_id = c.id',
  parentExpression: 'parent.project_id',
};

/** Where a commitment's parties and minerals are read from: the link tables now, the snapshot as of a past instant. */
function linkConditions(asOf: Date | null | undefined) {
  return asOf
    ? {
        party: (codes: string) => `EXISTS (SELECT 1 FROM jsonb_array_elements(snapshot.state->'parties') fp WHERE fp->>'code' = ANY(${codes}))`,
        mineral: (codes: string) => `EXISTS (SELECT 1 FROM jsonb_array_elements_text(snapshot.state->'mineral_ids') fm JOIN minerals fx ON fx.id = fm::uuid WHERE fx.code = ANY(${codes}))`,
      }
    : {
        party: (codes: string) => `EXISTS (SELECT 1 FROM commitment_parties fp JOIN countries fk ON fk.id = fp.country_id WHERE fp.commitment_id = c.id AND fk.code = ANY(${codes}))`,
        mineral: (codes: string) => `EXISTS (SELECT 1 FROM commitment_minerals fm JOIN minerals fx ON fx.id = fm.mineral_id WHERE fm.commitment_id = c.id AND fx.code = ANY(${codes}))`,
      };
}

export class CommitmentService {
  constructor(private readonly db: DataSource) {}

  /** The filtered list; with asOf, rebuilt from the audit trail as it stood at that instant. */
  private listQuery(filter: CommitmentFilter | null | undefined, asOf?: Date | null, parent?: CommitmentParent): ListQuery {
    const params = new SqlParams();
    const from = asOf
      ? `${snapshotSource(SubjectType.COMMITMENT, 'commitments', 'c', asOf, params)} ${parent?.joinAsOf ?? ''}`
      : `commitments c ${parent?.join ?? ''}`;
    const links = linkConditions(asOf);
    const where: string[] = [];
    const codes = (list: string[]) => params.add(list.map((code) => code.toUpperCase()));
    if (filter?.countryCodes?.length) where.push(links.party(codes(filter.countryCodes)));
    if (filter?.kinds?.length) where.push(`c.kind = ANY(${params.add(filter.kinds)})`);
    if (filter?.statuses?.length) where.push(`c.status = ANY(${params.add(filter.statuses)})`);
    if (filter?.mineralCodes?.length) where.push(links.mineral(codes(filter.mineralCodes)));
    if (filter?.meetingId) where.push(`c.meeting_id = ${params.add(fromGlobalId('Meeting', filter.meetingId, 'filter.meetingId'))}`);
    // A literal, not a parameter: count queries share the parameters but not the columns.
    const columns = `${entityColumns(this.db, Commitment, 'c')}${asOf ? `, snapshot.state AS "asOfState", '${asOf.toISOString()}'::timestamptz AS "asOf"` : ''}`;
    return { columns, from, where, params, ordering: BY_CREATION };
  }

  /** Commitments matching the filter, oldest record first. */
  page(filter: CommitmentFilter | null | undefined, args: ConnectionArgs, asOf?: Date | null): Promise<Connection<Commitment>> {
    return loadPage<Commitment>(this.db, this.listQuery(filter, asOf), args);
  }

  private pageByParent(parent: CommitmentParent, loaders: LoaderRegistry, parentId: string, filter: CommitmentFilter | null | undefined, args: ConnectionArgs, asOf?: Date | null) {
    const query = this.listQuery(filter, asOf, parent);
    const filterKey = { filter, asOf };
    return loadPageByParent<Commitment>(this.db, loaders, { name: parent.name, query, parentExpression: parent.parentExpression, filterKey }, parentId, args);
  }

  /** Commitments where the country is (or, with asOf, was then) a party. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, filter: CommitmentFilter | null | undefined, args: ConnectionArgs, asOf?: Date | null) {
    return this.pageByParent(BY_COUNTRY, loaders, countryId, filter, args, asOf);
  }

  pageByMeeting(loaders: LoaderRegistry, meetingId: string, args: ConnectionArgs) {
    return this.pageByParent(BY_MEETING, loaders, meetingId, null, args);
  }

  pageByProject(loaders: LoaderRegistry, projectId: string, args: ConnectionArgs) {
    return this.pageByParent(BY_PROJECT, loaders, projectId, null, args);
  }

  /** One commitment; NOT_FOUND when the id matches none. */
  /** One commitment by global ID, now or as it stood at asOf; NOT_FOUND when it matches none (or did not exist yet). */
  async findById(globalId: string, asOf?: Date | null): Promise<Commitment> {
    const id = fromGlobalId('Commitment', globalId);
    let commitment: Commitment | undefined;
    if (asOf) {
      const query = this.listQuery(null, asOf);
      [commitment] = await this.db.query(`SELECT ${query.columns} FROM ${query.from} WHERE c.id = ${query.params.add(id)}`, query.params.values);
    } else {
      [commitment] = await rowsByIds<Commitment>(this.db, Commitment, [id]);
    }
    if (!commitment) throw new NotFoundError('Commitment', globalId, asOf);
    return commitment;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Commitment | undefined> {
    return loaders.get('commitmentById', undefined, (ids: readonly string[]) => rowsByIds<Commitment>(this.db, Commitment, ids)).load(id);
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
