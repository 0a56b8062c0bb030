import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

/** Where benchmarks keep their own embedded cluster, apart from the real `.data/`. */
export const BENCH_DATA_DIR = '.data-bench';
export const BENCH_PG_PORT = 54339;

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

/**
 * The benchmark database: DATABASE_URL when set, else an embedded PostgreSQL in
 * `.data-bench/` on its own port, never the one `npm start` uses.
 */
export async function openBenchDatabase(options: { dataDir?: string; port?: number } = {}): Promise<BenchDatabase> {
  const configured = loadConfig().databaseUrl;
  if (configured) return { url: configured, close: async () => {} };
  const dataDir = path.resolve(options.dataDir ?? BENCH_DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  // Keeps the cluster out of git without touching the project's .gitignore.
  fs.writeFileSync(path.join(dataDir, '.gitignore'), '*\n');
  const postgres = await startEmbeddedPostgres({ dataDir, port: options.port ?? BENCH_PG_PORT });
  return { url: postgres.url, close: () => postgres.stop() };
}
