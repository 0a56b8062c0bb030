import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDataSource } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { AuditService } from '../../src/modules/audit/audit.service';
import { seedPublishedSources } from '../../src/seed/seed.service';
import { logger } from '../../src/shared/logger';
import { freePort } from '../helpers/free-port';
import { databaseUrl, TEMPLATE_DATABASE, withAdminClient } from './test-database';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The compiled build, as `npm run build` makes it (incremental: quick when nothing changed):
 * `npm start` and the runtime scripts run it, so the tests that spawn them do too.
 */
async function build(): Promise<void> {
  await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: ROOT });
}

/**
 * One real, throwaway PostgreSQL for the whole run, and the compiled build. A migrated and seeded
 * template database lets each test file clone its own database in milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  logger.level = 'silent';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-test-'));
  const built = build();
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false });
  const admin = new URL(postgres.url);
  admin.pathname = '/postgres';
  process.env.TEST_POSTGRES_ADMIN_URL = admin.toString();
  process.env.TEST_POSTGRES_DATA_DIR = dataDir;
  (globalThis as Record<string, unknown>).__testPostgres = postgres;

  await withAdminClient((client) => client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
  const template = createDataSource({ url: databaseUrl(TEMPLATE_DATABASE), poolSize: 2 });
  await template.initialize();
  await template.runMigrations();
  await seedPublishedSources(template, new AuditService(template));
  await template.destroy();
  await built;
}
