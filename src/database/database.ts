import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { logger } from '../shared/logger';
import { createDataSource } from './data-source';
import { RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';

export interface Database {
  dataSource: DataSource;
  /** Closes the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

/** Connects to DATABASE_URL (and its replicas), or starts the embedded PostgreSQL when none is configured; then migrates the primary. */
export async function openDatabase(config: Config): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, replicaUrls: config.databaseReplicaUrls, poolSize: config.databasePoolSize });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
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
