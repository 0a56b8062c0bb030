import type { DataSource } from 'typeorm';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Mineral } from './mineral.entity';
import { RefiningShareEstimate } from './refining-share-estimate.entity';

const BY_CODE: Ordering = { key: 'code', expression: 'm.code', sqlType: 'text', direction: 'ASC', idColumn: 'm.id' };

export class MineralService {
  constructor(private readonly db: DataSource) {}

  /** Every tracked mineral, by code. */
  page(args: ConnectionArgs): Promise<Connection<Mineral>> {
    const query: ListQuery = { columns: entityColumns(this.db, Mineral, 'm'), from: 'minerals m', where: [], params: new SqlParams(), ordering: BY_CODE };
    return loadPage<Mineral>(this.db, query, args);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Mineral | undefined> {
    return loaders.get('mineralById', undefined, (ids: readonly string[]) => rowsByIds<Mineral>(this.db, Mineral, ids)).load(id);
  }

  allEstimates(): Promise<RefiningShareEstimate[]> {
    return this.db.query(`SELECT ${entityColumns(this.db, RefiningShareEstimate, 'r')} FROM refining_share_estimates r ORDER BY r.statement`);
  }

  loadEstimate(loaders: LoaderRegistry, id: string): Promise<RefiningShareEstimate | undefined> {
    return loaders
      .get('refiningShareEstimateById', undefined, (ids: readonly string[]) => rowsByIds<RefiningShareEstimate>(this.db, RefiningShareEstimate, ids))
      .load(id);
  }

  /** Estimates of a refiner country's share that cover the mineral. */
  refiningSharesOf(loaders: LoaderRegistry, mineralId: string, refinerCode: string): Promise<RefiningShareEstimate[]> {
    return loaders
      .get('refiningSharesByMineralId', refinerCode, async (ids: readonly string[]) => {
        const rows: (RefiningShareEstimate & { mineralId: string })[] = await this.db.query(
          `SELECT ${entityColumns(this.db, RefiningShareEstimate, 'r')}, rm.mineral_id AS "mineralId"
           FROM refining_share_estimate_minerals rm
           JOIN refining_share_estimates r ON r.id = rm.estimate_id
           JOIN countries k ON k.id = r.refiner_country_id
           WHERE rm.mineral_id = ANY($1::uuid[]) AND k.code = $2 ORDER BY r.statement`,
          [ids, refinerCode],
        );
        return groupByKey(rows, 'mineralId', ids);
      })
      .load(mineralId);
  }

  /** The minerals an estimate covers; empty when the source speaks of critical minerals in general. */
  mineralsOfEstimate(loaders: LoaderRegistry, estimateId: string): Promise<Mineral[]> {
    return loaders
      .get('mineralsByEstimateId', undefined, async (ids: readonly string[]) => {
        const rows: (Mineral & { estimateId: string })[] = await this.db.query(
          `SELECT ${entityColumns(this.db, Mineral, 'm')}, rm.estimate_id AS "estimateId"
           FROM refining_share_estimate_minerals rm JOIN minerals m ON m.id = rm.mineral_id
           WHERE rm.estimate_id = ANY($1::uuid[]) ORDER BY m.code`,
          [ids],
        );
        return groupByKey(rows, 'estimateId', ids);
      })
      .load(estimateId);
  }
}
