import { types } from 'pg';
import { DataSource } from 'typeorm';
import { CountingLogger } from './request-trace';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);
// Exact decimals stay strings (pg's default for NUMERIC); BIGINT counts fit in a JS number.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
}

/** The one DataSource definition, shared by the server, the CLI scripts and the tests. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new CountingLogger(),
    maxQueryExecutionTime: 1000,
    extra: { max: options.poolSize ?? 10, application_name: 'critical-minerals-api' },
  });
}
