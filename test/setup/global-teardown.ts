import fs from 'node:fs';
import type { RunningPostgres } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const postgres = (globalThis as Record<string, unknown>).__testPostgres as RunningPostgres | undefined;
  await postgres?.stop();
  const dataDir = process.env.TEST_POSTGRES_DATA_DIR;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
