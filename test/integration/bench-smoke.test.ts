import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { runBench } from '../../bench/bench-run';
import { logger } from '../../src/shared/logger';
import { databaseUrl, withAdminClient } from '../setup/test-database';

/**
 * The benchmark at scale 0.01 with very short runs, so it cannot rot: every
 * workload must produce figures and the results files must be written. Nothing
 * here judges speed.
 */
describe('benchmark smoke run', () => {
  const name = `bench_${randomUUID().replace(/-/g, '')}`;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));

  beforeAll(async () => {
    logger.level = 'silent';
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  });

  afterAll(async () => {
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('measures every workload on the API and the floor and writes the results', async () => {
    const { results, files } = await runBench({
      databaseUrl: databaseUrl(name),
      scale: 0.01,
      duration: 1,
      connections: [10],
      exportSeconds: 0.5,
      warmUpRequests: 2,
      inProcess: true,
      outDir,
    });

    expect(results.workloads.map((w) => w.id)).toEqual(['W1', 'W2', 'W3', 'W4']);
    for (const workload of results.workloads) {
      expect(workload.runs).toHaveLength(2);
      for (const run of workload.runs)
        expect({ workload: workload.id, target: run.target, ok: run.requestsPerSecond > 0 }).toEqual({
          workload: workload.id,
          target: run.target,
          ok: true,
        });
    }
    expect(results.export.runs.map((r) => r.target)).toEqual(['api', 'floor']);
    for (const run of results.export.runs) expect(run.eventsPerSecond).toBeGreaterThan(0);
    expect(fs.existsSync(files!.json)).toBe(true);
    expect(JSON.parse(fs.readFileSync(files!.json, 'utf8')).scale).toBe(0.01);
    expect(fs.readFileSync(files!.markdown, 'utf8')).toContain('## W5');
  }, 120_000);

  it('refuses a database that holds non-synthetic data', async () => {
    const real = `bench_${randomUUID().replace(/-/g, '')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE ${real} TEMPLATE minerals_template`));
    try {
      await expect(
        runBench({ databaseUrl: databaseUrl(real), scale: 0.01, duration: 0.5, connections: [1], exportSeconds: 1 }),
      ).rejects.toThrow(/non-synthetic/);
    } finally {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${real} WITH (FORCE)`));
    }
  });
});
