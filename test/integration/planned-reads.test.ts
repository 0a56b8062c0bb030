import pino from 'pino';
import { Client } from 'pg';
import { AUDIT_PAGE, DETAIL } from '../../bench/workloads';
import { Role } from '../../src/modules/auth/caller';
import { logger } from '../../src/shared/logger';
import { authHeader, dataOf, startTestApi, TestApi, useTestApi } from '../helpers/test-api';

/**
 * Once Apollo Server has answered an operation with a compiled read, the same query text is
 * answered in front of it (src/http/planned-reads.ts). A client must not be able to tell: the
 * same status, headers and bytes, the same refusals, the same metrics and log line.
 */
const api = useTestApi();
const resolvers = useTestApi({ compiledReads: false });

let auditor: Record<string, string>;
let commitmentId: string;
let variant = 0;

beforeAll(async () => {
  auditor = await authHeader({ sub: 'auditor@example.org', role: Role.AUDITOR });
  commitmentId = dataOf(await api.graphql('{ commitments(first: 1) { edges { node { id } } } }')).commitments.edges[0].node.id;
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function post(target: TestApi, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  // Each response has its own date and request id.
  const { date: _date, 'x-request-id': _id, ...rest } = Object.fromEntries(response.headers);
  return { status: response.status, headers: rest, text };
}

async function plannedCount(target: TestApi = api): Promise<number> {
  return (await target.server.metrics.plannedReads.get()).values[0]?.value ?? 0;
}

/** The query as a text Apollo has not seen yet (a comment differs), so its first answer is Apollo's. */
function unseen(query: string): string {
  variant += 1;
  return `${query}\n# variant ${variant}`;
}

/** Apollo's answer (first), then the planned one (second), asserting which answered each. */
async function bothWays(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const text = unseen(query);
  const before = await plannedCount();
  const fromApollo = await post(api, { query: text, variables }, headers);
  expect(await plannedCount()).toBe(before);
  const planned = await post(api, { query: text, variables }, headers);
  expect(await plannedCount()).toBe(before + 1);
  return { fromApollo, planned, text };
}

/** What a client can tell apart, with the resolvers' answer as the reference. */
async function expectAsResolvers(response: RawResponse, body: Record<string, unknown>, headers: Record<string, string>) {
  const reference = await post(resolvers, body, headers);
  const answer = (raw: RawResponse) => {
    const body = JSON.parse(raw.text);
    return {
      status: raw.status,
      data: body.data,
      errors: body.errors?.map((e: any) => ({ message: e.message, code: e.extensions?.code })),
    };
  };
  expect(answer(response)).toEqual(answer(reference));
}

describe('a learned read answered in front of Apollo Server', () => {
  it.each([
    ['no accept header', {}],
    ['*/*', { accept: '*/*' }],
    ['application/json', { accept: 'application/json' }],
    ['application/graphql-response+json', { accept: 'application/graphql-response+json' }],
    ["Apollo Client's accept header", { accept: 'application/graphql-response+json,application/json;q=0.9' }],
    ['JSON preferred by weight', { accept: 'application/graphql-response+json;q=0.5, application/json' }],
  ])('gives the same status, headers and bytes as Apollo Server (%s)', async (_name, accept) => {
    const { fromApollo, planned } = await bothWays(AUDIT_PAGE, { after: null }, { ...auditor, ...accept });
    expect(fromApollo.status).toBe(200);
    expect(JSON.parse(fromApollo.text).data.auditTrail.edges.length).toBeGreaterThan(0);
    expect(planned).toEqual(fromApollo);
    expect(planned.headers['x-sql-statements']).toBe('1');
  });

  it('binds each request its own variables', async () => {
    const { text } = await bothWays(DETAIL, { id: commitmentId });
    const other = dataOf(await api.graphql('{ commitments(first: 2) { edges { node { id } } } }')).commitments.edges[1].node.id;
    const before = await plannedCount();
    for (const id of [other, commitmentId, other]) {
      const response = await post(api, { query: text, variables: { id } });
      expect(JSON.parse(response.text).data.commitment.id).toBe(id);
      await expectAsResolvers(response, { query: text, variables: { id } }, {});
    }
    expect(await plannedCount()).toBe(before + 3);
  });

  it.each([
    ['a media type it cannot answer (406)', { after: null }, { accept: 'text/html' }, {}],
    ['the subscription-callback media type', { after: null }, { accept: 'application/json; callbackSpec=1.0' }, {}],
    ['a page size over the limit', { after: null, first: 5000 }, {}, {}],
    ['a variable that does not coerce', { after: 12 }, {}, {}],
    ['a malformed cursor', { after: 'not-a-cursor' }, {}, {}],
    ['a role the trail is refused to', { after: null }, { authorization: '' }, {}],
    ['a token that does not verify', { after: null }, { authorization: 'Bearer not.a.token' }, {}],
    ['request extensions', { after: null }, {}, { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } } }],
  ])('passes on to Apollo Server %s, which answers as before', async (_name, variables, extraHeaders, extraBody) => {
    const query =
      'query Page($after: String, $first: Int = 10) { auditTrail(first: $first, after: $after) { edges { cursor node { sequence } } } }';
    const { text } = await bothWays(query, { after: null }, auditor);
    const headers: Record<string, string> = { ...auditor, ...extraHeaders };
    if (headers.authorization === '') delete headers.authorization;
    const before = await plannedCount();
    const body = { query: text, variables, ...extraBody };
    const response = await post(api, body, headers);
    expect(await plannedCount()).toBe(before);
    const reference = await post(resolvers, body, headers);
    expect(response.status).toBe(reference.status);
    expect(response.headers['content-type']).toBe(reference.headers['content-type']);
    if (reference.headers['content-type']?.includes('json')) await expectAsResolvers(response, body, headers);
  });

  it('leaves GET requests and batches to Apollo Server', async () => {
    const { text } = await bothWays('{ countries(first: 2) { edges { node { code } } } }', {});
    const before = await plannedCount();
    const viaGet = await fetch(`${api.url}?query=${encodeURIComponent(text)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(viaGet.status).toBe(200);
    const batch = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: text }, { query: text }]),
    });
    expect(batch.status).toBe(200);
    expect(await plannedCount()).toBe(before);
  });

  it('records the request in metrics and the log as Apollo Server does', async () => {
    const lines: string[] = [];
    const streamSym = pino.symbols.streamSym as unknown as keyof typeof logger;
    const [level, stream] = [logger.level, logger[streamSym]];
    (logger as any)[streamSym] = { write: (line: string) => void lines.push(line) };
    logger.level = 'info';
    try {
      const query = unseen('query PlannedLogged { countries(first: 2) { edges { node { code } } } }');
      for (const id of ['planned-log-1', 'planned-log-2']) await post(api, { query }, { 'x-request-id': id });
    } finally {
      logger.level = level;
      (logger as any)[streamSym] = stream;
    }
    const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'graphql request');
    const shape = (entry: any) => ({ ...entry, time: 0, durationMs: 0, requestId: '', pid: 0 });
    expect(logged.map((entry) => entry.requestId)).toEqual(['planned-log-1', 'planned-log-2']);
    expect(shape(logged[1])).toEqual(shape(logged[0]));
    expect(logged[1]).toMatchObject({ operation: 'PlannedLogged', statements: 1, status: 200, role: 'PUBLIC' });
    const requests = await api.server.metrics.requests.get();
    expect(requests.values.find((value) => value.labels.operation === 'other' && value.labels.outcome === 'ok')?.value).toBeGreaterThan(1);
  });
});

describe('a learned read whose statement fails', () => {
  let slow: TestApi;
  beforeAll(async () => {
    slow = await startTestApi({}, { statementTimeoutMs: 300 });
  });
  afterAll(() => slow.close());

  it('is reported once, as Apollo Server reports it (QUERY_TIMEOUT, one statement)', async () => {
    const query = '{ countries(first: 5) { edges { node { code } } } }';
    dataOf(await slow.graphql(query));
    const before = await plannedCount(slow);
    const client = new Client({ connectionString: slow.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE countries IN ACCESS EXCLUSIVE MODE');
      const response = await slow.graphql(query);
      expect(response.statements).toBe(1);
      expect(response.status).toBeLessThan(500);
      expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
    expect(await plannedCount(slow)).toBe(before);
    // Planned again once the statement succeeds.
    dataOf(await slow.graphql(query));
    expect(await plannedCount(slow)).toBe(before + 1);
  });
});
