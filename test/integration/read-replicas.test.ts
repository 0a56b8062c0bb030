import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import type { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { createDataSource } from '../../src/database/data-source';
import { AuditVerifier } from '../../src/modules/audit/audit-verifier';
import { AuditService } from '../../src/modules/audit/audit.service';
import { Role } from '../../src/modules/auth/caller';
import { seedPublishedSources } from '../../src/seed/seed.service';
import { ApiServer, startApiServer } from '../../src/server';
import { logger } from '../../src/shared/logger';
import { Factory } from '../helpers/factories';
import { freePort } from '../helpers/free-port';
import { startPostgresProcess } from '../helpers/postgres-process';
import { authHeader, dataOf, postGraphql, TEST_AUTH_SECRET, TEST_SETTINGS, TEST_SIGNER, TEST_TOKENS } from '../helpers/test-api';
import { listeningSubscriptions } from '../helpers/websocket';

/**
 * Read replicas for real: a second PostgreSQL kept in sync with the first by
 * logical replication. A country renamed on the replica alone shows which
 * server answered each read; pausing the subscription makes the replica lag.
 */

const SUBSCRIPTION = 'api_replica';
const PRIMARY_NAME = 'Primaryland';
const REPLICA_NAME = 'Replicaland';
const ADMIN = { sub: 'admin-replicas', role: Role.ADMIN } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Undone in reverse order in afterAll, however far beforeAll got.
const cleanups: (() => Promise<unknown>)[] = [];
let primary: DataSource;
let replica: DataSource;
let primaryUrl: string;
let replicaUrl: string;
let withReplica: ApiServer;
let primaryOnly: ApiServer;
let factory: Factory;

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** A throwaway cluster with the schema migrated; returns its URL and a connection to it. */
async function startCluster(postgresFlags: string[] = []): Promise<{ url: string; db: DataSource }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-replica-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const postgres = await startPostgresProcess({ dataDir, port: await freePort(), postgresFlags });
  cleanups.push(() => postgres.stop());
  const db = createDataSource({ url: postgres.url, poolSize: 2 });
  await db.initialize();
  cleanups.push(() => db.destroy());
  await db.runMigrations();
  return { url: postgres.url, db };
}

/** libpq's key=value form of a postgres:// URL, as CREATE SUBSCRIPTION wants it. */
function conninfo(url: string): string {
  const { hostname, port, pathname, username, password } = new URL(url);
  return `host=${hostname} port=${port} dbname=${pathname.slice(1)} user=${username} password=${password}`;
}

async function startApi(primaryUrl: string, replicaUrls: string[]): Promise<ApiServer> {
  const db = createDataSource({ url: primaryUrl, replicaUrls, poolSize: 4 });
  await db.initialize();
  cleanups.push(() => db.destroy());
  const server = await startApiServer({
    db,
    host: '127.0.0.1',
    port: 0,
    settings: TEST_SETTINGS,
    tokens: TEST_TOKENS,
    signer: TEST_SIGNER,
  });
  cleanups.push(() => server.stop());
  return server;
}

beforeAll(async () => {
  logger.level = 'silent';
  const publisher = await startCluster(['-c', 'wal_level=logical']);
  const subscriber = await startCluster();
  [primary, primaryUrl] = [publisher.db, publisher.url];
  [replica, replicaUrl] = [subscriber.db, subscriber.url];
  await seedPublishedSources(primary, new AuditService(primary));
  await primary.query('CREATE PUBLICATION api_tables FOR ALL TABLES');
  // The replica's own record of its migrations would collide with the primary's rows being copied.
  await replica.query('TRUNCATE typeorm_migrations');
  await replica.query(`CREATE SUBSCRIPTION ${SUBSCRIPTION} CONNECTION '${conninfo(primaryUrl)}' PUBLICATION api_tables`);
  cleanups.push(() => replica.query(`DROP SUBSCRIPTION ${SUBSCRIPTION}`));
  await until(
    async () => {
      const [tables] = await replica.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE srsubstate = 'r')::int AS ready FROM pg_subscription_rel`,
      );
      return tables.total > 0 && tables.ready === tables.total;
    },
    'every table is copied to the replica',
    120_000,
  );
  factory = new Factory(primary);
  withReplica = await startApi(primaryUrl, [replicaUrl]);
  primaryOnly = await startApi(primaryUrl, []);
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed', error));
}, 60_000);

/** A commitment of a new country, copied to the replica; there (only) the country gets another name. */
async function commitmentOnBoth(): Promise<{ id: string; globalId: string }> {
  const country = await factory.country({ name: PRIMARY_NAME });
  const commitment = await factory.commitment({ status: 'ANNOUNCED', partyIds: [country.id] });
  // Its history entry is written last, and the replica applies commits in order.
  await until(
    async () => (await replica.query('SELECT 1 FROM audit_events WHERE subject_id = $1', [commitment.id])).length > 0,
    'the commitment reaches the replica',
  );
  await replica.query('UPDATE countries SET name = $2 WHERE id = $1', [country.id, REPLICA_NAME]);
  return commitment;
}

/** Stops applying the primary's changes on the replica, and waits until nothing more is applied. */
async function pauseReplication(): Promise<void> {
  await replica.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION} DISABLE`);
  await until(
    async () =>
      (await replica.query('SELECT 1 FROM pg_stat_subscription WHERE subname = $1 AND pid IS NOT NULL', [SUBSCRIPTION])).length === 0,
    'the replica stops applying',
  );
}

const resumeReplication = () => replica.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION} ENABLE`);

const COMMITMENT = `query($id: ID!) { commitment(id: $id) { status version statusHistory(last: 1) { edges { node { toStatus } } } parties { country { name } } } }`;
const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) {
  changeCommitmentStatus(input: $input) { commitment { status version statusHistory(last: 1) { edges { node { toStatus } } } parties { country { name } } } }
}`;

const commitmentState = (status: string, version: number, countryName: string) => ({
  status,
  version,
  statusHistory: { edges: [{ node: { toStatus: status } }] },
  parties: [{ country: { name: countryName } }],
});

async function changeStatus(globalId: string, status: string) {
  return dataOf(
    await postGraphql(withReplica.url, CHANGE, { input: { commitmentId: globalId, expectedVersion: 1, status } }, await authHeader(ADMIN)),
  ).changeCommitmentStatus;
}

describe('with DATABASE_REPLICA_URLS', () => {
  it('serves queries, loaders included, from the replica and counts their statements as usual', async () => {
    const commitment = await commitmentOnBoth();
    const fromReplica = await postGraphql(withReplica.url, COMMITMENT, { id: commitment.globalId });
    const fromPrimary = await postGraphql(primaryOnly.url, COMMITMENT, { id: commitment.globalId });
    expect(dataOf(fromReplica).commitment).toEqual(commitmentState('ANNOUNCED', 1, REPLICA_NAME));
    expect(fromReplica.statements).toBeGreaterThan(0);
    expect(fromReplica.statements).toBe(fromPrimary.statements);
  });

  it('reads a mutation and its payload from the primary while the replica lags, then queries catch up', async () => {
    const commitment = await commitmentOnBoth();
    await pauseReplication();
    try {
      expect((await changeStatus(commitment.globalId, 'IN_PROGRESS')).commitment).toEqual(commitmentState('IN_PROGRESS', 2, PRIMARY_NAME));
      // A query right after still reads the replica, which has not seen the change.
      expect(dataOf(await postGraphql(withReplica.url, COMMITMENT, { id: commitment.globalId })).commitment).toEqual(
        commitmentState('ANNOUNCED', 1, REPLICA_NAME),
      );
    } finally {
      await resumeReplication();
    }
    const read = async () => dataOf(await postGraphql(withReplica.url, COMMITMENT, { id: commitment.globalId })).commitment;
    await until(async () => (await read()).version === 2, 'the replica applies the change');
    expect(await read()).toEqual(commitmentState('IN_PROGRESS', 2, REPLICA_NAME));
  });

  it('verifies the audit trail on the primary while auditTrail reads the replica', async () => {
    const commitment = await commitmentOnBoth();
    const [{ sequence }] = await primary.query('SELECT sequence FROM audit_events WHERE subject_id = $1', [commitment.id]);
    await replica.transaction(async (manager) => {
      // As a superuser could: the append-only triggers do not fire in the replication role.
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query('UPDATE audit_events SET note = $2 WHERE sequence = $1', [sequence, 'Rewritten on the replica']);
    });
    expect(await new AuditVerifier(replica).verify()).toMatchObject({ ok: false, firstBrokenSequence: sequence });

    const query = `query($id: ID!) { verifyAuditTrail { ok firstBrokenSequence } commitment(id: $id) { auditTrail { edges { node { sequence note } } } } }`;
    const data = dataOf(
      await postGraphql(
        withReplica.url,
        query,
        { id: commitment.globalId },
        await authHeader({ sub: 'auditor-replicas', role: Role.AUDITOR }),
      ),
    );
    expect(data.verifyAuditTrail).toEqual({ ok: true, firstBrokenSequence: null });
    expect(data.commitment.auditTrail.edges).toEqual([{ node: { sequence, note: 'Rewritten on the replica' } }]);
  });

  it('resolves subscription events on the primary, so an event never shows an older state than it announces', async () => {
    const commitment = await commitmentOnBoth();
    const client = createClient({ url: withReplica.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const events: unknown[] = [];
    const query = `subscription($ids: [ID!]) { commitmentStatusChanged(filter: { commitmentIds: $ids }) { commitment { status version parties { country { name } } } } }`;
    client.subscribe(
      { query, variables: { ids: [commitment.globalId] } },
      { next: (result) => events.push(result), error: () => undefined, complete: () => undefined },
    );
    try {
      await pauseReplication();
      // A change made before the feed has the subscriber would reach no one.
      await until(async () => (await listeningSubscriptions(withReplica.url)) >= 1, 'the subscription listens');
      await changeStatus(commitment.globalId, 'IN_PROGRESS');
      await until(async () => events.length > 0, 'the event arrives', 30_000);
    } finally {
      await resumeReplication();
      await client.dispose();
    }
    expect(events[0]).toEqual({
      data: {
        commitmentStatusChanged: { commitment: { status: 'IN_PROGRESS', version: 2, parties: [{ country: { name: PRIMARY_NAME } }] } },
      },
    });
  });
});

describe('the API process', () => {
  it('sends reads to the replicas named in DATABASE_REPLICA_URLS', async () => {
    const commitment = await commitmentOnBoth();
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: primaryUrl,
        DATABASE_REPLICA_URLS: replicaUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        SEED: 'false',
        AUTH_SECRET: TEST_AUTH_SECRET,
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        LOG_LEVEL: 'error',
        NODE_ENV: '',
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok === true, 'the API is ready');
      const response = await postGraphql(`http://127.0.0.1:${port}/graphql`, COMMITMENT, { id: commitment.globalId });
      expect(dataOf(response).commitment).toEqual(commitmentState('ANNOUNCED', 1, REPLICA_NAME));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('without DATABASE_REPLICA_URLS', () => {
  it('reads everything from the primary', async () => {
    const commitment = await commitmentOnBoth();
    expect(dataOf(await postGraphql(primaryOnly.url, COMMITMENT, { id: commitment.globalId })).commitment).toEqual(
      commitmentState('ANNOUNCED', 1, PRIMARY_NAME),
    );
  });
});
