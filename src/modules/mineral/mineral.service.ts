import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Mineral } from './mineral.entity';
import { mineralById, mineralsByEstimateId, refiningShareEstimateById, refiningSharesByMineralId } from './mineral.loaders';
import { RefiningShareEstimate } from './refining-share-estimate.entity';

const BY_CODE: Ordering = { key: 'code', expression: 'm.code', sqlType: 'text', direction: 'ASC', idColumn: 'm.id' };

export class MineralService {
  constructor(private readonly db: DataSource) {}

  /** Every tracked mineral, by code. */
  page(args: ConnectionArgs): Promise<Connection<Mineral>> {
    const query: ListQuery = {
      columns: entityColumns(this.db, Mineral, 'm'),
      from: 'minerals m',
      where: [],
      params: new SqlParams(),
      ordering: BY_CODE,
    };
    return loadPage<Mineral>(this.db, query, args);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Mineral | undefined> {
    return loaders.use(mineralById, this.db).load(id);
  }

  allEstimates(): Promise<RefiningShareEstimate[]> {
    return this.db.query(
      `SELECT ${entityColumns(this.db, RefiningShareEstimate, 'r')} FROM refining_share_estimates r ORDER BY r.statement`,
    );
  }

  loadEstimate(loaders: LoaderRegistry, id: string): Promise<RefiningShareEstimate | undefined> {
    return loaders.use(refiningShareEstimateById, this.db).load(id);
  }

  /** Estimates of a refiner country's share that cover the mineral. */
  refiningSharesOf(loaders: LoaderRegistry, mineralId: string, refinerCode: string): Promise<RefiningShareEstimate[]> {
    return loaders.use(refiningSharesByMineralId, this.db, refinerCode).load(mineralId);
  }

  /** The minerals an estimate covers; empty when the source speaks of critical minerals in general. */
  mineralsOfEstimate(loaders: LoaderRegistry, estimateId: string): Promise<Mineral[]> {
    return loaders.use(mineralsByEstimateId, this.db).load(estimateId);
  }
}
