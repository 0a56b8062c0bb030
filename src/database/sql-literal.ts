import type { PoolClient } from 'pg';

/**
 * A value written into a statement's text as pg would have sent it as a parameter: for messages of
 * several statements, which the simple protocol sends without parameters. Strings, numbers, nulls,
 * and lists of them (with the SQL type cast in the statement).
 */
export function literalOf(client: PoolClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return client.escapeLiteral(arrayText(value));
  return client.escapeLiteral(scalar(value));
}

/** A list of strings, numbers and nulls as the text of a Postgres array. */
export function arrayText(items: readonly unknown[]): string {
  const quoted = items.map((item) =>
    item === null || item === undefined ? 'NULL' : `"${scalar(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
  );
  return `{${quoted.join(',')}}`;
}

/** A string or number as text; anything else pg would write otherwise (a Date, an object, a nested list) is refused. */
function scalar(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new Error(`No literal for a ${typeof value}: pass it as a string`);
}

/** `sql` with its parameters ($1, $2…) written in as literals. */
export function withLiterals(client: PoolClient, sql: string, values: readonly unknown[]): string {
  return sql.replace(/\$(\d+)(?!\d)/g, (_, position: string) => literalOf(client, values[Number(position) - 1]));
}
