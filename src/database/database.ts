import { DataSource, MigrationExecutor } from 'typeorm';
import type { Config } from '../config';
import { logger } from '../shared/logger';
import { createDataSource } from './data-source';
import { RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';

export interface Database {
  dataSource: DataSource;
  /** Closes the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

/** Pending migrations, each in its own transaction, on one connection freed from the request statement timeout. */
async function runMigrations(dataSource: DataSource) {
  const runner = dataSource.createQueryRunner('master');
  try {
    // A migration may rewrite a large table; the timeout is there to bound requests, not schema changes.
    await runner.query('SET statement_timeout = 0');
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    return await executor.executePendingMigrations();
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}

/** Connects to DATABASE_URL (and its replicas), or starts the embedded PostgreSQL when none is configured; then migrates the primary. */
export async function openDatabase(config: Config): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
    url = embedded.url;
  }
  const dataSource = createDataSource({
    url,
    replicaUrls: config.databaseReplicaUrls,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
