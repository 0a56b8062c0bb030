import type { DataSource } from 'typeorm';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { authHeader, GraphQLResponse, TestApi } from './test-api';

/** Sends a mutation's `input` with a token for the claims. */
export async function mutateAs(api: TestApi, claims: TokenClaims, query: string, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return api.graphql(query, { input }, await authHeader(claims));
}

/** The one error of a refused request, checked to carry the code. */
export function refusal(response: GraphQLResponse, code: string) {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error.extensions?.code).toBe(code);
  return error;
}

/**
 * One row of aggregates over everything a mutation could write (counts, versions, last
 * update), each an SQL expression by name: equal snapshots before and after a refused
 * request prove it wrote nothing.
 */
export async function snapshotOf(db: DataSource, aggregates: Record<string, string>): Promise<Record<string, unknown>> {
  const [row] = await db.query(
    `SELECT ${Object.entries(aggregates)
      .map(([name, sql]) => `(${sql}) AS "${name}"`)
      .join(', ')}`,
  );
  return row;
}

/** `count(*)` of each table, by table name, for `snapshotOf`. */
export const countsOf = (...tables: string[]): Record<string, string> =>
  Object.fromEntries(tables.map((table) => [table, `SELECT count(*) FROM ${table}`]));
