import { type DocumentNode, GraphQLSchema, parse } from 'graphql';
import { loadConfig } from '../../src/config';
import { checkOperation } from '../../src/http/operation-limits';
import { createSchema } from '../../src/schema';

const LIMITS = loadConfig({}).http.limits;

/** checkOperation's answer: the cost, or the refusing error's code. */
function outcome(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): number | string | undefined {
  try {
    return checkOperation(schema, document, undefined, variables, LIMITS);
  } catch (error) {
    return String((error as { extensions?: { code?: unknown } }).extensions?.code);
  }
}

// One parsed document, asked again and again as Apollo's document store hands it back: every answer must be the fresh one.
describe('the operation limits on a document seen before', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  it('reads page sizes from the variables of each request', () => {
    const document = parse('query($n: Int, $after: String) { countries(first: $n, after: $after) { edges { node { code } } } }');
    expect(outcome(schema, document, { n: 5 })).toBe(5);
    expect(outcome(schema, document, { n: 5, after: 'x' })).toBe(5);
    expect(outcome(schema, document, { n: 0 })).toBe('BAD_USER_INPUT');
    expect(outcome(schema, document, { n: 100 })).toBe(100);
    expect(outcome(schema, document, {})).toBe(20);
    expect(outcome(schema, document, { n: 5 })).toBe(5);
  });

  it('reads a list of ids, a directive condition and a variable inside an object whole', () => {
    const nodes = parse('query($ids: [ID!]!) { nodes(ids: $ids) { id } }');
    expect(outcome(schema, nodes, { ids: ['a'] })).toBe(1);
    expect(outcome(schema, nodes, { ids: ['a', 'b', 'c'] })).toBe(3);
    const skipped = parse('query($skip: Boolean!) { countries(first: 50) @skip(if: $skip) { edges { node { code } } } }');
    expect(outcome(schema, skipped, { skip: false })).toBe(50);
    expect(outcome(schema, skipped, { skip: true })).toBe(0);
    expect(outcome(schema, skipped, { skip: false })).toBe(50);
  });

  it('tells a variable that is given from one that is absent or null', () => {
    // A nullable variable for a non-null argument (validation would refuse it): null makes the estimate give up.
    const document = parse('query($code: String) { country(code: $code) { code } }');
    const withCode = outcome(schema, document, { code: 'IN' });
    const withNull = outcome(schema, document, { code: null });
    expect([withCode, withNull]).toEqual([0, 'QUERY_TOO_COMPLEX']);
    expect(outcome(schema, document, { code: 'FR' })).toBe(withCode);
    expect(outcome(schema, document, { code: null })).toBe(withNull);
    expect(outcome(schema, document, {})).toBe(outcome(schema, parse('query($code: String) { country(code: $code) { code } }'), {}));
  });
});
