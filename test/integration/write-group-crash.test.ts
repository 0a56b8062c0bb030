import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { Role } from '../../src/modules/auth/caller';
import { fromGlobalId } from '../../src/shared/global-id';
import { freePort } from '../helpers/free-port';
import { authHeader, postGraphql, TEST_AUTH_SECRET } from '../helpers/test-api';

/**
 * kill -9 of the API in the middle of a write group: the groups that committed are there
 * whole, the one in flight is gone whole, and the chain verifies. Row locks and a table lock
 * that the test holds decide where the writer stops, and its queue (GET /metrics) shows
 * who waits, so every group's members are known without relying on timing.
 */

const ROOT = path.join(__dirname, '..', '..');
const GROUP_SIZE = 4;
const CREATE = 'mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }';
const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) {
  commitment { status version } statusChange { sequence } } }`;

interface Api {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const spawned: ChildProcess[] = [];
const clients: Client[] = [];
let dataDir: string;

/** The server as `npm start` runs it, on the embedded database in `dataDir`, with groups of GROUP_SIZE changes. */
async function startApi(port: number, pgPort: number): Promise<Api> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      AUTH_SECRET: TEST_AUTH_SECRET,
      WRITE_GROUP_SIZE: String(GROUP_SIZE),
      // One group at a time, so that the queue shows who waits and every group's members are known.
      WRITE_GROUPS_IN_FLIGHT: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const api = { child, url: `http://127.0.0.1:${port}`, output: () => output };
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    return (await fetch(`${api.url}/healthz`).catch(() => undefined))?.ok === true;
  }, 'the API answers');
  return api;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function connect(pgPort: number): Promise<Client> {
  const client = new Client({ connectionString: `postgres://postgres:postgres@localhost:${pgPort}/critical_minerals` });
  await client.connect();
  clients.push(client);
  return client;
}

const waiting = async (api: Api) => Number(/^write_group_waiting (\d+)$/m.exec(await (await fetch(`${api.url}/metrics`)).text())?.[1]);
const lockWaits = async (sql: Client, on = '') =>
  Number(
    (await sql.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event ~ $1", [on])).rows[0].n,
  );

afterEach(async () => {
  for (const client of clients.splice(0)) await client.end().catch(() => undefined);
  for (const child of spawned.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('a kill -9 while a group is half applied leaves the committed groups whole, none of that group, and a chain that verifies', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-group-crash-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const first = await startApi(port, pgPort);
  const admin = await authHeader({ sub: 'crash-admin', role: Role.ADMIN });
  const ids: Record<string, string> = {};
  for (const name of ['X', 'A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'Y']) {
    const input = {
      title: `Crash ${name}`,
      kind: 'FUNDING',
      instrument: 'MOU',
      status: 'ANNOUNCED',
      parties: [{ countryCode: 'IN', role: 'LEAD' }],
    };
    const created = await postGraphql(`${first.url}/graphql`, CREATE, { input }, admin);
    ids[name] = created.body.data.createCommitment.commitment.id;
  }
  const sql = await connect(pgPort);
  const holdRow = async (name: string) => {
    const holder = await connect(pgPort);
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM commitments WHERE id = $1 FOR UPDATE', [fromGlobalId('Commitment', ids[name])]);
    return holder;
  };
  const change = (name: string) =>
    postGraphql(`${first.url}/graphql`, CHANGE, { input: { commitmentId: ids[name], expectedVersion: 1, status: 'IN_PROGRESS' } }, admin);
  const [holdingX, holdingY] = [await holdRow('X'), await holdRow('Y')];

  // Group 1 is X alone, stopped on X's row; A1..A4 then fill group 2; B1..B3 and Y group 3.
  const x = change('X');
  await until(async () => (await lockWaits(sql)) === 1, 'the writer waits for X');
  const as = ['A1', 'A2', 'A3', 'A4'].map(change);
  await until(async () => (await waiting(first)) === 4, 'A1..A4 queue');
  const bs = ['B1', 'B2', 'B3'].map((name) => change(name).catch((error: Error) => error));
  await until(async () => (await waiting(first)) === 7, 'B1..B3 queue');
  const y = change('Y').catch((error: Error) => error);
  await until(async () => (await waiting(first)) === 8, 'Y queues last');
  await holdingX.query('ROLLBACK');
  const acknowledged = await Promise.all([x, ...as]);
  expect(acknowledged.map((response) => response.body.errors ?? response.body.data.changeCommitmentStatus.commitment)).toEqual(
    acknowledged.map(() => ({ status: 'IN_PROGRESS', version: 2 })),
  );
  // Group 3 (B1..B3 and Y) waits for Y's row before it writes any of them.
  await until(async () => (await waiting(first)) === 0 && (await lockWaits(sql, '^(tuple|transactionid)$')) === 1, 'group 3 waits for Y');
  // With a table only the read of the states touches held, Y's row let go: the group writes all four and then waits at the
  // end of its writes, to read the states of their subjects. Its append, the one message that also commits, is still to come.
  await sql.query('BEGIN');
  await sql.query('LOCK TABLE commitment_minerals IN ACCESS EXCLUSIVE MODE');
  await holdingY.query('ROLLBACK');
  await until(async () => (await lockWaits(sql, '^relation$')) === 1, 'group 3 waits to read the states');
  // B1..B3 and Y are written, uncommitted: the group's transaction holds their rows.
  const free = await sql.query('SELECT id FROM commitments WHERE id = ANY($1) FOR UPDATE SKIP LOCKED', [
    ['B1', 'B2', 'B3', 'Y'].map((name) => fromGlobalId('Commitment', ids[name])),
  ]);
  expect(free.rows).toEqual([]);

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  await Promise.all([...bs, y]);
  for (const client of clients.splice(0)) await client.end();

  const second = await startApi(port, pgPort);
  const after = await connect(pgPort);
  const rows = await after.query(
    `SELECT c.title, c.status, c.version, c.updated_at AS "updatedAt",
       (SELECT count(*)::int FROM audit_events e WHERE e.subject_id IN (c.id, o.id)) AS events
     FROM commitments c JOIN obligations o ON o.commitment_id = c.id WHERE c.title LIKE 'Crash %' ORDER BY c.title`,
  );
  const state = Object.fromEntries(rows.rows.map((row) => [row.title.slice(6), `${row.status} v${row.version}, ${row.events} events`]));
  // Created: 2 events (commitment and obligation); changed: 2 more.
  expect(state).toEqual({
    X: 'IN_PROGRESS v2, 4 events',
    A1: 'IN_PROGRESS v2, 4 events',
    A2: 'IN_PROGRESS v2, 4 events',
    A3: 'IN_PROGRESS v2, 4 events',
    A4: 'IN_PROGRESS v2, 4 events',
    B1: 'ANNOUNCED v1, 2 events',
    B2: 'ANNOUNCED v1, 2 events',
    B3: 'ANNOUNCED v1, 2 events',
    Y: 'ANNOUNCED v1, 2 events',
  });
  // A1..A4 committed in one transaction (their rows carry its start time); X in one before it.
  const started = (names: string[]) =>
    new Set(rows.rows.filter((row) => names.includes(row.title.slice(6))).map((row) => row.updatedAt.getTime()));
  expect(started(['A1', 'A2', 'A3', 'A4']).size).toBe(1);
  expect(started(['X', 'A1']).size).toBe(2);
  const [{ count, max }] = (await after.query('SELECT count(*)::int AS count, max(sequence)::int AS max FROM audit_events')).rows;
  expect(max).toBe(count);
  const auditor = await authHeader({ sub: 'crash-auditor', role: Role.AUDITOR });
  const verified = await postGraphql(`${second.url}/graphql`, '{ verifyAuditTrail { ok checkedEvents } }', {}, auditor);
  expect(verified.body.data.verifyAuditTrail).toEqual({ ok: true, checkedEvents: count });
}, 300_000);
