import { buildClientSchema, getIntrospectionQuery, IntrospectionQuery } from 'graphql';
import { dataOf, TEST_SETTINGS, TestApi, startTestApi, useTestApi } from '../helpers/test-api';

/**
 * Introspection, when it is on, passes every operation limit that the standard
 * introspection query needs (explorers, code generators and schema tools send
 * it), and nothing more: its subtree is measured apart from data and capped at
 * that query's shape, and data beside it is measured as usual.
 */
const api = useTestApi();

const STANDARD = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

/** `__type(name: "Commitment") { ofType { … { name } } }`, `levels` ofType deep. */
function ofTypeChain(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `ofType { ${inner} }`;
  return `{ __type(name: "Commitment") { ${inner} } }`;
}

function refusal(response: { body: any; statements: number }) {
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.data ?? null).toBeNull();
  expect(response.statements).toBe(0);
  return response.body.errors[0];
}

describe('with introspection on (the default in local use)', () => {
  it("answers graphql-js's introspection query with every option, under the default limits", async () => {
    expect(TEST_SETTINGS.introspection).toBe(true);
    expect(TEST_SETTINGS.limits.depth).toBe(10);
    const response = await api.graphql<IntrospectionQuery>(STANDARD);
    const schema = buildClientSchema(dataOf(response));
    expect(schema.getType('Commitment')).toBeDefined();
    expect(schema.getQueryType()?.getFields().countries).toBeDefined();
  });

  it('answers it inside a batch too', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: STANDARD }, { query: '{ minerals { edges { node { code } } } }' }]),
    });
    const [introspection, minerals] = (await response.json()) as any[];
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.types.length).toBeGreaterThan(20);
    expect(minerals.data.minerals.edges.length).toBeGreaterThan(0);
  });

  it('refuses an ofType chain deeper than the standard query needs, with QUERY_TOO_DEEP and that depth as the limit', async () => {
    const standardChain = await api.graphql(ofTypeChain(9));
    expect(standardChain.body.errors).toBeUndefined();
    const error = refusal(await api.graphql(ofTypeChain(40)));
    expect(error.extensions.code).toBe('QUERY_TOO_DEEP');
    expect(error.message).toMatch(/introspection query is nested too deeply/);
    expect(error.extensions.limit).toBeGreaterThanOrEqual(14);
    expect(error.extensions.actual).toBe(41);
  });

  it('refuses more nested lists than the standard query has (types, fields, args) with QUERY_TOO_COMPLEX', async () => {
    // Passes graphql-js's own introspection rule (it counts fields, interfaces, possibleTypes, inputFields), yet
    // asks for every type × its fields × their arguments × the fields of each argument's type.
    const query = '{ __schema { types { fields { args { type { fields { name } } } } } } }';
    const error = refusal(await api.graphql(query));
    expect(error.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error.message).toMatch(/introspection query nests too many lists \(limit 3, got 4\)/);
  });

  it("still refuses fields of fields of fields (graphql-js's own rule)", async () => {
    const query = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    expect(refusal(await api.graphql(query)).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives data next to introspection no exemption: its depth counts against MAX_QUERY_DEPTH', async () => {
    let chain = 'code';
    for (let i = 0; i < 3; i++)
      chain = `memberships { edges { node { alliance { memberships { edges { node { country { ${chain} } } } } } } } }`;
    const error = refusal(await api.graphql(`{ __schema { queryType { name } } country(code: "US") { ${chain} } }`));
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 10, actual: 13 });
  });

  it('still counts aliases inside introspection against MAX_ALIASES', async () => {
    const aliases = Array.from({ length: TEST_SETTINGS.limits.aliases + 1 }, (_, i) => `a${i}: name`).join(' ');
    const error = refusal(await api.graphql(`{ __schema { types { ${aliases} } } }`));
    expect(error.extensions.code).toBe('TOO_MANY_ALIASES');
  });
});

describe('with introspection off', () => {
  let production: TestApi;
  beforeAll(async () => {
    production = await startTestApi({ introspection: false });
  });
  afterAll(() => production.close());

  it('refuses the standard introspection query as before, with GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await production.graphql(STANDARD);
    expect(response.status).toBeLessThan(500);
    const error = refusal(response);
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/introspection is not allowed/);
  });
});
