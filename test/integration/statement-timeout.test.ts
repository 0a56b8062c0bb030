import { Client } from 'pg';
import { Role } from '../../src/modules/auth/caller';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, startTestApi, TestApi } from '../helpers/test-api';

/**
 * Every statement a request runs is bounded by STATEMENT_TIMEOUT_MS. A lock held
 * by another session makes a statement wait as long as the test wants, whatever
 * the machine's load, so the timeout is hit deterministically.
 */
const TIMEOUT_MS = 300;
const HOLD_MS = 2_000;

let api: TestApi;
let factory: Factory;
beforeAll(async () => {
  api = await startTestApi({}, { statementTimeoutMs: TIMEOUT_MS });
  factory = new Factory(api.db);
});
afterAll(() => api.close());

/** Takes a lock in a session of its own and releases it after `ms`; resolves once the lock is held. */
async function holdLock(sql: string, params: unknown[], ms: number): Promise<{ released: Promise<void> }> {
  const client = new Client({ connectionString: api.databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(sql, params);
  const released = new Promise<void>((resolve) => setTimeout(resolve, ms)).then(async () => {
    await client.query('ROLLBACK');
    await client.end();
  });
  return { released };
}

describe('statement timeout', () => {
  it('cancels a read that waits past STATEMENT_TIMEOUT_MS and answers QUERY_TIMEOUT, not INTERNAL_SERVER_ERROR', async () => {
    const lock = await holdLock('LOCK TABLE countries IN ACCESS EXCLUSIVE MODE', [], HOLD_MS);
    const response = await api.graphql('{ countries(first: 5) { totalCount edges { node { code } } } }');
    await lock.released;
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
    expect(response.body.errors?.[0].message).toMatch(/took too long and was cancelled/);
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|countries c|57014|statement timeout/i);
    // The pool's connections are fine afterwards.
    expect(dataOf(await api.graphql('{ countries(first: 1) { totalCount } }')).countries.totalCount).toBeGreaterThan(0);
  });

  it('answers QUERY_TIMEOUT the same way for a read compiled into one statement (src/planner)', async () => {
    const lock = await holdLock('LOCK TABLE countries IN ACCESS EXCLUSIVE MODE', [], HOLD_MS);
    const response = await api.graphql('{ countries(first: 5) { edges { node { code } } } }');
    await lock.released;
    expect(response.statements).toBe(1);
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|json_build_object|57014|statement timeout/i);
  });

  it('cancels a change that waits past it, writing nothing', async () => {
    const commitment = await factory.commitment({ status: 'ANNOUNCED' });
    const admin = await authHeader({ sub: 'timeout-admin', role: Role.ADMIN });
    const lock = await holdLock('SELECT 1 FROM commitments WHERE id = $1 FOR UPDATE', [commitment.id], HOLD_MS);
    const response = await api.graphql(
      'mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } } }',
      { input: { commitmentId: commitment.globalId, expectedVersion: 1, status: 'IN_PROGRESS' } },
      admin,
    );
    await lock.released;
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
    const [row] = await api.db.query('SELECT status, version FROM commitments WHERE id = $1', [commitment.id]);
    expect(row).toEqual({ status: 'ANNOUNCED', version: 1 });
  });

  it('bounds a request reading the audit trail, but not the audit export, which runs as long as the trail is', async () => {
    const auditor = await authHeader({ sub: 'timeout-auditor', role: Role.AUDITOR });
    const [{ events }] = await api.db.query('SELECT count(*)::int AS events FROM audit_events');
    // Both wait for this lock far longer than the request timeout.
    const lock = await holdLock('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE', [], HOLD_MS);
    const [request, exported] = await Promise.all([
      api.graphql('{ auditTrail(first: 1) { totalCount } }', undefined, auditor),
      fetch(api.url.replace(/\/graphql$/, '/export/audit.ndjson'), { headers: auditor }).then(async (response) => ({
        status: response.status,
        body: await response.text(),
      })),
    ]);
    await lock.released;
    expect(request.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
    expect(exported.status).toBe(200);
    expect(exported.body.trim().split('\n')).toHaveLength(events);
    // The export's connection went back to the pool with the request timeout restored: hold every connection at once.
    const settings = await Promise.all(
      Array.from({ length: 20 }, () => api.db.query(`SELECT current_setting('statement_timeout') AS value, pg_sleep(0.05)`)),
    );
    expect(new Set(settings.map(([row]) => row.value))).toEqual(new Set([`${TIMEOUT_MS}ms`]));
  });
});
