import http from 'node:http';
import { Client } from 'pg';
import { Role } from '../../src/modules/auth/caller';
import { authHeader, startTestApi, TestApi } from '../helpers/test-api';

/**
 * Exports against clients that never read: they run on connections of their own (at most
 * EXPORT_CONCURRENCY, 429 past that), so GraphQL and /readyz keep the request pool, and a
 * client that stops reading is cut off after EXPORT_WRITE_TIMEOUT_MS.
 */

// Far more than the socket buffers between Postgres and the client can hold, so a reader that stops stalls the COPY.
const FAT_EVENTS = 400;
const NOTE_BYTES = 256 * 1024;

/** Appends events with large notes after the head (not a valid chain: these tests read, never verify). */
async function appendFatEvents(api: TestApi): Promise<void> {
  // 100 MB in one statement, each line built by a trigger: more than the pool's 5 s on a busy machine.
  await api.db.transaction(async (manager) => {
    await manager.query('SET LOCAL statement_timeout = 0');
    await manager.query(
      `INSERT INTO audit_events (sequence, subject_type, subject_id, action, actor_sub, actor_role, version, note, prev_hash, hash)
     SELECT head + i, 'COMMITMENT', gen_random_uuid(), 'UPDATED', 'bulk-writer', 'ADMIN', 1, repeat(md5(i::text), $2 / 32),
            md5('p' || i) || md5('q' || i), md5('h' || i) || md5('k' || i)
     FROM generate_series(1, $1::int) i, (SELECT max(sequence) AS head FROM audit_events) h`,
      [FAT_EVENTS, NOTE_BYTES],
    );
  });
}

const exportUrl = (api: TestApi, query = '') => `${api.url.replace(/\/graphql$/, '')}/export/audit.ndjson${query}`;

interface Answer {
  status: number;
  retryAfter?: string;
  body?: any;
  request: http.ClientRequest;
}

/** Starts an export and never reads it; a refusal's body is read. */
function stalledExport(api: TestApi, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(exportUrl(api), { headers }, (response) => {
      const answer = { status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], request };
      if (answer.status === 200) return resolve(answer);
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ ...answer, body: JSON.parse(text) }));
    });
    request.on('error', reject);
  });
}

/** Watches the database from outside the server's pools, which these tests exhaust. */
async function copiesOf(
  api: TestApi,
): Promise<{ running: () => Promise<number>; blocked: () => Promise<number>; close: () => Promise<void> }> {
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  const count = async (condition: string) =>
    (
      await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (SELECT%' AND pid <> pg_backend_pid() ${condition}`,
      )
    ).rows[0].n as number;
  return {
    running: () => count(''),
    // Postgres waits to write to the API, which waits on the client.
    blocked: () => count(`AND wait_event = 'ClientWrite'`),
    close: () => client.end(),
  };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let auditor: Record<string, string>;
beforeAll(async () => {
  auditor = await authHeader({ sub: 'auditor-capacity', role: Role.AUDITOR });
});

describe('exports do not take the request pool (pool of 10, EXPORT_CONCURRENCY 2)', () => {
  let api: TestApi;
  let watch: Awaited<ReturnType<typeof copiesOf>>;
  const stalled: Answer[] = [];

  beforeAll(async () => {
    // A write timeout longer than the test, so the stalled exports hold on throughout.
    api = await startTestApi({ exports: { concurrency: 2, writeTimeoutMs: 300_000 } }, { poolSize: 10 });
    await appendFatEvents(api);
    watch = await copiesOf(api);
  }, 60_000);
  afterAll(async () => {
    for (const answer of stalled) answer.request.destroy();
    if (watch) {
      await until(async () => (await watch.running()) === 0, 'the abandoned exports end').finally(() => watch.close());
    }
    await api?.close();
  }, 60_000);

  it('ten exports never read: two run, eight get 429 with Retry-After; then twenty GraphQL queries and /readyz all answer', async () => {
    stalled.push(...(await Promise.all(Array.from({ length: 10 }, () => stalledExport(api, auditor)))));
    expect(stalled.map((answer) => answer.status).sort()).toEqual([200, 200, ...Array(8).fill(429)]);
    for (const refused of stalled.filter((answer) => answer.status === 429)) {
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.body.errors).toHaveLength(1);
      expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.retryAfter) });
    }
    // Both running exports are stuck on their clients, and stay so while the queries run.
    await until(async () => (await watch.blocked()) === 2, 'both exports wait on their clients');

    const queries = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(api.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ countries(first: 2) { totalCount edges { node { code } } } }' }),
          signal: AbortSignal.timeout(20_000),
        });
        return { status: response.status, body: (await response.json()) as any };
      }),
    );
    expect(queries.every(({ status, body }) => status === 200 && !body.errors && body.data.countries.totalCount === 13)).toBe(true);
    const ready = await fetch(`${api.url.replace(/\/graphql$/, '')}/readyz`, { signal: AbortSignal.timeout(20_000) });
    expect(ready.status).toBe(200);
    expect(await watch.running()).toBe(2);
  }, 90_000);
});

describe('a client that stops reading (EXPORT_WRITE_TIMEOUT_MS 2000, EXPORT_CONCURRENCY 1)', () => {
  let api: TestApi;
  let watch: Awaited<ReturnType<typeof copiesOf>>;

  beforeAll(async () => {
    api = await startTestApi({ exports: { concurrency: 1, writeTimeoutMs: 2_000 } });
    await appendFatEvents(api);
    watch = await copiesOf(api);
  }, 60_000);
  afterAll(async () => {
    await watch?.close();
    await api?.close();
  });

  it('is cut off, and its export connection serves the next export', async () => {
    const stalled = await stalledExport(api, auditor);
    try {
      expect(stalled.status).toBe(200);
      // Its one export connection is taken meanwhile.
      expect((await stalledExport(api, auditor)).status).toBe(429);
      await until(async () => (await watch.running()) === 0, 'the stalled export is cut off and its COPY ends');
    } finally {
      stalled.request.destroy();
    }
    const all = await fetch(exportUrl(api, '?actors=bulk-writer'), { headers: auditor, signal: AbortSignal.timeout(60_000) });
    expect(all.status).toBe(200);
    // Counted as it streams: holding 100 MB to split it would pause this reader for longer than the server waits for one.
    let lines = 0;
    for await (const chunk of all.body as unknown as AsyncIterable<Uint8Array>) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
    }
    expect(lines).toBe(FAT_EVENTS);
  }, 90_000);
});
