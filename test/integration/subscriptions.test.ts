import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { logger } from '../../src/shared/logger';
import { Factory } from '../helpers/factories';
import { freePort } from '../helpers/free-port';
import { authHeader, dataOf, startTestApi, TEST_AUTH_SECRET, TestApi } from '../helpers/test-api';
import { listeningSubscriptions, overWebSocket } from '../helpers/websocket';

const ROOT = path.join(__dirname, '..', '..');
const ADMIN = { sub: 'admin-live', role: Role.ADMIN } as const;

let writer: TestApi;
let replica: ChildProcess;
let replicaUrl: string;
let factory: Factory;
const clients: Client[] = [];
const METRICS_TOKEN = 'metrics-token-for-the-subscriptions-test';
/** Subscriptions this file opened; none ends before the file does. */
let opened = 0;

/** The second API process: the real server, on the same database, with the same token secret. */
async function startReplica(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED: 'false',
      AUTH_SECRET: TEST_AUTH_SECRET,
      AUDIT_SIGNING_KEY: signingKey,
      LOG_LEVEL: 'error',
      NODE_ENV: '',
      METRICS_TOKEN,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // A cold node process beside busy neighbours can take a while.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, url: `ws://127.0.0.1:${port}/graphql` };
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('replica did not start');
}

beforeAll(async () => {
  writer = await startTestApi();
  factory = new Factory(writer.db);
  const started = await startReplica(writer.databaseUrl);
  replica = started.child;
  replicaUrl = started.url;
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  replica?.kill('SIGTERM');
  await new Promise((resolve) => replica?.once('exit', resolve));
  await writer.close();
});

function connect(authorization?: string): Client {
  const client = createClient({
    url: replicaUrl,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(client);
  return client;
}

/** Subscribes and collects what arrives; resolves `ready` once the server acknowledged the subscription. */
function collect(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: { at: number; data?: any; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[] = [];
  opened += 1;
  client.subscribe(
    { query, variables },
    {
      next: (result) => received.push({ at: Date.now(), data: result.data, errors: result.errors as never }),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return received;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const SUBSCRIPTION = `subscription($filter: CommitmentStatusChangedFilter) {
  commitmentStatusChanged(filter: $filter) {
    commitment { id title status version parties { country { code } } }
    statusChange { id fromStatus toStatus version actor { sub role country { code } } }
  }
}`;

const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } statusChange { id } } }`;

async function change(commitmentId: string, expectedVersion: number, status: string, note?: string) {
  return dataOf(await writer.graphql(CHANGE, { input: { commitmentId, expectedVersion, status, note } }, await authHeader(ADMIN)));
}

/** Until every subscription opened so far listens on the replica: a change made before then would reach none. */
const settle = () => until(async () => (await listeningSubscriptions(replicaUrl, METRICS_TOKEN)) >= opened, 30_000);

/** Lets a delivery that should not come have its chance to arrive. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('commitmentStatusChanged across API processes', () => {
  it('delivers a change made through one process to a subscriber of another within 1 s', async () => {
    const country = await factory.country();
    const commitment = await factory.commitment({ title: 'Live one', status: 'ANNOUNCED', partyIds: [country.id] });
    const received = collect(connect(), SUBSCRIPTION, { filter: { commitmentIds: [commitment.globalId] } });
    await settle();
    const sentAt = Date.now();
    const { changeCommitmentStatus } = await change(commitment.globalId, 1, 'IN_PROGRESS');
    await until(() => received.length > 0, 1000);
    const latency = received[0].at - sentAt;
    console.info(`status change delivered across processes in ${latency} ms`);
    expect(latency).toBeLessThan(1000);
    expect(received[0].data.commitmentStatusChanged).toEqual({
      commitment: {
        id: commitment.globalId,
        title: 'Live one',
        status: 'IN_PROGRESS',
        version: 2,
        parties: [{ country: { code: country.code } }],
      },
      // An anonymous subscriber: who made the change is not public, its role is; the id is the mutation's, so a cache merges the two.
      statusChange: {
        id: changeCommitmentStatus.statusChange.id,
        fromStatus: 'ANNOUNCED',
        toStatus: 'IN_PROGRESS',
        version: 2,
        actor: { sub: null, role: 'ADMIN', country: null },
      },
    });
  });

  it('sends a subscriber filtered to one country nothing about others', async () => {
    const [mine, other] = [await factory.country(), await factory.country()];
    const elsewhere = await factory.commitment({ status: 'ANNOUNCED', partyIds: [other.id] });
    const here = await factory.commitment({ status: 'ANNOUNCED', partyIds: [mine.id] });
    const received = collect(connect(), SUBSCRIPTION, { filter: { countryCodes: [mine.code] } });
    await settle();
    await change(elsewhere.globalId, 1, 'IN_PROGRESS');
    await change(here.globalId, 1, 'DELAYED', 'Waiting for permits');
    await until(() => received.length > 0, 10_000);
    await pause();
    expect(received.map((event) => event.data.commitmentStatusChanged.commitment.id)).toEqual([here.globalId]);
  });

  it('delivers a change whose note and evidence URL fill their documented limits, past the 8000 bytes a notification holds', async () => {
    const commitment = await factory.commitment({ status: 'ANNOUNCED' });
    const query = `subscription($filter: CommitmentStatusChangedFilter) { commitmentStatusChanged(filter: $filter) { statusChange { toStatus note evidenceUrl } } }`;
    const received = collect(connect(), query, { filter: { commitmentIds: [commitment.globalId] } });
    await settle();
    // 2000 three-byte characters and a 1,900-character URL: about 8 kB of text alone.
    const note = '€'.repeat(2000);
    const evidenceUrl = `https://example.org/${'e'.repeat(1880)}`;
    const response = await writer.graphql(
      CHANGE,
      { input: { commitmentId: commitment.globalId, expectedVersion: 1, status: 'IN_PROGRESS', note, evidenceUrl } },
      await authHeader(ADMIN),
    );
    expect(response.body.errors).toBeUndefined();
    await until(() => received.length > 0, 10_000);
    expect(received[0].data.commitmentStatusChanged.statusChange).toEqual({ toStatus: 'IN_PROGRESS', note, evidenceUrl });
  });

  it('gives an unauthenticated subscriber only what the public may read', async () => {
    const commitment = await factory.commitment({ status: 'ANNOUNCED' });
    const query = `subscription($filter: CommitmentStatusChangedFilter) { commitmentStatusChanged(filter: $filter) { statusChange { toStatus } commitment { auditTrail { totalCount } } } }`;
    const anonymous = collect(connect(), query, { filter: { commitmentIds: [commitment.globalId] } });
    const auditor = collect(connect((await authHeader({ sub: 'auditor-live', role: Role.AUDITOR })).authorization), query, {
      filter: { commitmentIds: [commitment.globalId] },
    });
    await settle();
    await change(commitment.globalId, 1, 'IN_PROGRESS');
    await until(() => anonymous.length > 0 && auditor.length > 0, 10_000);
    expect(anonymous[0].data.commitmentStatusChanged.statusChange).toEqual({ toStatus: 'IN_PROGRESS' });
    expect(anonymous[0].data.commitmentStatusChanged.commitment.auditTrail).toBeNull();
    expect(anonymous[0].errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(auditor[0].data.commitmentStatusChanged.commitment.auditTrail.totalCount).toBe(2);
    expect(auditor[0].errors).toBeUndefined();
  });

  it("names who made a change only to an AUDITOR, an ADMIN or a PARTNER of the actor's country", async () => {
    const [mine, other] = [await factory.country(), await factory.country()];
    const commitment = await factory.commitment({ status: 'ANNOUNCED', partyIds: [mine.id] });
    const query = `subscription($filter: CommitmentStatusChangedFilter) { commitmentStatusChanged(filter: $filter) { statusChange { actor { sub role country { code } } } } }`;
    const subscriber = async (claims?: TokenClaims) =>
      collect(connect(claims && (await authHeader(claims)).authorization), query, { filter: { commitmentIds: [commitment.globalId] } });
    const received = {
      public: await subscriber(),
      sameCountry: await subscriber({ sub: 'colleague-live', role: Role.PARTNER, country: mine.code }),
      otherCountry: await subscriber({ sub: 'stranger-live', role: Role.PARTNER, country: other.code }),
      auditor: await subscriber({ sub: 'auditor-live', role: Role.AUDITOR }),
    };
    await settle();
    const partner = await authHeader({ sub: 'partner-live@example.gov', role: Role.PARTNER, country: mine.code });
    dataOf(
      await writer.graphql(CHANGE, { input: { commitmentId: commitment.globalId, expectedVersion: 1, status: 'IN_PROGRESS' } }, partner),
    );
    await until(() => Object.values(received).every((events) => events.length > 0), 10_000);
    const actorSeenBy = Object.fromEntries(
      Object.entries(received).map(([who, events]) => [who, events[0].data.commitmentStatusChanged.statusChange.actor.sub]),
    );
    expect(actorSeenBy).toEqual({
      public: null,
      sameCountry: 'partner-live@example.gov',
      otherCountry: null,
      auditor: 'partner-live@example.gov',
    });
    expect(received.public[0].data.commitmentStatusChanged.statusChange.actor).toEqual({
      sub: null,
      role: 'PARTNER',
      country: { code: mine.code },
    });
  });

  it('refuses a connection whose token is bad', async () => {
    const client = createClient({
      url: replicaUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer not-a-token' },
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    client.subscribe({ query: SUBSCRIPTION }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    expect(await closed).toBe(4403);
  });
});

describe('a subscription the server cannot start', () => {
  // The codes the same mistakes get over HTTP (parse, validation, variables).
  it.each([
    ['a syntax error', 'GRAPHQL_PARSE_FAILED', 'subscription { commitmentStatusChanged {', undefined],
    ['an unknown field', 'GRAPHQL_VALIDATION_FAILED', 'subscription { commitmentStatusChanged { nope } }', undefined],
    ['a variable of the wrong type', 'BAD_USER_INPUT', SUBSCRIPTION, { filter: { countryCodes: 7, commitmentIds: { a: 1 } } }],
    ['an unknown input field in a variable', 'BAD_USER_INPUT', SUBSCRIPTION, { filter: { nope: true } }],
  ])('answers %s with %s over WebSocket, and logs it below warning level', async (_what, code, query, variables) => {
    // The in-process server: its logger is this one.
    const error = jest.spyOn(logger, 'error');
    const warn = jest.spyOn(logger, 'warn');
    try {
      const result = await overWebSocket(writer, query, variables);
      expect(result.errors?.[0].extensions?.code).toBe(code);
      expect(error).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
  });
});
