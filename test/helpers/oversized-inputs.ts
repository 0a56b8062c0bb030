import fc from 'fast-check';

/**
 * Values past every input limit, for the hostile-input property: long text in
 * one- to four-byte characters, NUL bytes, page sizes out of range, long lists
 * of repeats and cursors the server issued with a part replaced.
 */

/** Text past the caps (mostly a little, sometimes by far), in one- to four-byte characters. */
const longText = fc
  .tuple(
    fc.constantFrom('a', 'é', '€', '😀', 'lithium ', '"', '\\', ' '),
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 150, max: 5_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 150_000 }) },
    ),
  )
  .map(([unit, count]) => unit.repeat(count));
const withNul = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([before, after]) => `${before}\u0000${after}`);
const hostileText = fc.oneof(longText, withNul, fc.string({ maxLength: 30 }));
/** List items stay short, so a long list stays a few hundred kB. */
const shortText = fc.oneof(withNul, fc.string({ maxLength: 30 }), fc.constantFrom('IN', 'DE', 'US', 'LITHIUM'));
const hostileFirst = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 0 }),
  fc.integer({ min: 101, max: 2 ** 31 - 1 }),
  fc.constantFrom(-1, 0, 101, 2 ** 31 - 1, 2 ** 31, 1e15),
  fc.constant(null),
);
/** A list of 90 to 5,000 items, mostly repeats of one value. */
function longList<T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc
    .tuple(item, fc.array(item, { maxLength: 3 }), fc.integer({ min: 90, max: 5_000 }))
    .map(([value, others, count]) => [...others, ...Array<T>(count).fill(value)]);
}
const hostileList = <T>(item: fc.Arbitrary<T>) => fc.oneof(longList(item), fc.array(item, { maxLength: 4 }));

/** A cursor the server issued with one of its parts replaced, or base64 of anything. */
function tamperedCursor(issued: string[]): fc.Arbitrary<string> {
  const replacement = fc.oneof(
    hostileText,
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('infinity', '-1', '1e999', 'NaN', '2026-02-30', '2026-01-01 24:61:00+00', '9'.repeat(30), '-'.repeat(36)),
  );
  return fc.oneof(
    fc.tuple(fc.constantFrom(...issued), fc.integer({ min: 0, max: 3 }), replacement).map(([cursor, part, value]) => {
      const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      parts[part] = value;
      return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
    }),
    fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? '', 'utf8').toString('base64url')),
    hostileText,
  );
}

/** Well-formed operations (JSON bodies) whose variables carry the values above; sent with an ADMIN token or none. */
export function oversizedOperations(issued: string[]): fc.Arbitrary<{ body: string; withToken: boolean }> {
  const codes = fc.oneof(fc.constantFrom('IN', 'DE', 'US'), hostileText);
  const page = { first: hostileFirst, after: fc.oneof(tamperedCursor(issued), fc.constantFrom(...issued)) };
  const operations = [
    fc.record({
      query: fc.constant(
        'query($f: CommitmentFilter, $first: Int, $after: String, $o: CommitmentOrder, $asOf: DateTime) { commitments(filter: $f, first: $first, after: $after, orderBy: $o, asOf: $asOf) { totalCount edges { cursor node { id } } } }',
      ),
      variables: fc.record(
        {
          f: fc.record(
            {
              search: hostileText,
              countryCodes: hostileList(shortText),
              mineralCodes: hostileList(shortText),
              statuses: hostileList(fc.constantFrom('ANNOUNCED', 'DELAYED')),
              meetingId: hostileText,
            },
            { requiredKeys: [] },
          ),
          o: fc.constantFrom({ field: 'UPDATED_AT' }, { field: 'TARGET_DATE' }, { field: 'AMOUNT' }, { field: 'TITLE' }),
          asOf: fc.constantFrom('2026-06-01T00:00:00Z'),
          ...page,
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      query: fc.constant(
        'query($f: ProjectFilter, $first: Int, $after: String) { projects(filter: $f, first: $first, after: $after) { totalCount } meetings(first: $first, after: $after) { totalCount } }',
      ),
      variables: fc.record(
        {
          f: fc.record(
            { search: hostileText, countryCodes: hostileList(shortText), kinds: hostileList(fc.constantFrom('RECYCLING')) },
            { requiredKeys: [] },
          ),
          ...page,
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      query: fc.constant(
        'query($code: String!, $id: ID!, $first: Int, $after: String) { country(code: $code) { name commitments(first: $first, after: $after) { totalCount } } node(id: $id) { id } }',
      ),
      variables: fc.record({ code: codes, id: hostileText, ...page }),
    }),
    fc.record({
      query: fc.constant(
        'mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id valueChainStages } } }',
      ),
      variables: fc.record({
        input: fc.record({
          title: hostileText,
          description: hostileText,
          kind: fc.constant('FUNDING'),
          instrument: fc.constant('MOU'),
          parties: fc.oneof(fc.constant([{ countryCode: 'IN', role: 'LEAD' }]), longList(fc.constant({ countryCode: 'IN', role: 'LEAD' }))),
          valueChainStages: hostileList(fc.constantFrom('MINING', 'RECYCLING')),
          mineralCodes: hostileList(shortText),
          idempotencyKey: hostileText,
        }),
      }),
    }),
  ];
  return fc.tuple(fc.oneof(...operations), fc.boolean()).map(([operation, withToken]) => ({ body: JSON.stringify(operation), withToken }));
}
