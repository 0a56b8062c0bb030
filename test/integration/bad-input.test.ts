import { Role } from '../../src/modules/auth/caller';
import { toGlobalId } from '../../src/shared/global-id';
import { authHeader, useTestApi } from '../helpers/test-api';

const api = useTestApi();

/** Sends a request that must fail cleanly: the expected code, a message naming the problem, no internals, no 5xx. */
async function expectRefusal(query: string, variables: Record<string, unknown> | undefined, code: string, message: RegExp) {
  const response = await api.graphql(query, variables);
  expect(response.status).toBeLessThan(500);
  const error = response.body.errors?.[0];
  expect(error?.extensions?.code).toBe(code);
  expect(error?.message).toMatch(message);
  const text = JSON.stringify(response.body);
  expect(text).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+|node_modules|\/src\//);
  return response;
}

describe('pagination arguments', () => {
  it.each([
    ['first: 0', /"first" must be between 1 and 100, got 0/],
    ['first: 101', /"first" must be between 1 and 100, got 101/],
    ['first: -5', /"first" must be between 1 and 100/],
    ['last: 0', /"last" must be between 1 and 100, got 0/],
    ['last: 1000', /"last" must be between 1 and 100/],
    ['first: 2, last: 2', /either "first" or "last", not both/],
    ['first: 2, after: "x", before: "y"', /either "after" or "before", not both/],
  ])('%s is refused with BAD_USER_INPUT', async (args, message) => {
    await expectRefusal(`{ countries(${args}) { totalCount } }`, undefined, 'BAD_USER_INPUT', message);
  });

  it('refuses out-of-range sizes on nested lists too', async () => {
    await expectRefusal(
      '{ country(code: "IN") { commitments(first: 500) { totalCount } } }',
      undefined,
      'BAD_USER_INPUT',
      /"first" must be between 1 and 100/,
    );
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['empty', ''],
    ['valid base64, wrong shape', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuses a malformed cursor (%s)', async (_name, cursor) => {
    await expectRefusal(
      'query($c: String) { countries(after: $c) { totalCount } }',
      { c: cursor },
      'BAD_USER_INPUT',
      /Malformed cursor in "after"/,
    );
  });

  /** A cursor this list issued, with its sort value or row id replaced: what a client that edits cursors sends. */
  function tampered(cursor: string, part: 1 | 2, value: string): string {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    parts[part] = value;
    return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
  }

  // One ordering per SQL type a cursor's value is cast to.
  const ORDERED_LISTS = [
    [
      'timestamptz',
      'commitments(first: 1, after: $c, orderBy: { field: UPDATED_AT })',
      ['garbage', '2026-13-01 00:00:00+00', '2026-01-01 25:00:00+00', '2026-02-30 10:00:00+00'],
    ],
    ['date', 'commitments(first: 1, after: $c, orderBy: { field: TARGET_DATE })', ['garbage', '2026-02-30', '20260101']],
    ['numeric', 'commitments(first: 1, after: $c, orderBy: { field: AMOUNT })', ['garbage', '1,5', '1e99999']],
    ['text', 'commitments(first: 1, after: $c, orderBy: { field: TITLE })', ['a\u0000b']],
    ['real', 'commitments(first: 1, after: $c, filter: { search: "minerals" })', ['garbage', '1..5']],
    ['bigint', 'auditTrail(first: 1, after: $c)', ['garbage', '99999999999999999999999', '1.5']],
  ] as const;

  it.each(ORDERED_LISTS)('refuses a cursor whose %s sort value was altered, with BAD_USER_INPUT', async (_type, field, values) => {
    const auditor = await authHeader({ sub: 'cursor-auditor', role: Role.AUDITOR });
    const query = `query($c: String) { list: ${field} { edges { cursor } } }`;
    const first = await api.graphql(query, { c: null }, auditor);
    const cursor = first.body.data.list.edges[0].cursor;
    expect((await api.graphql(query, { c: cursor }, auditor)).body.errors).toBeUndefined();
    for (const value of values) {
      const response = await api.graphql(query, { c: tampered(cursor, 1, value) }, auditor);
      expect({ value, code: response.body.errors?.[0].extensions?.code }).toEqual({ value, code: 'BAD_USER_INPUT' });
      expect(response.body.errors?.[0].message).toMatch(/Malformed cursor in "after"/);
    }
  });

  it.each([['-'.repeat(36)], ['zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'], ['00000000-0000-0000-0000-00000000000']])(
    'refuses a cursor whose row id was altered to %p',
    async (id) => {
      const first = await api.graphql('{ countries(first: 1) { edges { cursor } } }');
      const cursor = tampered(first.body.data.countries.edges[0].cursor, 2, id);
      await expectRefusal(
        'query($c: String) { countries(after: $c) { totalCount } }',
        { c: cursor },
        'BAD_USER_INPUT',
        /Malformed cursor in "after"/,
      );
    },
  );

  it("refuses a cursor from another list's ordering", async () => {
    const meetings = await api.graphql('{ meetings(first: 1) { pageInfo { endCursor } } }');
    const cursor = meetings.body.data.meetings.pageInfo.endCursor;
    await expectRefusal(
      'query($c: String) { countries(after: $c) { totalCount } }',
      { c: cursor },
      'BAD_USER_INPUT',
      /belongs to another list or ordering/,
    );
  });
});

describe('IDs', () => {
  it.each([['nope'], [''], [Buffer.from('Commitment:123').toString('base64url')]])('refuses the malformed ID %p', async (id) => {
    await expectRefusal('query($id: ID!) { commitment(id: $id) { title } }', { id }, 'BAD_USER_INPUT', /Malformed ID/);
  });

  it('answers null, without an error, for an ID of another type: it names no commitment', async () => {
    const countryId = toGlobalId('Country', '00000000-0000-4000-8000-000000000000');
    const response = await api.graphql('query($id: ID!) { commitment(id: $id) { title } }', { id: countryId });
    expect(response.body).toEqual({ data: { commitment: null } });
  });

  it('answers null, without an error, for a well-formed ID that matches nothing', async () => {
    const id = toGlobalId('Commitment', '00000000-0000-4000-8000-000000000000');
    const response = await api.graphql('query($id: ID!) { commitment(id: $id) { title } }', { id });
    expect(response.body).toEqual({ data: { commitment: null } });
  });

  it('refuses a malformed meetingId inside a filter, naming the argument', async () => {
    await expectRefusal(
      '{ commitments(filter: { meetingId: "bad" }) { totalCount } }',
      undefined,
      'BAD_USER_INPUT',
      /Malformed ID "bad" in filter.meetingId/,
    );
  });
});

describe('enum values', () => {
  it('refuses an unknown enum value in variables with BAD_USER_INPUT naming the value', async () => {
    await expectRefusal(
      'query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }',
      { f: { statuses: ['FINISHED'] } },
      'BAD_USER_INPUT',
      /FINISHED/,
    );
  });

  it('refuses an unknown enum literal in the document as a validation error naming the value', async () => {
    const response = await expectRefusal(
      '{ commitments(filter: { kinds: [BRIBERY] }) { totalCount } }',
      undefined,
      'GRAPHQL_VALIDATION_FAILED',
      /BRIBERY/,
    );
    // A plain-JSON client reads request errors from the body (GraphQL over HTTP: 200)...
    expect(response.status).toBe(200);
    // ...a client that accepts application/graphql-response+json gets the 400.
    const strict = await api.graphql('{ commitments(filter: { kinds: [BRIBERY] }) { totalCount } }', undefined, {
      accept: 'application/graphql-response+json',
    });
    expect(strict.status).toBe(400);
  });
});

describe('malformed requests', () => {
  it('refuses a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    await expectRefusal('{ countries(first: 1 { totalCount }', undefined, 'GRAPHQL_PARSE_FAILED', /Syntax Error/);
  });

  it('refuses an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    await expectRefusal('{ countries { secretColumn } }', undefined, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "secretColumn"/);
  });
});
