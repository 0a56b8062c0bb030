import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { Role } from '../../src/modules/auth/caller';
import { Factory } from '../helpers/factories';
import { overWebSocket } from '../helpers/websocket';
import { authHeader, dataOf, GraphQLResponse, startServerOn, startTestApi, TestApi } from '../helpers/test-api';

/**
 * The server as production runs it: no introspection, no error details. What a
 * client learns from an error is its code and a message written for it; never
 * the schema it may not introspect, SQL, a stack or a file path.
 */
const PRODUCTION = { introspection: false, exposeErrorDetails: false } as const;
const INTERNALS =
  /stacktrace|\bat .+\.(ts|js):\d+|node_modules|\/src\/|\.ts:|QueryFailedError|relation "|SELECT |sources_gone|duplicate key|violates/i;

function expectNoInternals(response: GraphQLResponse) {
  expect(JSON.stringify(response.body)).not.toMatch(INTERNALS);
}

describe('with introspection off and error details hidden', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(PRODUCTION);
  });
  afterAll(() => api.close());

  it.each([
    ['__schema', '{ __schema { queryType { name } types { name } } }'],
    ['__type', '{ __type(name: "Commitment") { fields { name } } }'],
    ['__schema inside a fragment', '{ ...I } fragment I on Query { __schema { types { name } } }'],
  ])('refuses %s introspection', async (_name, query) => {
    const response = await api.graphql(query);
    expect(response.status).toBeLessThan(500);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0].message).toMatch(/introspection is not allowed/);
    expect(response.statements).toBe(0);
  });

  it('refuses introspection over the WebSocket endpoint too', async () => {
    const result = await overWebSocket(api, '{ __schema { queryType { name } types { name } } }');
    expect(result.data?.__schema).toBeUndefined();
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('still answers __typename (clients need it for unions and interfaces)', async () => {
    expect(dataOf(await api.graphql('{ __typename country(code: "IN") { __typename } }'))).toEqual({
      __typename: 'Query',
      country: { __typename: 'Country' },
    });
  });

  it.each([
    ['a misspelled field', '{ countries { totalCont } }', /Cannot query field "totalCont"/],
    ['a misspelled root field', '{ countrie { totalCount } }', /Cannot query field "countrie"/],
    ['a misspelled enum literal', '{ commitments(filter: { kinds: [FUNDIN] }) { totalCount } }', /"FUNDIN"/],
    ['a misspelled argument', '{ commitments(filtr: {}) { totalCount } }', /Unknown argument "filtr"/],
    ['a misspelled type in a fragment', '{ node(id: "x") { ... on Countr { code } } }', /Unknown type "Countr"/],
  ])('does not suggest names for %s ("Did you mean")', async (_name, query, message) => {
    const response = await api.graphql(query);
    const [error] = response.body.errors ?? [];
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/Did you mean/i);
  });

  it.each([
    ['a misspelled input field in variables', { f: { statuse: [] } }],
    ['a misspelled enum value in variables', { f: { kinds: ['FUNDIN'] } }],
  ])('does not suggest names for %s either', async (_name, variables) => {
    const response = await api.graphql('query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }', variables);
    const [error] = response.body.errors ?? [];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).not.toMatch(/Did you mean/i);
  });
});

describe('the explorer and /metrics with DATABASE_URL set and neither EXPLORER nor METRICS_TOKEN', () => {
  const { explorer, metrics } = loadConfig({ DATABASE_URL: 'postgres://db.example/app' }).http;
  let api: TestApi;
  let origin: string;
  beforeAll(async () => {
    api = await startTestApi({ ...PRODUCTION, explorer, metrics });
    origin = new URL(api.url).origin;
  });
  afterAll(() => api.close());

  it.each(['/', '/explorer/graphiql.js', '/metrics'])('GET %s is 404, as for any unknown path', async (route) => {
    const response = await fetch(`${origin}${route}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/GraphiQL|createFetcher|graphql_requests_total/);
  });

  it('still serves GraphQL and health', async () => {
    expect(dataOf(await api.graphql('{ country(code: "IN") { name } }')).country.name).toBe('India');
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });
});

describe('EXPLORER=true with DATABASE_URL set', () => {
  it('serves GraphiQL at /', async () => {
    const { explorer } = loadConfig({ DATABASE_URL: 'postgres://db.example/app', EXPLORER: 'true' }).http;
    const api = await startTestApi({ ...PRODUCTION, explorer });
    try {
      const response = await fetch(new URL('/', api.url));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('/explorer/graphiql.js');
    } finally {
      await api.close();
    }
  });
});

describe('/metrics with METRICS_TOKEN set', () => {
  const TOKEN = 'metrics-token-of-at-least-32-characters';
  const { metrics } = loadConfig({ DATABASE_URL: 'postgres://db.example/app', METRICS_TOKEN: TOKEN }).http;
  let api: TestApi;
  let url: string;
  beforeAll(async () => {
    api = await startTestApi({ ...PRODUCTION, metrics });
    url = new URL('/metrics', api.url).href;
  });
  afterAll(() => api.close());

  it.each([
    ['no Authorization header', async () => ({})],
    ['another token', async () => ({ authorization: 'Bearer metrics-token-of-at-least-32-characterX' })],
    ['a prefix of the token', async () => ({ authorization: `Bearer ${TOKEN.slice(0, 10)}` })],
    ['the token without "Bearer"', async () => ({ authorization: TOKEN })],
    ['an ADMIN token of the API', () => authHeader({ sub: 'admin-metrics', role: Role.ADMIN })],
  ] as [string, () => Promise<Record<string, string>>][])(
    'refuses %s with 401 UNAUTHENTICATED and shows no metric',
    async (_name, headers) => {
      const response = await fetch(url, { headers: await headers() });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = await response.text();
      expect(JSON.parse(body).errors[0]).toEqual({
        message: 'Metrics need Authorization: Bearer <METRICS_TOKEN>',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(body).not.toMatch(/graphql_requests_total|process_cpu/);
    },
  );

  it('serves them to Authorization: Bearer <METRICS_TOKEN>', async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^# HELP /m);
  });
});

describe('with introspection on', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ introspection: true, exposeErrorDetails: false });
  });
  afterAll(() => api.close());

  it('answers __schema and __type', async () => {
    const data = dataOf(await api.graphql('{ __schema { queryType { name } } __type(name: "Commitment") { fields { name } } }'));
    expect(data.__schema.queryType.name).toBe('Query');
    expect(data.__type.fields.map((field: { name: string }) => field.name)).toContain('statusHistory');
  });

  it('still hides suggestions while error details are hidden', async () => {
    const response = await api.graphql('{ countries { totalCont } }');
    expect(response.body.errors?.[0].message).not.toMatch(/Did you mean/);
  });
});

describe('with error details exposed (NODE_ENV=development only)', () => {
  it('suggests names, which is what the production settings must hide', async () => {
    const api = await startTestApi({ introspection: true, exposeErrorDetails: true });
    try {
      const response = await api.graphql('{ countries { totalCont } }');
      expect(response.body.errors?.[0].message).toMatch(/Did you mean "totalCount"\?/);
    } finally {
      await api.close();
    }
  });
});

describe('an unexpected internal error', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(PRODUCTION);
    // The query below needs this table; without it the database answers with an SQL error.
    await api.db.query('ALTER TABLE sources RENAME TO sources_gone');
  });
  afterAll(() => api.close());

  const QUERY = '{ alliances { edges { node { code sources { source { title } } } } } }';

  it('is masked as INTERNAL_SERVER_ERROR whose requestId is the x-request-id header', async () => {
    const response = await api.graphql(QUERY);
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(error.message).toBe(`Internal server error (request ${requestId})`);
    // Where it failed is the client's business; why is not.
    expect(error.path).toEqual(['alliances', 'edges', 0, 'node', 'sources']);
    expect(response.body.data).toBeNull();
    expectNoInternals(response);
  });

  it("echoes the client's own x-request-id so the client can quote it", async () => {
    const response = await api.graphql(QUERY, undefined, { 'x-request-id': 'support-ticket-4711' });
    expect(response.headers.get('x-request-id')).toBe('support-ticket-4711');
    expect(response.body.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'support-ticket-4711' });
    expectNoInternals(response);
  });

  it('is masked the same way for a client that accepts application/graphql-response+json', async () => {
    const response = await api.graphql(QUERY, undefined, { accept: 'application/graphql-response+json' });
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expectNoInternals(response);
  });

  it('is not reachable over the WebSocket endpoint, which runs subscriptions only', async () => {
    const result = await overWebSocket(api, QUERY);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toMatch(INTERNALS);
  });

  it('leaves the rest of the API working', async () => {
    expect(dataOf(await api.graphql('{ country(code: "IN") { name } }')).country.name).toBe('India');
  });

  it('generates a request id when the client sends an empty x-request-id', async () => {
    const response = await api.graphql(QUERY, undefined, { 'x-request-id': '' });
    expect(response.body.errors?.[0].extensions?.requestId).not.toBe('');
  });
});

describe('unique violations (concurrent creation of the same membership)', () => {
  let api: TestApi;
  // Within one process the chain writer runs changes one after another, so only two processes can race.
  let otherProcess: TestApi;
  let factory: Factory;
  let allianceId: string;
  let admin: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(PRODUCTION);
    otherProcess = await startServerOn(api.databaseUrl, PRODUCTION);
    factory = new Factory(api.db);
    admin = await authHeader({ sub: 'admin-race', role: Role.ADMIN });
    allianceId = dataOf(await api.graphql('{ alliances { edges { node { id code } } } }'))
      .alliances.edges.map((e: { node: { id: string; code: string } }) => e.node)
      .find((a: { code: string }) => a.code === 'G7').id;
  });
  afterAll(async () => {
    await otherProcess.close();
    await api.close();
  });

  const SET_MEMBERSHIP = `mutation Join($input: SetAllianceMembershipInput!) {
    setAllianceMembership(input: $input) { membership { status version country { code } } }
  }`;

  const join = (via: TestApi, countryCode: string) =>
    via.graphql(SET_MEMBERSHIP, { input: { allianceId, countryCode, status: 'INVITED', note: 'race' } }, admin);

  it('answers the loser of two processes creating the same membership as it would a second request: the membership exists, pass expectedVersion; never 500', async () => {
    const country = await factory.country();
    // Hold a lock that lets a transaction read (and find no membership) but not insert. Both processes
    // send the same membership; the chain lock that each write group takes first lets only one of them
    // reach the table, and the other runs after it commits, so it finds the membership there.
    const blocker = new Client({ connectionString: api.databaseUrl });
    await blocker.connect();
    let responses: GraphQLResponse[];
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE alliance_memberships IN SHARE MODE');
      const racing = Promise.all([join(api, country.code), join(otherProcess, country.code)]);
      const deadline = Date.now() + 30_000;
      let waiting = { onTable: 0, onChain: 0 };
      for (;;) {
        [waiting] = (
          await blocker.query(
            `SELECT count(*) FILTER (WHERE relation = 'alliance_memberships'::regclass)::int AS "onTable",
                    count(*) FILTER (WHERE locktype = 'advisory')::int AS "onChain"
               FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        ).rows;
        if (waiting.onTable === 1 && waiting.onChain === 1) break;
        if (Date.now() > deadline)
          throw new Error(`waiting: ${JSON.stringify(waiting)}, expected one on the table and one on the chain lock`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await blocker.query('COMMIT');
      responses = await racing;
    } finally {
      await blocker.end();
    }

    for (const response of responses) {
      expect(response.status).toBeLessThan(500);
      expectNoInternals(response);
    }
    const winners = responses.filter((response) => !response.body.errors);
    const losers = responses.filter((response) => response.body.errors);
    expect(winners).toHaveLength(1);
    expect(winners[0].body.data.setAllianceMembership.membership).toEqual({
      status: 'INVITED',
      version: 1,
      country: { code: country.code },
    });
    expect(losers).toHaveLength(1);
    const [error] = losers[0].body.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions).toMatchObject({ argument: 'input.expectedVersion', currentVersion: 1 });
    expect(error.message).toBe('The membership exists: pass expectedVersion (the version you read)');
    // The same answer a request made after the race gets.
    const after = await join(api, country.code);
    expect(after.body.errors?.[0]).toMatchObject({
      message: error.message,
      extensions: { code: 'BAD_USER_INPUT', argument: 'input.expectedVersion', currentVersion: 1 },
    });
    expect(error.path).toEqual(['setAllianceMembership']);
    // The key's values (database ids) stay inside.
    expect(error.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(losers[0].body.data).toEqual({ setAllianceMembership: null });

    // Exactly one membership exists, with one CREATED event.
    const rows = await api.db.query(
      'SELECT m.version FROM alliance_memberships m JOIN countries c ON c.id = m.country_id WHERE c.code = $1',
      [country.code],
    );
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('answers many unsynchronised duplicates with one success and BAD_USER_INPUT for the rest', async () => {
    const countries = [await factory.country(), await factory.country(), await factory.country()];
    const responses = await Promise.all(
      countries.flatMap((country) => Array.from({ length: 4 }, (_, i) => join(i % 2 ? otherProcess : api, country.code))),
    );
    for (const response of responses) {
      expect(response.status).toBeLessThan(500);
      expectNoInternals(response);
      for (const error of response.body.errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(responses.filter((response) => !response.body.errors)).toHaveLength(countries.length);
  });
});
