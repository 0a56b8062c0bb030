import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, entityJson, ListQuery, loadPage, loadPageByParent, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';
import { CommitmentFilter } from './commitment.types';

const BY_CREATION: Ordering = { key: 'created', expression: 'c.created_at', sqlType: 'timestamptz', direction: 'ASC', idColumn: 'c.id' };

/** A nested list of commitments: how it joins to its parent. */
interface CommitmentParent {
  name: string;
  join: string;
  parentExpression: string;
}

const BY_COUNTRY: CommitmentParent = {
  name: 'commitmentsByCountryId',
  join: 'JOIN commitment_parties parent ON parent.commitment_id = c.id',
  parentExpression: 'parent.country_id',
};
const BY_MEETING: CommitmentParent = { name: 'commitmentsByMeetingId', join: '', parentExpression: 'c.meeting_id' };
const BY_PROJECT: CommitmentParent = {
  name: 'commitmentsByProjectId',
  join: 'JOIN project_commitments parent ON parent.commitment_id = c.id',
  parentExpression: 'parent.project_id',
};

export class CommitmentService {
  constructor(private readonly db: DataSource) {}

  private listQuery(filter: CommitmentFilter | null | undefined, join = ''): ListQuery {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter?.countryCodes?.length) {
      where.push(`EXISTS (SELECT 1 FROM commitment_parties fp JOIN countries fk ON fk.id = fp.country_id
        WHERE fp.commitment_id = c.id AND fk.code = ANY(${params.add(filter.countryCodes.map((code) => code.toUpperCase()))}))`);
    }
    if (filter?.kinds?.length) where.push(`c.kind = ANY(${params.add(filter.kinds)})`);
    if (filter?.statuses?.length) where.push(`c.status = ANY(${params.add(filter.statuses)})`);
    if (filter?.mineralCodes?.length) {
      where.push(`EXISTS (SELECT 1 FROM commitment_minerals fm JOIN minerals fx ON fx.id = fm.mineral_id
        WHERE fm.commitment_id = c.id AND fx.code = ANY(${params.add(filter.mineralCodes.map((code) => code.toUpperCase()))}))`);
    }
    if (filter?.meetingId) where.push(`c.meeting_id = ${params.add(fromGlobalId('Meeting', filter.meetingId, 'filter.meetingId'))}`);
    return { columns: entityColumns(this.db, Commitment, 'c'), from: `commitments c ${join}`, where, params, ordering: BY_CREATION };
  }

  /** Commitments matching the filter, oldest record first. */
  page(filter: CommitmentFilter | null | undefined, args: ConnectionArgs): Promise<Connection<Commitment>> {
    return loadPage<Commitment>(this.db, this.listQuery(filter), args);
  }

  private pageByParent(parent: CommitmentParent, loaders: LoaderRegistry, parentId: string, filter: CommitmentFilter | null | undefined, args: ConnectionArgs) {
    const query = this.listQuery(filter, parent.join);
    return loadPageByParent<Commitment>(this.db, loaders, { name: parent.name, query, parentExpression: parent.parentExpression, filterKey: filter }, parentId, args);
  }

  /** Commitments where the country is a party. */
  pageByCountry(loaders: LoaderRegistry, countryId: string, filter: CommitmentFilter | null | undefined, args: ConnectionArgs) {
    return this.pageByParent(BY_COUNTRY, loaders, countryId, filter, args);
  }

  pageByMeeting(loaders: LoaderRegistry, meetingId: string, args: ConnectionArgs) {
    return this.pageByParent(BY_MEETING, loaders, meetingId, null, args);
  }

  pageByProject(loaders: LoaderRegistry, projectId: string, args: ConnectionArgs) {
    return this.pageByParent(BY_PROJECT, loaders, projectId, null, args);
  }

  /** One commitment; NOT_FOUND when the id matches none. */
  /** One commitment by global ID; NOT_FOUND when it matches none. */
  async findById(globalId: string): Promise<Commitment> {
    const [commitment] = await rowsByIds<Commitment>(this.db, Commitment, [fromGlobalId('Commitment', globalId)]);
    if (!commitment) throw new NotFoundError('Commitment', globalId);
    return commitment;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Commitment | undefined> {
    return loaders.get('commitmentById', undefined, (ids: readonly string[]) => rowsByIds<Commitment>(this.db, Commitment, ids)).load(id);
  }

  /** The parties of a commitment, lead first. */
  parties(loaders: LoaderRegistry, commitmentId: string): Promise<CommitmentParty[]> {
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

  minerals(loaders: LoaderRegistry, commitmentId: string): Promise<Mineral[]> {
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
