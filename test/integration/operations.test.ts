import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { Role } from '../../src/modules/auth/caller';
import { logger } from '../../src/shared/logger';
import { authHeader, dataOf, startTestApi, TEST_TOKENS, TestApi } from '../helpers/test-api';
import { listeningSubscriptions } from '../helpers/websocket';
import { withAdminClient } from '../setup/test-database';

/** What operators rely on: health and readiness, Prometheus metrics, rate limits and one log line per request. */

const baseUrl = (api: TestApi) => api.url.replace(/\/graphql$/, '');

async function metricsText(api: TestApi): Promise<string> {
  const response = await fetch(`${baseUrl(api)}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one sample, e.g. sample(text, 'graphql_errors_total', { code: 'BAD_USER_INPUT' }); undefined if absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('health', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('GET /healthz answers 200', async () => {
    const response = await fetch(`${baseUrl(api)}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database answers and every migration is applied', async () => {
    const response = await fetch(`${baseUrl(api)}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('GET /readyz answers 503 while a migration is pending', async () => {
    const [last] = await api.db.query('SELECT id, timestamp, name FROM typeorm_migrations ORDER BY timestamp DESC LIMIT 1');
    await api.db.query('DELETE FROM typeorm_migrations WHERE id = $1', [last.id]);
    try {
      const response = await fetch(`${baseUrl(api)}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', reason: 'migrations pending' });
    } finally {
      await api.db.query('INSERT INTO typeorm_migrations (id, timestamp, name) VALUES ($1, $2, $3)', [last.id, last.timestamp, last.name]);
    }
    expect((await fetch(`${baseUrl(api)}/readyz`)).status).toBe(200);
  });

  it('GET /readyz answers 503 within READINESS_TIMEOUT_MS while the request pool has no free connection, and 200 once one is free', async () => {
    const exhausted = await startTestApi({ readinessTimeoutMs: 500 }, { poolSize: 2 });
    const held = [exhausted.db.createQueryRunner(), exhausted.db.createQueryRunner()];
    try {
      for (const runner of held) await runner.connect();
      const response = await fetch(`${baseUrl(exhausted)}/readyz`, { signal: AbortSignal.timeout(20_000) });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', reason: expect.stringMatching(/within 500 ms \(pool exhausted/) });
      expect((await fetch(`${baseUrl(exhausted)}/healthz`)).status).toBe(200);
      for (const runner of held) await runner.release();
      // The 500 ms bound is the check's own; a busy machine may need more than one try to meet it.
      let status = 0;
      for (const deadline = Date.now() + 30_000; status !== 200 && Date.now() < deadline; ) {
        status = (await fetch(`${baseUrl(exhausted)}/readyz`, { signal: AbortSignal.timeout(20_000) })).status;
      }
      expect(status).toBe(200);
    } finally {
      for (const runner of held) if (!runner.isReleased) await runner.release();
      await exhausted.close();
    }
  });

  it('GET /readyz answers 503 when the database is unreachable, while /healthz stays 200', async () => {
    const broken = await startTestApi();
    const database = new URL(broken.databaseUrl).pathname.slice(1);
    try {
      expect((await fetch(`${baseUrl(broken)}/readyz`)).status).toBe(200);
      await broken.db.destroy();
      const response = await fetch(`${baseUrl(broken)}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
      expect((await fetch(`${baseUrl(broken)}/healthz`)).status).toBe(200);
    } finally {
      // The end of this server: stop it and drop its database (close() would destroy the pool again).
      await broken.server.stop();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    }
  });
});

describe('GET /metrics', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ metricsOperationNames: ['CountryNames', 'TooBig'] });
  });
  afterAll(() => api.close());

  it('counts requests by operation name and outcome, with their duration', async () => {
    const before = await metricsText(api);
    expect(sample(before, 'graphql_requests_total', { operation: 'CountryNames' })).toBeUndefined();
    for (let i = 0; i < 3; i++) dataOf(await api.graphql('query CountryNames { countries(first: 2) { edges { node { name } } } }'));
    dataOf(await api.graphql('{ minerals { edges { node { code } } } }'));

    const text = await metricsText(api);
    expect(text).toContain('# TYPE graphql_requests_total counter');
    expect(sample(text, 'graphql_requests_total', { operation: 'CountryNames', outcome: 'ok' })).toBe(3);
    expect(sample(text, 'graphql_requests_total', { operation: 'anonymous', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE graphql_request_duration_seconds histogram');
    expect(sample(text, 'graphql_request_duration_seconds_count', { operation: 'CountryNames' })).toBe(3);
    expect(sample(text, 'graphql_request_duration_seconds_bucket', { operation: 'CountryNames', le: '+Inf' })).toBe(3);
    expect(sample(text, 'graphql_request_duration_seconds_sum', { operation: 'CountryNames' })).toBeGreaterThan(0);
  });

  it('labels only the configured operation names: any other is `other`, so random names add no series', async () => {
    const operationSeries = (text: string) => text.split('\n').filter((line) => /^graphql_request\w+\{.*operation="/.test(line)).length;
    const batchOfRandomNames = () =>
      Array.from({ length: 10 }, () => ({ query: `query Op_${randomUUID().replace(/-/g, '')} { __typename }` }));
    const post = (body: unknown) =>
      fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // One unknown name first, so the `other` series exist before counting.
    expect((await post(batchOfRandomNames())).status).toBe(200);
    const before = await metricsText(api);
    const otherBefore = sample(before, 'graphql_requests_total', { operation: 'other', outcome: 'ok' })!;
    expect(otherBefore).toBeGreaterThanOrEqual(10);

    for (let i = 0; i < 50; i++) expect((await post(batchOfRandomNames())).status).toBe(200);
    const after = await metricsText(api);
    expect(operationSeries(after)).toBe(operationSeries(before));
    expect(after).not.toMatch(/operation="Op_/);
    expect(sample(after, 'graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(otherBefore + 500);
  });

  it('counts errors by code', async () => {
    const before = sample(await metricsText(api), 'graphql_errors_total', { code: 'BAD_USER_INPUT' }) ?? 0;
    const response = await api.graphql('query TooBig { countries(first: 101) { totalCount } }');
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await api.graphql('{ countries { nope } }');
    const text = await metricsText(api);
    expect(sample(text, 'graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(before + 1);
    expect(sample(text, 'graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'graphql_requests_total', { operation: 'TooBig', outcome: 'error' })).toBe(1);
  });

  it('observes SQL statements per request', async () => {
    const before = await metricsText(api);
    const count = sample(before, 'sql_statements_per_request_count') ?? 0;
    const sum = sample(before, 'sql_statements_per_request_sum') ?? 0;
    const response = await api.graphql(
      '{ countries(first: 3) { totalCount edges { node { name commitments(first: 2) { totalCount } } } } }',
    );
    dataOf(response);
    expect(response.statements).toBeGreaterThan(0);
    const text = await metricsText(api);
    expect(text).toContain('# TYPE sql_statements_per_request histogram');
    expect(sample(text, 'sql_statements_per_request_count')).toBe(count + 1);
    expect(sample(text, 'sql_statements_per_request_sum')).toBe(sum + response.statements);
  });

  it('reports the database pool by state, and default process metrics', async () => {
    const text = await metricsText(api);
    expect(text).toContain('# TYPE db_pool_connections gauge');
    const total = sample(text, 'db_pool_connections', { state: 'total' });
    const idle = sample(text, 'db_pool_connections', { state: 'idle' });
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeLessThanOrEqual(total!);
    expect(sample(text, 'db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  // Ended while waiting for a message: one that matches none (the filter) must stop listening all the same.
  it('reports the subscriptions to status changes listening in the process, up while one runs and down once it ends or its socket closes', async () => {
    const listening = () => listeningSubscriptions(api.url);
    const until = async (check: (count: number | undefined) => boolean) => {
      for (const deadline = Date.now() + 30_000; !check(await listening()); await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() > deadline) throw new Error(`status_feed_subscribers stayed ${await listening()}`);
    };
    expect(await listening()).toBe(0);
    const client = createClient({ url: api.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const subscribe = () =>
      client.subscribe(
        { query: 'subscription { commitmentStatusChanged(filter: { countryCodes: ["ZZ"] }) { statusChange { toStatus } } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    try {
      const stop = subscribe();
      await until((count) => count === 1);
      stop();
      await until((count) => count === 0);
      subscribe();
      subscribe();
      await until((count) => count === 2);
    } finally {
      await client.dispose();
    }
    await until((count) => count === 0);
  });
});

describe('rate limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ rateLimit: { perToken: 3, perIp: 5, windowSeconds: 60 } });
  });
  afterAll(() => api.close());

  const QUERY = '{ minerals { edges { node { code } } } }';

  it('refuses the 6th anonymous request from one IP with 429 RATE_LIMITED and retry-after; a token has its own budget', async () => {
    for (let i = 0; i < 5; i++) dataOf(await api.graphql(QUERY));

    const refused = await api.graphql(QUERY);
    expect(refused.status).toBe(429);
    const [error] = refused.body.errors!;
    expect(error.extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect(error.message).toMatch(/Too many requests/);
    // Refused before anything ran.
    expect(refused.statements).toBe(0);
    expect(refused.body.data).toBeUndefined();

    // The same IP with a token spends from the token's budget.
    const token = await authHeader({ sub: 'rate-limited-auditor', role: Role.AUDITOR });
    for (let i = 0; i < 3; i++) dataOf(await api.graphql(QUERY, undefined, token));
    const tokenRefused = await api.graphql(QUERY, undefined, token);
    expect(tokenRefused.status).toBe(429);
    expect(tokenRefused.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');

    // Another token has a budget of its own.
    dataOf(await api.graphql(QUERY, undefined, await authHeader({ sub: 'another-auditor', role: Role.AUDITOR })));
    // Health and metrics are never rate limited.
    expect((await fetch(`${baseUrl(api)}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl(api)}/metrics`)).status).toBe(200);
  });

  it('spends the same budget over WebSocket: opening a connection and each subscription count; the spent budget refuses with RATE_LIMITED', async () => {
    const token = await authHeader({ sub: 'ws-rate-limited', role: Role.AUDITOR });
    const url = api.url.replace(/^http/, 'ws');
    // One connection throughout: reconnecting would spend again.
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: token,
      retryAttempts: 0,
      lazy: true,
      lazyCloseTimeout: 60_000,
    });
    const SUBSCRIBE = '{ commitmentStatusChanged { statusChange { toStatus } } }';
    const listening = () => listeningSubscriptions(api.url);
    const before = await listening();
    let running = 0;
    // Resolves with the errors the server answered a subscription with, or [] once it was accepted and listens.
    const subscribe = () =>
      new Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>((resolve, reject) => {
        let answered = false;
        client.subscribe(
          { query: `subscription ${SUBSCRIBE}` },
          {
            next: () => undefined,
            error: (errors) => {
              answered = true;
              resolve(errors as never);
            },
            complete: () => undefined,
          },
        );
        void (async () => {
          for (const deadline = Date.now() + 30_000; !answered; await new Promise((r) => setTimeout(r, 20))) {
            if ((await listening()) > before + running) {
              running += 1;
              return resolve([]);
            }
            if (Date.now() > deadline) return reject(new Error('the subscription was neither refused nor listening'));
          }
        })();
      });
    try {
      // Budget 3: the connection, then two subscriptions.
      expect(await subscribe()).toEqual([]);
      expect(await subscribe()).toEqual([]);
      const [refused] = await subscribe();
      expect(refused.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(refused.message).toMatch(/Too many requests/);
      // HTTP spends from the same budget.
      expect((await api.graphql(QUERY, undefined, token)).status).toBe(429);
    } finally {
      await client.dispose();
    }
  });

  it('spends one unit per operation of a batch, and refuses a batch larger than what is left with 429 RATE_LIMITED', async () => {
    const limited = await startTestApi({ rateLimit: { perToken: 1_000, perIp: 12, windowSeconds: 60 } });
    const batch = (size: number) =>
      fetch(limited.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: size }, () => ({ query: QUERY }))),
      });
    try {
      const ten = await batch(10);
      expect(ten.status).toBe(200);
      expect(((await ten.json()) as any[]).every((result) => result.data.minerals.edges.length > 0)).toBe(true);
      // 10 of 12 spent: one more request fits, a batch of two more than the last unit does not.
      dataOf(await limited.graphql(QUERY));
      const refused = await batch(2);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('x-sql-statements'))).toBe(0);
      const body = (await refused.json()) as any;
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(body.data).toBeUndefined();
    } finally {
      await limited.close();
    }
  });

  it('does not let made-up bearer tokens escape the IP budget', async () => {
    const limited = await startTestApi({ rateLimit: { perToken: 3, perIp: 5, windowSeconds: 60 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await limited.graphql(QUERY, undefined, { authorization: `Bearer made-up-${randomUUID()}` })).status);
      expect(statuses).toContain(429);
    } finally {
      await limited.close();
    }
  });
});

describe('request logs', () => {
  let api: TestApi;
  const lines: string[] = [];
  let originalStream: unknown;
  let originalLevel: string;
  const streamSym = pino.symbols.streamSym as unknown as keyof typeof logger;

  beforeAll(async () => {
    api = await startTestApi();
    // startTestApi silences the logger; capture what it writes instead, as stdout would get it.
    originalLevel = logger.level;
    originalStream = logger[streamSym];
    (logger as any)[streamSym] = { write: (line: string) => void lines.push(line) };
    logger.level = 'info';
  });
  afterAll(async () => {
    logger.level = originalLevel;
    (logger as any)[streamSym] = originalStream;
    await api.close();
  });

  const entries = () => lines.map((line) => JSON.parse(line));

  it('writes one JSON line per request with requestId, operation, durationMs, sub, and never the token', async () => {
    const token = await TEST_TOKENS.sign({ sub: 'log-auditor-7', role: Role.AUDITOR }, '1h');
    const headers = { authorization: `Bearer ${token}`, 'x-request-id': 'log-test-1' };
    const response = await api.graphql('query LoggedQuery { countries(first: 1) { totalCount } }', undefined, headers);
    dataOf(response);
    // A failing request with the token logs too.
    await api.graphql('query LoggedFailure { countries(first: 500) { totalCount } }', undefined, {
      ...headers,
      'x-request-id': 'log-test-2',
    });
    // An unexpected error is logged with its details; the token must not be among them.
    await api.db.query('ALTER TABLE sources RENAME TO sources_hidden');
    try {
      await api.graphql('query LoggedCrash { alliances { edges { node { sources { source { title } } } } } }', undefined, {
        ...headers,
        'x-request-id': 'log-test-3',
      });
    } finally {
      await api.db.query('ALTER TABLE sources_hidden RENAME TO sources');
    }
    // An invalid token (signature cut off) must not be logged either.
    await api.graphql('{ minerals { edges { node { code } } } }', undefined, { authorization: `Bearer ${token.slice(0, -4)}` });
    await api.graphql('{ minerals { edges { node { code } } } }');

    const logged = entries();
    const ok = logged.find((entry) => entry.requestId === 'log-test-1' && entry.msg === 'graphql request');
    expect(ok).toMatchObject({
      level: 30,
      service: 'critical-minerals-api',
      requestId: 'log-test-1',
      operation: 'LoggedQuery',
      sub: 'log-auditor-7',
      role: 'AUDITOR',
      statements: response.statements,
      status: 200,
    });
    expect(ok.durationMs).toEqual(expect.any(Number));
    expect(ok.durationMs).toBeGreaterThan(0);
    expect(ok.time).toEqual(expect.any(Number));

    const failed = logged.find((entry) => entry.requestId === 'log-test-2' && entry.msg === 'graphql request');
    expect(failed).toMatchObject({ operation: 'LoggedFailure', sub: 'log-auditor-7', errorCodes: ['BAD_USER_INPUT'] });

    const crashed = logged.filter((entry) => entry.requestId === 'log-test-3');
    expect(crashed.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['unexpected error', 'graphql request']));
    // The operator sees what the client did not: the database's own message.
    expect(JSON.stringify(crashed)).toMatch(/sources/);

    const anonymous = logged.filter((entry) => entry.msg === 'graphql request' && entry.operation === 'anonymous');
    expect(anonymous.some((entry) => entry.sub === 'anonymous' && entry.role === 'PUBLIC')).toBe(true);

    const everything = lines.join('');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2]);
    expect(everything).not.toContain(token.slice(0, -4));
    expect(everything).not.toMatch(/Bearer/i);
  });
});
