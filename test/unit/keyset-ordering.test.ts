import { cursorCondition, orderClause, type Ordering, SqlParams, toConnection, toPageRequest } from '../../src/shared/pagination';

const BY_TITLE: Ordering = { key: 'title', expression: 'c.title', sqlType: 'text', direction: 'ASC', idColumn: 'c.id' };
const BY_SEQUENCE: Ordering = {
  key: 'audit',
  expression: 'e.sequence',
  sqlType: 'bigint',
  direction: 'ASC',
  idColumn: 'e.id',
  unique: true,
};

const cursorOf = (ordering: Ordering, value: string, id: string) =>
  Buffer.from(JSON.stringify([ordering.key, value, id])).toString('base64url');

describe('keyset ordering', () => {
  it('breaks ties by id when the sort expression can repeat', () => {
    expect(orderClause(BY_TITLE, false)).toBe('c.title ASC, c.id ASC');
    expect(orderClause(BY_TITLE, true)).toBe('c.title DESC, c.id DESC');
    const page = toPageRequest({ first: 5, after: cursorOf(BY_TITLE, 'Lithium', '00000000-0000-4000-8000-000000000001') }, BY_TITLE);
    const params = new SqlParams();
    expect(cursorCondition(BY_TITLE, page, params)).toBe('(c.title, c.id) > ($1::text, $2::uuid)');
    expect(params.values).toEqual(['Lithium', '00000000-0000-4000-8000-000000000001']);
  });

  it('orders and pages by a unique expression alone, so an index on it serves the page without a sort', () => {
    expect(orderClause(BY_SEQUENCE, false)).toBe('e.sequence ASC');
    expect(orderClause(BY_SEQUENCE, true)).toBe('e.sequence DESC');
    const page = toPageRequest({ last: 5, before: cursorOf(BY_SEQUENCE, '42', '00000000-0000-4000-8000-000000000002') }, BY_SEQUENCE);
    const params = new SqlParams();
    expect(cursorCondition(BY_SEQUENCE, page, params)).toBe('e.sequence < $1::bigint');
    expect(params.values).toEqual(['42']);
  });

  it("writes a unique ordering's cursor with its key and value only, and still reads one that carries the id", () => {
    const id = '00000000-0000-4000-8000-000000000003';
    const page = toPageRequest({ first: 1 }, BY_SEQUENCE);
    const connection = toConnection({ rows: [{ __sort: '42', id }], hasMore: true }, page, BY_SEQUENCE, async () => 1);
    const cursor = connection.edges[0].cursor;
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual(['audit', '42']);
    expect(connection.pageInfo.endCursor).toBe(cursor);
    for (const after of [cursor, cursorOf(BY_SEQUENCE, '42', id)]) {
      const params = new SqlParams();
      expect(cursorCondition(BY_SEQUENCE, toPageRequest({ first: 5, after }, BY_SEQUENCE), params)).toBe('e.sequence > $1::bigint');
      expect(params.values).toEqual(['42']);
    }
    // A tie-broken ordering keeps the id in its cursors and needs it back.
    const byTitle = toConnection({ rows: [{ __sort: 'Lithium', id }], hasMore: false }, page, BY_TITLE, async () => 1);
    expect(JSON.parse(Buffer.from(byTitle.edges[0].cursor, 'base64url').toString('utf8'))).toEqual(['title', 'Lithium', id]);
    const withoutId = Buffer.from(JSON.stringify(['title', 'Lithium'])).toString('base64url');
    expect(() => toPageRequest({ first: 5, after: withoutId }, BY_TITLE)).toThrow(/Malformed cursor in "after"/);
  });

  it("refuses a unique ordering's cursor whose id is there but altered", () => {
    expect(() => toPageRequest({ first: 5, after: cursorOf(BY_SEQUENCE, '42', 'not-a-uuid') }, BY_SEQUENCE)).toThrow(/it was altered/);
  });

  it("writes an integer cursor's base64 with no '+', '/' or line break, so the compiled reads may skip base64url's replacements", () => {
    const keys = ['audit', 'sequence', 'k', 'a_b:c.d-e', 'x'.repeat(30)];
    const values = [0n, 1n, -1n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n];
    for (let n = 0; n < 2000; n++) values.push(BigInt(Math.floor(Math.random() * 2 ** 53)) * BigInt(1 + (n % 1000)));
    for (const key of keys)
      for (const value of values) {
        const text = JSON.stringify([key, value.toString()]);
        const base64 = Buffer.from(text).toString('base64');
        expect(base64.length).toBeLessThanOrEqual(76);
        expect(base64.replace(/=+$/, '')).toBe(Buffer.from(text).toString('base64url'));
      }
  });
});
