import { getNamedType, getNullableType, GraphQLInputType, isInputObjectType, isListType, isObjectType, isScalarType } from 'graphql';
import { Role } from '../../src/modules/auth/caller';
import { createSchema } from '../../src/schema';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';
import { overWebSocket } from '../helpers/websocket';

const api = useTestApi();
let admin: Record<string, string>;
beforeAll(async () => {
  admin = await authHeader({ sub: 'limits-admin', role: Role.ADMIN });
});

function expectBadInput(response: GraphQLResponse, argument: string, message: RegExp): void {
  expect(response.status).toBeLessThan(500);
  expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument } });
  expect(response.body.errors?.[0].message).toMatch(message);
}

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id valueChainStages minerals { code } } } }`;

function newCommitment(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Limits test commitment',
    kind: 'FUNDING',
    instrument: 'MOU',
    parties: [{ countryCode: 'IN', role: 'LEAD' }],
    ...overrides,
  };
}

async function commitmentCount(): Promise<number> {
  const [{ count }] = await api.db.query('SELECT count(*)::int AS count FROM commitments');
  return count;
}

describe('text inputs', () => {
  const LISTS = [
    ['commitments', 'CommitmentFilter', ''],
    ['commitments', 'CommitmentFilter', ', asOf: "2026-06-01T00:00:00Z"'],
    ['meetings', 'MeetingFilter', ''],
    ['projects', 'ProjectFilter', ''],
  ] as const;

  it.each(LISTS)('refuses a 1.5 MB %s filter.search (%s%s) at once with BAD_USER_INPUT naming it', async (list, filterType, extra) => {
    const started = Date.now();
    const response = await api.graphql(
      `query($f: ${filterType}) { ${list}(filter: $f${extra}) { totalCount } }`,
      { f: { search: 'lithium refining '.repeat(90_000) } },
      admin,
    );
    expectBadInput(response, 'filter.search', /filter\.search must be at most 200 characters/);
    // Generous: before the cap this search ran for 20 s (67 s with asOf).
    expect(Date.now() - started).toBeLessThan(5_000);
    const atTheCap = await api.graphql(
      `query($f: ${filterType}) { ${list}(filter: $f${extra}) { totalCount } }`,
      { f: { search: 'a'.repeat(200) } },
      admin,
    );
    expect(dataOf(atTheCap)[list].totalCount).toBe(0);
  });

  it.each([
    ['a search', 'query($v: String) { commitments(filter: { search: $v }) { totalCount } }', 'filter.search'],
    ['a cursor', 'query($v: String) { commitments(after: $v) { totalCount } }', 'after'],
    ['an ID', 'query($v: ID!) { commitment(id: $v) { title } }', 'id'],
    ['a list item', 'query($v: String!) { commitments(filter: { countryCodes: ["IN", $v] }) { totalCount } }', 'filter.countryCodes[1]'],
  ])('refuses a NUL byte in %s with BAD_USER_INPUT naming it', async (_what, query, argument) => {
    expectBadInput(await api.graphql(query, { v: 'lith\u0000ium' }), argument, /must not contain the NUL character/);
  });

  it('refuses a NUL byte in a mutation input, and writes nothing', async () => {
    const before = await commitmentCount();
    const response = await api.graphql(CREATE, { input: newCommitment({ description: 'Refinery\u0000' }) }, admin);
    expectBadInput(response, 'input.description', /input\.description must not contain the NUL character/);
    expect(await commitmentCount()).toBe(before);
  });

  it.each([
    ['country(code)', 'query($v: String!) { country(code: $v) { name } }', 'code'],
    ['commitment(id)', 'query($v: ID!) { commitment(id: $v) { title } }', 'id'],
    ['an ID in a filter', 'query($v: ID) { commitments(filter: { meetingId: $v }) { totalCount } }', 'filter.meetingId'],
  ])('caps an argument without a cap of its own, %s, at 1000 characters', async (_what, query, argument) => {
    expectBadInput(await api.graphql(query, { v: 'x'.repeat(1001) }), argument, /must be at most 1000 characters/);
  });
});

describe('list inputs', () => {
  it('refuses 101 valueChainStages with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await commitmentCount();
    const response = await api.graphql(CREATE, { input: newCommitment({ valueChainStages: Array(101).fill('RECYCLING') }) }, admin);
    expectBadInput(response, 'input.valueChainStages', /input\.valueChainStages must have at most 100 items/);
    expect(await commitmentCount()).toBe(before);
  });

  it('stores each value chain stage and mineral once, however often the input repeats it', async () => {
    const stages = Array.from({ length: 100 }, (_, index) => (index % 2 ? 'RECYCLING' : 'PROCESSING_REFINING'));
    const created = dataOf(
      await api.graphql(
        CREATE,
        { input: newCommitment({ valueChainStages: stages, mineralCodes: ['LITHIUM', 'LITHIUM', 'COBALT'] }) },
        admin,
      ),
    ).createCommitment;
    expect(created.commitment.valueChainStages).toEqual(['PROCESSING_REFINING', 'RECYCLING']);
    expect(created.commitment.minerals.map((mineral: { code: string }) => mineral.code).sort()).toEqual(['COBALT', 'LITHIUM']);
  });

  it.each([
    ['commitments', 'CommitmentFilter', 'countryCodes', 'IN'],
    ['projects', 'ProjectFilter', 'mineralCodes', 'LITHIUM'],
    ['meetings', 'MeetingFilter', 'kinds', 'MINISTERIAL'],
  ])('refuses 101 items in a %s filter list (%s.%s); 100 repeats answer as one', async (list, filterType, field, item) => {
    const query = `query($f: ${filterType}) { ${list}(filter: $f) { totalCount } }`;
    const response = await api.graphql(query, { f: { [field]: Array(101).fill(item) } });
    expectBadInput(response, `filter.${field}`, new RegExp(`filter\\.${field} must have at most 100 items`));
    const once = dataOf(await api.graphql(query, { f: { [field]: [item] } }))[list].totalCount;
    expect(dataOf(await api.graphql(query, { f: { [field]: Array(100).fill(item) } }))[list].totalCount).toBe(once);
  });

  it('refuses a subscription filter over its list cap over WebSocket, with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => `id-${index}`);
    const result = await overWebSocket(
      api,
      `subscription { commitmentStatusChanged(filter: { commitmentIds: ${JSON.stringify(ids)} }) { statusChange { toStatus } } }`,
    );
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter.commitmentIds' } });
  });
});

describe('the schema documents every cap', () => {
  /** Where a cap applies: text (String, ID) and lists. */
  function capped(type: GraphQLInputType): boolean {
    const named = getNamedType(type);
    return isListType(getNullableType(type)) || (isScalarType(named) && (named.name === 'String' || named.name === 'ID'));
  }

  it('states "At most …" on every text or list argument and input field', async () => {
    const schema = await createSchema();
    const undocumented: string[] = [];
    let checked = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const inputs = isInputObjectType(type)
        ? Object.values(type.getFields()).map((field) => [`${type.name}.${field.name}`, field] as const)
        : isObjectType(type)
          ? Object.values(type.getFields()).flatMap((field) =>
              field.args.map((arg) => [`${type.name}.${field.name}(${arg.name})`, arg] as const),
            )
          : [];
      for (const [coordinate, input] of inputs) {
        if (!capped(input.type)) continue;
        checked += 1;
        if (!/At most \d+ (characters|items)/.test(input.description ?? '')) undocumented.push(coordinate);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(undocumented).toEqual([]);
  });

  it('documents the search cap of 200 characters and the list caps with their duplicates rule', async () => {
    const schema = await createSchema();
    for (const filter of ['CommitmentFilter', 'MeetingFilter', 'ProjectFilter']) {
      const type = schema.getType(filter);
      if (!isInputObjectType(type)) throw new Error(`${filter} is not an input type`);
      expect(type.getFields().search.description).toMatch(/At most 200 characters\.$/);
    }
    const create = schema.getType('CreateCommitmentInput');
    if (!isInputObjectType(create)) throw new Error('CreateCommitmentInput is not an input type');
    expect(create.getFields().valueChainStages.description).toMatch(/At most 100 items; duplicates are ignored\./);
    expect(create.getFields().parties.description).toMatch(/At most 60 items/);
  });
});
