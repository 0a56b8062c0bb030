import { types } from 'pg';
import { DataSource } from 'typeorm';
import { CountingLogger } from './request-trace';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);
// Exact decimals stay strings (pg's default for NUMERIC); BIGINT counts fit in a JS number.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/**
 * How long a pooled connection may sit idle before it is closed. pg's default is 10 s: a quiet
 * spell that long closes every connection, and the next burst pays for new backends and for
 * preparing every compiled read and write-group statement again (they live on the connection).
 */
export const IDLE_CONNECTION_MS = 60_000;

export interface DataSourceOptions {
  /** The primary: every write, transaction and LISTEN goes here. */
  url: string;
  /** Read-only copies of the primary; only reads routed through `replicaReads` use them. */
  replicaUrls?: readonly string[];
  /** Connections per pool: the primary's and each replica's. */
  poolSize?: number;
  /** Postgres cancels any statement on these connections that runs longer (ms); unset or 0: no limit. */
  statementTimeoutMs?: number;
}

/** The one DataSource definition, shared by the server, the CLI scripts and the tests. */
export function createDataSource(options: DataSourceOptions): DataSource {
  const replicaUrls = options.replicaUrls ?? [];
  return new DataSource({
    type: 'postgres',
    ...(replicaUrls.length
      ? // TypeORM's names: a query runner in 'slave' mode takes a random replica, everything else the master.
        { replication: { master: { url: options.url }, slaves: replicaUrls.map((url) => ({ url })) } }
      : { url: options.url }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new CountingLogger(),
    maxQueryExecutionTime: 1000,
    extra: {
      max: options.poolSize ?? 10,
      application_name: 'critical-minerals-api',
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      // A session default sent at connect: no extra round trip, and `RESET statement_timeout` returns to it.
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
}

/** The URL of the primary, whether or not replicas are configured. */
export function primaryUrlOf(db: DataSource): string {
  const options = db.options as { url?: string; replication?: { master: { url?: string } } };
  return options.replication?.master.url ?? options.url ?? '';
}
