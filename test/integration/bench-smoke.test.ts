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

  it('verifies the API against PostGraphile, measures every workload on each server and writes the results', async () => {
    const { results, files } = await runBench({
      databaseUrl: databaseUrl(name),
      scale: 0.01,
      duration: 1,
      connections: [10],
      rounds: 1,
      exportSeconds: 5,
      warmUp: { requests: 2 },
      inProcess: true,
      outDir,
    });

    // Same rows in the same order from the API and PostGraphile, before anything was timed.
    expect(results.verified.map((v) => v.workload)).toEqual(['W1', 'W2', 'W2', 'W2', 'W2', 'W2', 'W3', 'W3d']);
    for (const check of results.verified) expect({ ...check, hasRows: check.rows > 0 }).toMatchObject({ equal: true, hasRows: true });
    expect(results.workloads.map((w) => w.id)).toEqual(['W1', 'W2', 'W3', 'W3d', 'W4']);
    expect(results.idle.map((i) => i.target)).toEqual(['api', 'postgraphile', 'floor']);
    for (const workload of results.workloads) {
      expect(workload.runs.map((r) => r.target).sort()).toEqual(workload.id === 'W4' ? ['api', 'floor'] : ['api', 'floor', 'postgraphile']);
      for (const run of workload.runs)
        expect({ workload: workload.id, target: run.target, ok: run.requestsPerSecond > 0 }).toEqual({
          workload: workload.id,
          target: run.target,
          ok: true,
        });
    }
    for (const row of results.summary.filter((r) => r.target === 'api' && r.workload !== 'W4'))
      expect(row.ratioToPostGraphile).toBeGreaterThan(0);
    expect(results.export.runs.map((r) => r.target)).toEqual(['api', 'floor']);
    for (const run of results.export.runs) expect(run.eventsPerSecond).toBeGreaterThan(0);
    expect(fs.existsSync(files!.json)).toBe(true);
    expect(JSON.parse(fs.readFileSync(files!.json, 'utf8')).scale).toBe(0.01);
    const markdown = fs.readFileSync(files!.markdown, 'utf8');
    expect(markdown).toContain('## Verify');
    expect(markdown).toContain('## W5');
    expect(markdown).toContain('after 2 requests of unrecorded warm-up on each server before each workload');
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
