import { parse } from 'graphql';
import { costOf } from '../../src/http/operation-limits';
import { createSchema } from '../../src/schema';

describe('the cost estimate', () => {
  // 100 × (1 + 100): just over the default limit of 10 000.
  const OVER = 'countries(first: 100) { edges { node { commitments(first: 100) { totalCount } } } }';

  it('never lets a negative page size subtract from its siblings (whatever checks run before it)', async () => {
    const schema = await createSchema();
    expect(costOf(schema, parse(`{ ${OVER} }`), undefined, {})).toBe(10_100);
    expect(costOf(schema, parse(`{ ${OVER} n: countries(first: -100000000) { totalCount } }`), undefined, {})).toBe(10_100);
    expect(costOf(schema, parse(`query($n: Int) { ${OVER} n: countries(last: $n) { totalCount } }`), undefined, { n: -5 })).toBe(10_100);
  });
});
