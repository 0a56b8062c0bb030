import { Factory } from '../helpers/factories';
import { overWebSocket } from '../helpers/websocket';
import { dataOf, GraphQLResponse, TEST_SETTINGS, startTestApi, useTestApi } from '../helpers/test-api';

/**
 * Every operation limit of HttpSettings.limits, against a real server: an
 * over-limit request is refused with its own code, the limit and the measured
 * value, and nothing runs (no data, no SQL statement).
 */
const api = useTestApi();
beforeAll(async () => {
  // Enough rows that the dashboard query below returns full pages, not an empty seed.
  const factory = new Factory(api.db);
  const mineral = await factory.mineral();
  for (let i = 0; i < 10; i++) {
    const country = await factory.country();
    for (let j = 0; j < 3; j++) {
      await factory.commitment({
        title: `Limits ${i}-${j}`,
        partyIds: [country.id],
        mineralIds: [mineral.id],
        statusHistory: ['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS', 'DELAYED'],
      });
    }
  }
});

const LIMITS = TEST_SETTINGS.limits;

/** POSTs any JSON-serialisable body (a single operation or a batch array). */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as any,
    statements: Number(response.headers.get('x-sql-statements')),
  };
}

/** The refusal every limit shares: one error with the code, limit and actual; no data; not a single SQL statement. */
function expectRefused(response: { status: number; body: any; statements: number }, code: string, limit: number, actual?: number) {
  expect(response.status).toBeLessThan(500);
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors;
  expect(error.extensions.code).toBe(code);
  expect(error.extensions.limit).toBe(limit);
  if (actual === undefined) expect(error.extensions.actual).toBeGreaterThan(limit);
  else expect(error.extensions.actual).toBe(actual);
  expect(error.message).toContain(`limit ${limit}`);
  // Internal transport hints never reach the client.
  expect(error.extensions.http).toBeUndefined();
  expect(response.body.data ?? null).toBeNull();
  expect(response.statements).toBe(0);
  return error;
}

/** `country { memberships { edges { node { alliance { memberships { edges { node { country { … } } } } } } } } }`, `pairs` membership hops deep. */
function membershipChain(pairs: number): { query: string; depth: number } {
  let inner = 'code';
  for (let i = 0; i < pairs; i++)
    inner = `memberships { edges { node { alliance { memberships { edges { node { country { ${inner} } } } } } } } }`;
  const query = `{ country(code: "US") { ${inner} } }`;
  // Fields on the longest path: country + 4 per pair + code (edges and node add no level); root fields are depth 0.
  return { query, depth: 1 + 4 * pairs + 1 - 1 };
}

describe('depth', () => {
  it('refuses a deeply nested membership cycle with QUERY_TOO_DEEP before running it', async () => {
    const { query, depth } = membershipChain(4);
    expect(depth).toBeGreaterThan(LIMITS.depth);
    expectRefused(await api.graphql(query), 'QUERY_TOO_DEEP', LIMITS.depth, depth);
  });

  it('refuses a much deeper one (depth 41) just as cheaply', async () => {
    const { query, depth } = membershipChain(10);
    const response = await api.graphql(query);
    expectRefused(response, 'QUERY_TOO_DEEP', LIMITS.depth, depth);
  });

  it('allows exactly the limit', async () => {
    // 11 fields on the longest path (country … status): depth 10, root fields counting as 0; small pages keep it under the cost limit.
    const query =
      '{ country(code: "US") { memberships(first: 2) { edges { node { alliance { memberships(first: 2) { edges { node { country { memberships(first: 2) { edges { node { alliance { memberships(first: 2) { edges { node { country { memberships(first: 2) { edges { node { status } } } } } } } } } } } } } } } } } } } } }';
    const response = await api.graphql(query);
    expect(dataOf(response).country.memberships.edges.length).toBeGreaterThan(0);
  });

  it('follows fragments and inline fragments: depth hidden in them still counts', async () => {
    const query = `
      query Hidden { country(code: "US") { ...A } }
      fragment A on Country { memberships { edges { node { alliance { ...B } } } } }
      fragment B on Alliance { memberships { edges { node { country { ... on Country { ...C } } } } } }
      fragment C on Country { memberships { edges { node { alliance { memberships { edges { node { country { memberships { edges { node { alliance { code } } } } } } } } } } } } }`;
    expectRefused(await api.graphql(query), 'QUERY_TOO_DEEP', LIMITS.depth, 11);
  });

  it('a lowered limit (depth 3) takes effect on its own server only', async () => {
    const strict = await startTestApi({ limits: { ...TEST_SETTINGS.limits, depth: 3 } });
    try {
      // countries 0, commitments 1, parties 2, role 3: the connections' edges, node and pageInfo add no level.
      const atLimit =
        '{ countries(first: 1) { pageInfo { hasNextPage } edges { cursor node { commitments(first: 1) { edges { node { parties { role } } } } } } } }';
      const overLimit =
        '{ countries(first: 1) { edges { node { commitments(first: 1) { edges { node { parties { country { code } } } } } } } } }';
      expect(dataOf(await strict.graphql(atLimit)).countries.edges).toHaveLength(1);
      expectRefused(await strict.graphql(overLimit), 'QUERY_TOO_DEEP', 3, 4);
      // The default server still allows the same query.
      expect(dataOf(await api.graphql(overLimit)).countries.edges).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});

describe('depth counts levels of data, not connection wrappers', () => {
  it('allows country → commitments → projects → participants → country { code } across three connections', async () => {
    // Depth 5 in data; 11 if each connection's edges and node counted as levels.
    const query = `{ countries(first: 5) { edges { node {
      commitments(first: 5) { edges { node { projects(first: 5) { edges { node { participants { country { code } } } } } } } }
    } } } }`;
    const data = dataOf(await api.graphql(query));
    expect(data.countries.edges).toHaveLength(5);
  });

  it("allows the README's dashboard, well inside the limit", async () => {
    const dashboard = `{ countries(first: 20) { totalCount edges { node {
      code name memberships { edges { node { status startsOn alliance { name } } } }
      commitments(first: 20) { totalCount edges { node {
        id title kind status version targetOn amount { amount currency } parties { role country { code } } minerals { code } meeting { title startsOn }
        statusHistory(last: 3) { edges { node { fromStatus toStatus recordedAt actor { sub } } } }
      } } pageInfo { hasNextPage endCursor } }
    } } } }`;
    expect(dataOf(await api.graphql(dashboard)).countries.edges.length).toBeGreaterThan(0);
    // Its depth is 4 (countries, commitments, statusHistory, actor, sub): a server limited to 4 still takes it.
    const strict = await startTestApi({ limits: { ...TEST_SETTINGS.limits, depth: 4 } });
    try {
      expect(dataOf(await strict.graphql(dashboard)).countries.edges.length).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it('still refuses a genuinely deep chain of connections with QUERY_TOO_DEEP', async () => {
    // countries, then (commitments, parties, country) four times, then code: 1 + 3 × 4 + 1 fields, depth 13.
    let inner = 'code';
    for (let i = 0; i < 4; i++) inner = `commitments(first: 2) { edges { node { parties { country { ${inner} } } } } }`;
    const query = `{ countries(first: 2) { edges { node { ${inner} } } } }`;
    expectRefused(await api.graphql(query), 'QUERY_TOO_DEEP', LIMITS.depth, 13);
  });
});

describe('aliases', () => {
  it(`refuses ${LIMITS.aliases + 1} aliases with TOO_MANY_ALIASES`, async () => {
    const aliases = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: name`).join(' ');
    expectRefused(await api.graphql(`{ country(code: "US") { ${aliases} } }`), 'TOO_MANY_ALIASES', LIMITS.aliases, LIMITS.aliases + 1);
  });

  it('counts aliases spread over the whole operation and its fragments', async () => {
    const nested = Array.from({ length: 20 }, (_, i) => `n${i}: code`).join(' ');
    const inFragment = Array.from({ length: 15 }, (_, i) => `f${i}: name`).join(' ');
    const query = `{ country(code: "US") { ${nested} ...F } } fragment F on Country { ${inFragment} }`;
    expectRefused(await api.graphql(query), 'TOO_MANY_ALIASES', LIMITS.aliases, 35);
  });

  it(`allows ${LIMITS.aliases} aliases`, async () => {
    const aliases = Array.from({ length: LIMITS.aliases }, (_, i) => `a${i}: name`).join(' ');
    const data = dataOf(await api.graphql(`{ country(code: "US") { ${aliases} } }`));
    expect(Object.keys(data.country)).toHaveLength(LIMITS.aliases);
  });
});

describe('root fields', () => {
  it(`refuses ${LIMITS.rootFields + 1} root fields with TOO_MANY_ROOT_FIELDS`, async () => {
    const roots = Array.from({ length: LIMITS.rootFields + 1 }, (_, i) => `c${i}: country(code: "US") { name }`).join(' ');
    expectRefused(await api.graphql(`{ ${roots} }`), 'TOO_MANY_ROOT_FIELDS', LIMITS.rootFields, LIMITS.rootFields + 1);
  });

  it('counts root fields inside fragments on Query, without aliases', async () => {
    const fields = 'minerals { totalCount } alliances { totalCount } countries(first: 1) { totalCount } ';
    // 7 × 3 = 21 root selections (same-named fields merge in GraphQL, but each is still a selection to plan).
    const query = `{ ...Q } fragment Q on Query { ${fields.repeat(7)} }`;
    expectRefused(await api.graphql(query), 'TOO_MANY_ROOT_FIELDS', LIMITS.rootFields, 21);
  });

  it(`allows ${LIMITS.rootFields} root fields`, async () => {
    const roots = Array.from({ length: LIMITS.rootFields }, (_, i) => `c${i}: country(code: "US") { name }`).join(' ');
    expect(Object.keys(dataOf(await api.graphql(`{ ${roots} }`)))).toHaveLength(LIMITS.rootFields);
  });
});

describe('cost', () => {
  const FAN_OUT =
    '{ countries(first: 100) { edges { node { commitments(first: 100) { edges { node { projects(first: 100) { edges { node { name } } } } } } } } } }';

  it('refuses a 100×100×100 fan-out with QUERY_TOO_COMPLEX and the estimate', async () => {
    // 100 × (1 + 100 × (1 + 100 × (1 + 0)))
    expectRefused(await api.graphql(FAN_OUT), 'QUERY_TOO_COMPLEX', LIMITS.cost, 1_010_100);
  });

  it('reads page sizes from variables', async () => {
    const query =
      'query Fan($n: Int!) { countries(first: $n) { edges { node { commitments(first: $n) { edges { node { projects(first: $n) { edges { node { name } } } } } } } } } }';
    expectRefused(await api.graphql(query, { n: 100 }), 'QUERY_TOO_COMPLEX', LIMITS.cost, 1_010_100);
    // Small pages of the same shape are fine: 5 × (1 + 5 × (1 + 5)) = 155.
    expect(dataOf(await api.graphql(query, { n: 5 })).countries.edges).toHaveLength(5);
  });

  it('uses the default page size (20) for connections without first/last', async () => {
    // 20 × (1 + 20 × (1 + 20)) = 8420: allowed; one more level of 20 would not be.
    const allowed = '{ countries { edges { node { commitments { edges { node { projects { edges { node { name } } } } } } } } } }';
    expect(dataOf(await api.graphql(allowed)).countries.edges.length).toBeGreaterThan(0);
    const refused =
      '{ countries { edges { node { commitments { edges { node { projects { edges { node { commitments { totalCount } } } } } } } } } } }';
    expectRefused(await api.graphql(refused), 'QUERY_TOO_COMPLEX', LIMITS.cost, 20 * (1 + 20 * (1 + 20 * (1 + 20))));
  });

  it('counts nodes(ids) as one object per id', async () => {
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Country { commitments(first: 100) { edges { node { title } } } } } }';
    // 100 × (1 + 100 × (1 + 0)): refused before a single statement, though one country costs 101.
    const ids = Array.from({ length: 100 }, (_, i) =>
      Buffer.from(`Country:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).toString('base64url'),
    );
    expectRefused(await api.graphql(query, { ids }), 'QUERY_TOO_COMPLEX', LIMITS.cost, 10_100);
    expect(dataOf(await api.graphql(query, { ids: ids.slice(0, 1) })).nodes).toEqual([null]);
  });

  it('still answers first: 101 with BAD_USER_INPUT (a page-size error, not a cost refusal)', async () => {
    const response = await api.graphql('{ countries(first: 101) { totalCount } }');
    expect(response.status).toBe(200);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toMatch(/"first" must be between 1 and 100, got 101/);
  });

  it('refuses first: 0 before anything runs too, as the documented range is 1..100', async () => {
    const response = await api.graphql('{ countries(first: 0) { totalCount } }');
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.statements).toBe(0);
  });

  it('allows the largest legitimate dashboard query', async () => {
    const DASHBOARD = `query Dashboard {
      countries(first: 50) { edges { node {
        code name
        commitments(first: 20) { totalCount edges { node {
          title status
          parties { role country { code } }
          minerals { code }
          statusHistory(last: 3) { edges { node { fromStatus toStatus recordedAt } } }
        } } }
      } } }
    }`;
    const response = await api.graphql(DASHBOARD);
    const data = dataOf(response);
    expect(data.countries.edges.length).toBeGreaterThanOrEqual(23);
    const withCommitments = data.countries.edges.filter((edge: any) => edge.node.commitments.totalCount > 0);
    expect(withCommitments.length).toBeGreaterThanOrEqual(10);
    const history = withCommitments.flatMap((edge: any) => edge.node.commitments.edges.map((c: any) => c.node.statusHistory.edges.length));
    expect(Math.max(...history)).toBe(3);
    expect(response.statements).toBeGreaterThan(0);
  });
});

describe('page sizes are checked before anything runs', () => {
  // Alone, this costs 100 × (1 + 100) = 10 100, just over the limit; a negative sibling used to subtract from it.
  const OVER_COST = 'countries(first: 100) { edges { node { commitments(first: 100) { totalCount } } } }';

  it.each([
    ['a literal negative first', `{ ${OVER_COST} n: countries(first: -100000000) { totalCount } }`, undefined, 'first', -100_000_000],
    [
      'a negative first in a variable',
      `query($n: Int) { ${OVER_COST} n: countries(first: $n) { totalCount } }`,
      { n: -100_000_000 },
      'first',
      -100_000_000,
    ],
    ['a literal negative last', `{ ${OVER_COST} n: countries(last: -100000000) { totalCount } }`, undefined, 'last', -100_000_000],
    [
      'a negative last in a variable, nested',
      `query($n: Int) { ${OVER_COST} country(code: "US") { commitments(last: $n) { totalCount } } }`,
      { n: -5 },
      'last',
      -5,
    ],
    ['a variable over 100', 'query($n: Int) { countries(first: $n) { totalCount } }', { n: 101 }, 'first', 101],
  ])('refuses %s with BAD_USER_INPUT naming the argument, and runs no SQL', async (_name, query, variables, argument, value) => {
    const response = await api.graphql(query, variables);
    expect(response.status).toBe(200);
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument, max: 100 });
    expect(error.message).toBe(`"${argument}" must be between 1 and 100, got ${value}`);
    expect(response.body.data ?? null).toBeNull();
    expect(response.statements).toBe(0);
  });

  it('answers a client that accepts application/graphql-response+json with 400', async () => {
    const response = await api.graphql(`{ ${OVER_COST} n: countries(first: -1) { totalCount } }`, undefined, {
      accept: 'application/graphql-response+json',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions?.argument).toBe('first');
  });

  it('still refuses the over-cost page alone with QUERY_TOO_COMPLEX', async () => {
    expectRefused(await api.graphql(`{ ${OVER_COST} }`), 'QUERY_TOO_COMPLEX', LIMITS.cost, 10_100);
  });
});

describe('document size and tokens (checked on the raw text, before parsing)', () => {
  it(`refuses a document over ${LIMITS.documentBytes} bytes with DOCUMENT_TOO_LARGE and its byte count`, async () => {
    const query = `{ countries { totalCount } }\n#${'x'.repeat(LIMITS.documentBytes)}`;
    const bytes = Buffer.byteLength(query);
    expectRefused(await api.graphql(query), 'DOCUMENT_TOO_LARGE', LIMITS.documentBytes, bytes);
  });

  it('counts bytes, not characters', async () => {
    // 40 000 three-byte characters: 120 000 bytes in a 40 000-character comment.
    const query = `{ countries { totalCount } } #${'€'.repeat(40_000)}`;
    expect(query.length).toBeLessThan(LIMITS.documentBytes);
    expectRefused(await api.graphql(query), 'DOCUMENT_TOO_LARGE', LIMITS.documentBytes, Buffer.byteLength(query));
  });

  it(`refuses a document of more than ${LIMITS.tokens} tokens with TOO_MANY_TOKENS`, async () => {
    // ~6000 tokens in ~30 KB: small enough for the byte limit.
    const query = `{ country(code: "US") { ${'name '.repeat(6_000)} } }`;
    expect(Buffer.byteLength(query)).toBeLessThan(LIMITS.documentBytes);
    const error = expectRefused(await api.graphql(query), 'TOO_MANY_TOKENS', LIMITS.tokens);
    // Counting stops at the first token over the limit: the lexer never walks a hostile document to its end.
    expect(error.extensions.actual).toBe(LIMITS.tokens + 1);
  });

  it('refuses a token flood even when the document is not valid GraphQL', async () => {
    const query = `{ ${'[ '.repeat(LIMITS.tokens + 10)}`;
    expectRefused(await api.graphql(query), 'TOO_MANY_TOKENS', LIMITS.tokens);
  });

  it('checks every operation of a batch', async () => {
    const small = { query: '{ minerals { edges { node { code } } } }' };
    const large = { query: `{ minerals { edges { node { code } } } } #${'x'.repeat(LIMITS.documentBytes)}` };
    expectRefused(await post(api.url, [small, large]), 'DOCUMENT_TOO_LARGE', LIMITS.documentBytes);
  });
});

describe('batches', () => {
  it(`refuses a batch of ${LIMITS.batchSize + 1} operations with BATCH_TOO_LARGE, running none`, async () => {
    const batch = Array.from({ length: LIMITS.batchSize + 1 }, () => ({ query: '{ minerals { edges { node { code } } } }' }));
    expectRefused(await post(api.url, batch), 'BATCH_TOO_LARGE', LIMITS.batchSize, LIMITS.batchSize + 1);
  });

  it('runs a batch of 2 and answers each operation in order', async () => {
    const response = await post(api.url, [
      { query: 'query A { country(code: "US") { name } }', operationName: 'A' },
      { query: 'query B($code: String!) { country(code: $code) { code } }', variables: { code: 'IN' } },
    ]);
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(true);
    expect(response.body).toHaveLength(2);
    expect(response.body[0]).toEqual({ data: { country: { name: expect.any(String) } } });
    expect(response.body[1]).toEqual({ data: { country: { code: 'IN' } } });
  });

  it(`runs a batch of exactly ${LIMITS.batchSize}`, async () => {
    const batch = Array.from({ length: LIMITS.batchSize }, (_, i) => ({
      query: `{ countries(first: ${i + 1}) { edges { node { code } } } }`,
    }));
    const response = await post(api.url, batch);
    expect(response.body).toHaveLength(LIMITS.batchSize);
    response.body.forEach((result: any, i: number) => expect(result.data.countries.edges).toHaveLength(i + 1));
  });

  it('applies the per-operation limits inside a batch to the operation that breaks them only', async () => {
    const { query } = membershipChain(4);
    const response = await post(api.url, [{ query: '{ minerals { edges { node { code } } } }' }, { query }]);
    expect(response.body).toHaveLength(2);
    expect(response.body[0].data.minerals.edges.length).toBeGreaterThan(0);
    expect(response.body[1].errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(response.body[1].data).toBeUndefined();
  });

  it('refuses an empty batch with BAD_USER_INPUT', async () => {
    const response = await post(api.url, []);
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

/** `fragment F0 on T { ...F1 ...F1 } … fragment Fn on T { leaf }`: n small definitions that expand to 2^n copies of the leaf. */
function fragmentDoubling(prefix: string, type: string, levels: number, leaf: string): string {
  const definitions = Array.from(
    { length: levels },
    (_, i) => `fragment ${prefix}${i} on ${type} { ...${prefix}${i + 1} ...${prefix}${i + 1} }`,
  );
  return [...definitions, `fragment ${prefix}${levels} on ${type} { ${leaf} }`].join('\n');
}

describe('limits cannot be sidestepped with fragments', () => {
  it('estimates cost through fragments', async () => {
    const query = `{ ...Q } fragment Q on Query { countries(first: 100) { edges { node { ...C } } } } fragment C on Country { commitments(first: 100) { totalCount } }`;
    expectRefused(await api.graphql(query), 'QUERY_TOO_COMPLEX', LIMITS.cost, 100 * (1 + 100));
  });

  it("does not skip the cost limit when the document expands past the complexity estimator's node budget", async () => {
    const query = `{ countries(first: 100) { edges { node { commitments(first: 100) { edges { node { projects(first: 100) { edges { node { ...P0 } } } } } } } } } }
      ${fragmentDoubling('P', 'Project', 14, 'name')}`;
    const response = await api.graphql(query);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it("counts a fragment's aliases at every spread", async () => {
    // Plain lists two fields per level, so the nesting stays within the depth limit.
    const seven = (next: string) => Array.from({ length: 7 }, (_, i) => `m${i}: minerals { ${next} }`).join(' ');
    const query = `{ refiningShareEstimates { ...A1 } }
      fragment A1 on RefiningShareEstimate { ${seven('chinaRefiningShares { ...A2 }')} }
      fragment A2 on RefiningShareEstimate { ${seven('chinaRefiningShares { ...A3 }')} }
      fragment A3 on RefiningShareEstimate { ${seven('code')} }`;
    const response = await api.graphql(query);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
  });

  // 2^20 expanded fields from ~220 tokens: measured per fragment, so refused at once rather than walked.
  it('refuses a document of doubling fragments quickly', async () => {
    const query = `{ country(code: "US") { ...F0 } }\n${fragmentDoubling('F', 'Country', 20, 'code')}`;
    const started = Date.now();
    const response = await api.graphql(query);
    const elapsed = Date.now() - started;
    expect(response.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // Walking the expansion took 20 s and more; a busy machine's pauses stay far below that.
    expect(elapsed).toBeLessThan(5_000);
  }, 120_000);
});

describe('the WebSocket endpoint (graphql-ws on /graphql)', () => {
  it.each([
    ['an over-deep query', () => membershipChain(4).query],
    [
      'the 100×100×100 fan-out',
      () =>
        '{ countries(first: 100) { edges { node { commitments(first: 100) { edges { node { projects(first: 100) { edges { node { name } } } } } } } } } }',
    ],
    ['an alias flood', () => `{ country(code: "US") { ${Array.from({ length: 200 }, (_, i) => `a${i}: name`).join(' ')} } }`],
  ])('refuses %s: only subscriptions run over WebSocket', async (_name, query) => {
    const result = await overWebSocket(api, query());
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Only subscriptions run over WebSocket/);
  });

  it('applies the operation limits to subscriptions', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: statusChange { toStatus }`).join(' ');
    const result = await overWebSocket(api, `subscription { commitmentStatusChanged { ${aliases} } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
  });
});

describe('status codes of refusals', () => {
  it('gives a client that accepts application/graphql-response+json a 400 for every limit', async () => {
    const strict = { accept: 'application/graphql-response+json' };
    const deep = await api.graphql(membershipChain(4).query, undefined, strict);
    expect(deep.status).toBe(400);
    const large = await post(api.url, { query: `{ minerals { edges { node { code } } } } #${'x'.repeat(LIMITS.documentBytes)}` }, strict);
    expect(large.status).toBe(400);
    expect(large.headers.get('content-type')).toMatch(/application\/graphql-response\+json/);
  });

  it('gives a plain-JSON client a 200 for a limit refused during GraphQL processing', async () => {
    const deep: GraphQLResponse = await api.graphql(membershipChain(4).query);
    expect(deep.status).toBe(200);
  });

  it('gives a plain-JSON client a 200 for limits refused before GraphQL processing too', async () => {
    const tokens = await api.graphql(`{ country(code: "US") { ${'name '.repeat(6_000)} } }`);
    expect(tokens.body.errors?.[0].extensions?.code).toBe('TOO_MANY_TOKENS');
    expect(tokens.status).toBe(200);
  });
});
