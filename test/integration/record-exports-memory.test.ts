import http from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BenchServer, startBenchServer } from '../../bench/servers';
import { Factory } from '../helpers/factories';
import { TEST_AUTH_SECRET, useTestApi } from '../helpers/test-api';

/**
 * The analyst exports stream: 100,000 commitments, projects and transactions, each export read in full
 * from a server in a process of its own (as in production), whose RSS must not grow by 64 MB.
 */
const ROWS = 100_000;
const LIMIT_MB = 64;

const api = useTestApi();
let server: BenchServer;
/** The country every bulk row names, to export exactly the bulk rows. */
let bulkCountry: string;

/** Rows written by SQL, not one by one: the exports only read them. */
async function insertBulkRows() {
  const factory = new Factory(api.db);
  const [country, mineral] = [await factory.country(), await factory.mineral()];
  bulkCountry = country.code;
  await api.db.transaction(async (manager) => {
    const bulk = (sql: string, params: unknown[] = []) => manager.query(sql, params);
    // The pool's per-statement limit is for requests, not for loading 100,000 rows.
    await bulk('SET LOCAL statement_timeout = 0');
    await bulk(
      `INSERT INTO commitments (title, description, kind, instrument, status, amount, currency, target_on)
       SELECT 'Bulk commitment ' || g, 'A synthetic commitment, row ' || g || ', "quoted", with a comma', 'FUNDING', 'STATEMENT',
              'ANNOUNCED', g * 1000 + 0.25, 'USD', date '2030-01-01' + g % 365
       FROM generate_series(1, ${ROWS}) g`,
    );
    await bulk(
      `INSERT INTO commitment_parties (commitment_id, country_id, role) SELECT id, $1, 'LEAD' FROM commitments WHERE title LIKE 'Bulk %'`,
      [country.id],
    );
    await bulk(`INSERT INTO commitment_minerals (commitment_id, mineral_id) SELECT id, $1 FROM commitments WHERE title LIKE 'Bulk %'`, [
      mineral.id,
    ]);
    await bulk(
      `INSERT INTO projects (name, description, kind, status, budget_amount, budget_currency, ends_on)
       SELECT '=Bulk project ' || g, 'A synthetic project, row ' || g, 'RECYCLING', 'PIPELINE', g * 500 + 0.5, 'EUR', date '2031-01-01' + g % 365
       FROM generate_series(1, ${ROWS}) g`,
    );
    await bulk(
      `INSERT INTO project_participants (project_id, country_id, role, reporting) SELECT id, $1, 'LEAD', true FROM projects WHERE name LIKE '=Bulk %'`,
      [country.id],
    );
    // Transactions are append-only; a bulk INSERT is still an insert.
    await bulk(
      `WITH bulk AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM projects WHERE name LIKE '=Bulk %' LIMIT 1000)
       INSERT INTO transactions (project_id, transaction_type, transaction_date, value, currency, value_date, receiver_narrative, description)
       SELECT bulk.id, '3', date '2030-01-01' + g % 365, g * 10 + 0.05, 'EUR', date '2030-01-01' + g % 365, 'Receiver ' || g, '-Bulk disbursement ' || g
       FROM generate_series(1, ${ROWS}) g JOIN bulk ON bulk.n = g % 1000 + 1`,
    );
    await bulk('ANALYZE commitments, commitment_parties, commitment_minerals, projects, project_participants, transactions');
  });
}

// Generous: on a busy machine the indexes (full-text ones included) make 300,000 inserts take minutes.
beforeAll(async () => {
  const started = Date.now();
  await insertBulkRows();
  console.info(`inserted ${ROWS} commitments, projects and transactions each in ${Date.now() - started} ms`);
}, 600_000);

beforeAll(async () => {
  server = await startBenchServer('api', { databaseUrl: api.databaseUrl, authSecret: TEST_AUTH_SECRET });
}, 120_000);

afterAll(() => server?.stop());

/** Reads the whole export, counting its lines, while sampling the server's RSS every 20 ms from just before the request. */
async function measure(path: string) {
  const startRss = (await server.memory()).rss;
  let peakRss = startRss;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, (await server.memory()).rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let lines = 0;
  let bytes = 0;
  const count = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
      done();
    },
  });
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${server.url}/export/${path}`, (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            return reject(new Error(`${path} answered ${response.statusCode}`));
          }
          pipeline(response, count).then(resolve, reject);
        })
        .on('error', reject);
    });
  } finally {
    sampling = false;
    await sampler;
  }
  peakRss = Math.max(peakRss, (await server.memory()).rss);
  return { lines, bytes, elapsed: Date.now() - started, growthMb: (peakRss - startRss) / 1024 / 1024 };
}

it.each(['commitments.jsonl', 'commitments.csv', 'projects.jsonl', 'projects.csv', 'transactions.jsonl', 'transactions.csv'])(
  'GET /export/%s streams 100,000 rows with flat server memory',
  async (file) => {
    const measured = await measure(`${file}?countryCodes=${bulkCountry}`);
    console.info(
      `${file}: ${ROWS} rows, ${(measured.bytes / 1024 / 1024).toFixed(1)} MB in ${measured.elapsed} ms ` +
        `(${Math.round((ROWS * 1000) / measured.elapsed)} rows/s), server RSS growth ${measured.growthMb.toFixed(1)} MB`,
    );
    // One line per record; CSV adds its header row (no bulk value holds a line break).
    expect(measured.lines).toBe(file.endsWith('.csv') ? ROWS + 1 : ROWS);
    expect(measured.growthMb).toBeLessThan(LIMIT_MB);
  },
  180_000,
);
