import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openBenchDatabase } from '../bench-database';
import { loadSyntheticDatabase } from '../synthetic-load';
import { logger } from '../../src/shared/logger';

const USAGE =
  'usage: npm run seed:synthetic -- [--scale 1] [--port 54339] [--data-dir .data-bench]   (DATABASE_URL overrides the embedded database)';

/** `npm run seed:synthetic`: fills the benchmark database with the deterministic synthetic data set. */
async function seedSynthetic(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: '1' }, port: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a positive number\n${USAGE}`);
  logger.level = 'warn';
  const database = await openBenchDatabase({ port: values.port ? Number(values.port) : undefined, dataDir: values['data-dir'] });
  try {
    await loadSyntheticDatabase({
      url: database.url,
      scale,
      progress: process.stdout.isTTY,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await database.close();
  }
}

seedSynthetic().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`seed:synthetic failed: ${error.message}\n`);
    process.exit(2);
  },
);
