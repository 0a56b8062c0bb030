import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBenchDatabase } from '../bench-database';
import { runBench } from '../bench-run';
import { renderMarkdown } from '../report';
import { logger } from '../../src/shared/logger';

const USAGE =
  'usage: npm run bench -- [--scale 1] [--duration 5] [--connections 10,50] [--rounds 3] [--export-seconds 10] [--out bench/results] [--workloads W1,W2,W3,W3d,W4,W5]';

/** `npm run bench`: seeds the bench database if needed, loads the API, PostGraphile and the floor, prints and writes the figures. */
async function bench(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '10,50' },
      rounds: { type: 'string', default: '3' },
      'export-seconds': { type: 'string', default: '10' },
      out: { type: 'string', default: path.join('bench', 'results') },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      workloads: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  const duration = Number(values.duration);
  const connections = values.connections.split(',').map(Number);
  const rounds = Number(values.rounds);
  if (!(scale > 0) || !(duration > 0) || connections.some((c) => !(c >= 1)) || !Number.isInteger(rounds) || rounds < 1)
    throw new Error(USAGE);
  logger.level = 'warn';
  const database = await openBenchDatabase({ port: values.port ? Number(values.port) : undefined, dataDir: values['data-dir'] });
  try {
    const { results, files } = await runBench({
      databaseUrl: database.url,
      scale,
      duration,
      connections,
      rounds,
      exportSeconds: Number(values['export-seconds']),
      progress: process.stdout.isTTY,
      log: (line) => process.stderr.write(`${line}\n`),
      outDir: values.out,
      workloads: values.workloads?.split(','),
    });
    process.stdout.write(renderMarkdown(results));
    process.stdout.write(`\nwritten: ${files?.json}, ${files?.markdown}\n`);
  } finally {
    await database.close();
  }
}

bench().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(2);
  },
);
