import http from 'node:http';
import { startBenchServer } from '../../bench/servers';
import { insertSyntheticProjects } from '../helpers/iati';
import { startTestApi, TEST_AUTH_SECRET, TestApi } from '../helpers/test-api';

/**
 * GET /export/iati-activities.xml over 100,000 projects (each with organisations, a budget, two
 * transactions and a result with an indicator and a period): the server's memory stays flat,
 * as the audit export's does, because Postgres writes each activity and COPY streams them with
 * back-pressure. Measured in a server process of its own, as in production.
 */
const PROJECTS = 100_000;

describe('IATI export memory', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    const started = Date.now();
    await insertSyntheticProjects(api.db, PROJECTS);
    await api.db.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 0');
      await manager.query('ANALYZE');
    });
    console.info(`inserted ${PROJECTS} synthetic projects in ${Date.now() - started} ms`);
  }, 600_000);
  afterAll(() => api?.close());

  it('streams 100,000 activities with server RSS growth under 64 MB', async () => {
    const server = await startBenchServer('api', { databaseUrl: api.databaseUrl, authSecret: TEST_AUTH_SECRET });
    try {
      const startRss = (await server.memory()).rss;
      let peakRss = startRss;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peakRss = Math.max(peakRss, (await server.memory()).rss);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const started = Date.now();
      let activities = 0;
      let bytes = 0;
      let tail = '';
      try {
        await new Promise<void>((resolve, reject) => {
          http
            .get(`${server.url}/export/iati-activities.xml`, (response) => {
              if (response.statusCode !== 200) reject(new Error(`export answered ${response.statusCode}`));
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                bytes += Buffer.byteLength(chunk);
                const text = tail + chunk;
                activities += text.split('<iati-activity>').length - 1;
                tail = text.slice(-('<iati-activity>'.length - 1));
              });
              response.on('end', resolve);
              response.on('error', reject);
            })
            .on('error', reject);
        });
      } finally {
        sampling = false;
        await sampler;
      }
      const growthMb = (peakRss - startRss) / 1024 / 1024;
      console.info(
        `IATI export of ${activities} activities (${(bytes / 1024 / 1024).toFixed(1)} MB): ${Date.now() - started} ms; ` +
          `server RSS ${(startRss / 1024 / 1024).toFixed(0)} MB at start, peak growth ${growthMb.toFixed(1)} MB`,
      );
      expect(activities).toBe(PROJECTS);
      expect(growthMb).toBeLessThan(64);
    } finally {
      await server.stop();
    }
  }, 900_000);
});
