import fc from 'fast-check';
import { Role } from '../../src/modules/auth/caller';
import { oversizedOperations } from '../helpers/oversized-inputs';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

/**
 * Property test over real HTTP: whatever a client sends (malformed or hostile
 * documents, variables, bodies and headers), the server answers with JSON, a
 * status below 500, an extensions.code on every error and no internals.
 */
const api = useTestApi();
/** Cursors the server issued, one per kind of sort value, for the tampering shapes. */
let cursors: string[];
let admin: Record<string, string>;
beforeAll(async () => {
  admin = await authHeader({ sub: 'hostile-admin', role: Role.ADMIN });
  const pages = dataOf(
    await api.graphql(`{
      created: commitments(first: 2) { edges { cursor } }
      updated: commitments(first: 2, orderBy: { field: UPDATED_AT }) { edges { cursor } }
      due: commitments(first: 2, orderBy: { field: TARGET_DATE }) { edges { cursor } }
      amount: commitments(first: 2, orderBy: { field: AMOUNT }) { edges { cursor } }
      title: commitments(first: 2, orderBy: { field: TITLE }) { edges { cursor } }
      relevance: commitments(first: 2, filter: { search: "minerals" }) { edges { cursor } }
      countries(first: 2) { edges { cursor } }
    }`),
  );
  cursors = Object.values(pages).flatMap((page: any) => page.edges.map((edge: { cursor: string }) => edge.cursor));
});

interface HostileRequest {
  method: 'POST' | 'GET';
  /** Raw body, sent as is (for GET: the query string, without the `?`). */
  body: string;
  headers: Record<string, string>;
}

/** Internals that must never reach a client, unless the client itself sent the text. */
const INTERNALS = [
  /\/src\//i,
  /\.ts:/i,
  /node_modules/i,
  /stacktrace/i,
  /\bat .+\.(ts|js):\d+/,
  /QueryFailedError/,
  /\bSELECT\b.+\bFROM\b/,
];

const VALID_QUERIES = [
  '{ countries(first: 3) { totalCount edges { cursor node { id code name } } pageInfo { hasNextPage endCursor } } }',
  'query One($code: String!) { country(code: $code) { name memberships { edges { node { status alliance { code } } } } } }',
  'query Page($first: Int, $after: String) { commitments(first: $first, after: $after) { edges { node { title status parties { role country { code } } } } } }',
  'query Filter($f: CommitmentFilter) { commitments(filter: $f, first: 5) { totalCount } }',
  'query Node($id: ID!) { node(id: $id) { id __typename ... on Country { code } } }',
  '{ minerals { edges { node { code name chinaRefiningShares { averagePercent minPercent maxPercent } } } } alliances { edges { node { code name } } } }',
  'query Trail { auditTrail(first: 2) { edges { node { sequence hash } } } }',
  'mutation M($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { status } } }',
  'query Deep { country(code: "US") { memberships { edges { node { alliance { memberships { edges { node { country { code } } } } } } } } } }',
  '{ meetings(first: 2) { edges { node { title participants { role country { code } } commitments(first: 1) { totalCount } } } } }',
];

// ---------------------------------------------------------------- generators

/** Any text, including every Unicode plane, lone surrogates and control characters. */
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({
    unit: fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      '$',
      '!',
      ':',
      '.',
      '...',
      '@',
      '"',
      '"""',
      '\\',
      '#',
      ',',
      '=',
      '|',
      '&',
      '\u0000',
      '\n',
      ' ',
      'a',
      'query',
      'fragment',
      'on',
      '__schema',
    ),
    maxLength: 300,
  }),
);

/** A valid document, cut anywhere and/or with a few characters inserted or dropped. */
const damagedQuery = fc
  .tuple(fc.constantFrom(...VALID_QUERIES), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 4 }), fc.boolean())
  .map(([query, cut, at, insert, truncate]) => {
    const position = at % (query.length + 1);
    const damaged = query.slice(0, position) + insert + query.slice(position + (truncate ? 0 : 1));
    return truncate ? damaged.slice(0, cut % (damaged.length + 1)) : damaged;
  });

const fieldName = fc.constantFrom(
  'countries',
  'country',
  'commitments',
  'edges',
  'node',
  'memberships',
  'alliance',
  'name',
  'code',
  'x',
  '__typename',
  '__type',
  'totalCount',
);
const argument = fc.oneof(
  fc.constant(''),
  fc.bigInt().map((n) => `(first: ${n})`),
  fc.double().map((n) => `(first: ${String(n)})`),
  fc.string({ maxLength: 10 }).map((s) => `(code: ${JSON.stringify(s)})`),
  fc.constantFrom(
    '(first: $n)',
    '(code: null)',
    '(first: 1e999)',
    '(first: -0)',
    '(after: "")',
    '(first: [1])',
    '(filter: {statuses: [NOPE]})',
  ),
);
/** Random nesting of (mostly) real field names, balanced or not. */
const nestedSelection: fc.Arbitrary<string> = fc.letrec<{ selection: string }>((tie) => ({
  selection: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldName,
    fc
      .tuple(fieldName, argument, fc.array(tie('selection'), { minLength: 1, maxLength: 4 }))
      .map(([name, args, children]) => `${name}${args} { ${children.join(' ')} }`),
    fc
      .tuple(fc.string({ maxLength: 6 }), fc.array(tie('selection'), { maxLength: 3 }))
      .map(([junk, children]) => `${junk}${children.join(' ')}`),
  ),
})).selection;
const nestedDocument = fc
  .tuple(
    fc.constantFrom('', 'query ', 'query Q($n: Int) ', 'mutation ', 'subscription ', '{ ', 'fragment F on Country '),
    nestedSelection,
    fc.integer({ min: -2, max: 2 }),
  )
  .map(([prefix, selection, unbalanced]) =>
    `${prefix}{ ${selection} }${unbalanced > 0 ? '}'.repeat(unbalanced) : ''}`.slice(0, unbalanced < 0 ? -unbalanced : undefined),
  );

/** Any JSON value at all, including __proto__ keys, huge and special numbers. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const hostileJson = fc.oneof(
  anyJson,
  fc.constantFrom<unknown>(
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    1e308,
    -1e308,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    -2147483649,
    2147483648,
    '9'.repeat(400),
    '\u0000',
    '\ud800',
    '',
  ),
  fc.bigInt().map((n) => n.toString()),
  fc.double().map((n) => n),
);

const queryValue = fc.oneof(
  { weight: 3, arbitrary: anyText },
  { weight: 3, arbitrary: damagedQuery },
  { weight: 3, arbitrary: nestedDocument },
  { weight: 2, arbitrary: fc.constantFrom(...VALID_QUERIES) },
  { weight: 1, arbitrary: hostileJson },
);

const variablesValue = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom('code', 'first', 'after', 'f', 'id', 'input', 'n', '__proto__', 'constructor'), hostileJson, {
    maxKeys: 4,
  }),
  hostileJson,
  fc.string(),
);

/** A GraphQL-over-HTTP request body object, well-formed or not. */
const operationObject = fc
  .record(
    {
      query: queryValue,
      variables: variablesValue,
      operationName: fc.oneof(fc.constantFrom('One', 'Page', 'Nope', '', 'M'), hostileJson),
      extensions: fc.oneof(
        hostileJson,
        fc.record({
          persistedQuery: fc.record({
            version: fc.oneof(fc.constant(1), hostileJson),
            sha256Hash: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), hostileJson),
          }),
        }),
      ),
    },
    { requiredKeys: [] },
  )
  .map((operation) => operation as Record<string, unknown>);

const body = fc.oneof(
  { weight: 6, arbitrary: operationObject.map((operation) => JSON.stringify(operation)) },
  // Arrays as bodies: batches of anything, nested arrays, empty.
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(operationObject, hostileJson, fc.array(operationObject, { maxLength: 2 })), { maxLength: 12 })
      .map((batch) => JSON.stringify(batch)),
  },
  // Not JSON (or not an object) under a JSON content type.
  {
    weight: 2,
    arbitrary: fc.oneof(
      anyText,
      fc.constantFrom(
        '',
        'null',
        'true',
        '1',
        '"query"',
        '{',
        '{"query": "{ minerals { edges { node { code } } } }"',
        '[',
        '{"query":}',
        '\u0000{}',
        '\ufeff{"query":"{ minerals { edges { node { code } } } }"}',
        '{"query": "\\ud800"}',
        `{"a":${'['.repeat(5000)}`,
      ),
    ),
  },
  { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? 'undefined') },
);

const printableHeader = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 });
const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/graphql-response+json',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/graphql',
      'multipart/form-data; boundary=x',
      'application/json; charset=nope',
    ),
    accept: fc.constantFrom(
      'application/json',
      'application/graphql-response+json',
      'application/graphql-response+json, application/json',
      '*/*',
      'text/html',
      'nonsense/none',
    ),
    authorization: fc.oneof(
      printableHeader,
      printableHeader.map((token) => `Bearer ${token.replace(/\s/g, '')}`),
      fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6IkFETUlOIn0.'),
    ),
    'x-request-id': printableHeader,
    'apollo-require-preflight': fc.constant('true'),
  },
  { requiredKeys: ['content-type'] },
);

const postRequest: fc.Arbitrary<HostileRequest> = fc.record({ method: fc.constant('POST' as const), body, headers });
const getRequest: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constant('GET' as const),
  body: fc
    .dictionary(
      fc.constantFrom('query', 'variables', 'operationName', 'extensions', 'query[]', 'query[a]'),
      fc.oneof(
        queryValue.map((q) => (typeof q === 'string' ? q : (JSON.stringify(q) ?? ''))),
        anyText,
      ),
      { maxKeys: 4 },
    )
    .map((params) =>
      Object.entries(params)
        .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ''))}`)
        .join('&'),
    ),
  headers: headers.map(({ authorization, 'x-request-id': requestId, ...rest }) => ({
    ...rest,
    ...(authorization ? { authorization } : {}),
    ...(requestId ? { 'x-request-id': requestId } : {}),
  })),
});

// ---------------------------------------------------------------- the property

const internalErrors: string[] = [];
let sent = 0;
const statuses = new Map<number, number>();
const codes = new Map<string, number>();

async function send(request: HostileRequest): Promise<void> {
  sent += 1;
  const url = request.method === 'GET' ? `${api.url}?${request.body}` : api.url;
  const response = await fetch(url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'POST' ? request.body : undefined,
  });
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const context = `${response.status} ${text.slice(0, 500)}`;

  expect({ status: response.status < 500, context }).toEqual({ status: true, context });
  let parsed: any;
  expect(() => (parsed = JSON.parse(text))).not.toThrow();
  const results: any[] = Array.isArray(parsed) ? parsed : [parsed];
  for (const result of results) {
    expect(typeof result).toBe('object');
    expect(result).not.toBeNull();
    // Either data or errors: a response with neither tells the client nothing.
    expect('data' in result || Array.isArray(result.errors)).toBe(true);
    for (const error of result.errors ?? []) {
      expect(typeof error.message).toBe('string');
      expect({ code: typeof error.extensions?.code, context }).toEqual({ code: 'string', context });
      codes.set(error.extensions.code, (codes.get(error.extensions.code) ?? 0) + 1);
      // A client's mistake is never reported as the server's.
      if (error.extensions.code === 'INTERNAL_SERVER_ERROR') internalErrors.push(request.body.slice(0, 200));
      expect({ code: error.extensions.code, context }).not.toEqual({ code: 'INTERNAL_SERVER_ERROR', context });
      expect(error.extensions.stacktrace).toBeUndefined();
      expect(error.extensions.exception).toBeUndefined();
    }
  }
  const sentText = `${request.body} ${JSON.stringify(request.headers)}`;
  for (const pattern of INTERNALS) {
    if (!pattern.test(sentText))
      expect({ leaked: pattern.test(text), pattern: String(pattern), context }).toEqual({
        leaked: false,
        pattern: String(pattern),
        context,
      });
  }
}

const RUNS_PER_CHUNK = 600;

describe('hostile input over real HTTP', () => {
  it.each([
    ['POST bodies of any shape', postRequest],
    [
      'POST documents: damaged valid queries',
      fc.record({
        method: fc.constant('POST' as const),
        body: fc.tuple(damagedQuery, variablesValue).map(([query, variables]) => JSON.stringify({ query, variables })),
        headers: fc.constant({ 'content-type': 'application/json' }),
      }),
    ],
    [
      'POST documents: random nesting, huge numbers, wrong variable types',
      fc.record({
        method: fc.constant('POST' as const),
        body: fc
          .tuple(fc.oneof(nestedDocument, fc.constantFrom(...VALID_QUERIES)), variablesValue)
          .map(([query, variables]) => JSON.stringify({ query, variables })),
        headers: fc.constant({ 'content-type': 'application/json' }),
      }),
    ],
    [
      'POST raw text under a JSON content type',
      fc.record({
        method: fc.constant('POST' as const),
        body: fc.oneof(anyText, body),
        headers: fc.constant({ 'content-type': 'application/json' }),
      }),
    ],
    ['GET query strings', getRequest],
  ] as const)(
    '%s: JSON, < 500, a code on every error, no internals',
    async (_name, arbitrary) => {
      // Every run, however busy the machine: the total below counts on them.
      await fc.assert(fc.asyncProperty(arbitrary as fc.Arbitrary<HostileRequest>, send), { numRuns: RUNS_PER_CHUNK });
    },
    240_000,
  );

  it('POST variables: long strings, NUL bytes, negative and huge first, long lists, tampered cursors: JSON, < 500, a code on every error, no internals', async () => {
    const requests = oversizedOperations(cursors).map(
      ({ body, withToken }): HostileRequest => ({
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(withToken ? admin : {}) },
      }),
    );
    await fc.assert(fc.asyncProperty(requests, send), { numRuns: 400 });
  }, 240_000);

  it('sent at least 2000 requests in all', () => {
    expect(sent).toBeGreaterThanOrEqual(2_000);
    // Reported, not asserted: which answers the run produced.
    process.stdout.write(
      `hostile requests: ${sent}; statuses ${JSON.stringify(Object.fromEntries(statuses))}; codes ${JSON.stringify(Object.fromEntries(codes))}; ` +
        `INTERNAL_SERVER_ERROR answers: ${internalErrors.length}\n`,
    );
    expect(internalErrors).toEqual([]);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
  });

  // Automatic persisted queries are off: such requests are the client's mistake, never a server error.
  it('answers a malformed persisted-query extension with a client error code, not INTERNAL_SERVER_ERROR', async () => {
    for (const extensions of [{ persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } }, { persistedQuery: 'x' }]) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ minerals { edges { node { code } } } }', extensions }),
      });
      const result: any = await response.json();
      expect(['BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED']).toContain(result.errors[0].extensions.code);
    }
  });

  it('answers a persisted-query hash that does not match the query with a client error code, not INTERNAL_SERVER_ERROR', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ minerals { edges { node { code } } } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
      }),
    });
    const result: any = await response.json();
    expect(['BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED']).toContain(result.errors[0].extensions.code);
  });

  it('answers a subscription sent over HTTP with a client error, not INTERNAL_SERVER_ERROR', async () => {
    const response = await api.graphql('subscription { commitmentStatusChanged { statusChange { toStatus } } }');
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  // A bound a busy machine meets too; a server left stuck by the fuzzing would not.
  it('still answers a normal query correctly, within 5 s, afterwards', async () => {
    const started = Date.now();
    const response = await api.graphql('query After($code: String!) { country(code: $code) { code name } countries { totalCount } }', {
      code: 'in',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const data = dataOf(response);
    expect(data.country.code).toBe('IN');
    expect(data.countries.totalCount).toBe(13);
    expect((await fetch(api.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
