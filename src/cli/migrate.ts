import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { logger } from '../shared/logger';

/** `npm run migrate`: applies pending migrations (openDatabase does) and exits. */
async function migrate(): Promise<void> {
  const database = await openDatabase(loadConfig());
  await database.close();
  logger.info('database is up to date');
}

migrate().catch((error) => {
  logger.fatal({ err: error }, 'migration failed');
  process.exit(1);
});
