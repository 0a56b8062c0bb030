import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns } from '../../shared/list-query';
import type { Mineral } from '../mineral/mineral.entity';
import { Development } from './development.entity';
import { developmentById, developmentsByMineralId, mineralsByDevelopmentId } from './development.loaders';

export class DevelopmentService {
  constructor(private readonly db: DataSource) {}

  /** Every reported development, by kind. */
  all(): Promise<Development[]> {
    return this.db.query(`SELECT ${entityColumns(this.db, Development, 'd')} FROM developments d ORDER BY d.kind, d.id`);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Development | undefined> {
    return loaders.use(developmentById, this.db).load(id);
  }

  ofMineral(loaders: LoaderRegistry, mineralId: string): Promise<Development[]> {
    return loaders.use(developmentsByMineralId, this.db).load(mineralId);
  }

  minerals(loaders: LoaderRegistry, developmentId: string): Promise<Mineral[]> {
    return loaders.use(mineralsByDevelopmentId, this.db).load(developmentId);
  }
}
