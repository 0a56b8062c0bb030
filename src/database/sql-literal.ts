import type { PoolClient } from 'pg';

/**
 * A value written into a statement's text as pg would have sent it as a parameter: for statements
 * sent together in one message, which the simple protocol carries without parameters. Strings,
 * numbers, booleans, dates, nulls and lists of strings.
 */
export function sqlLiteral(client: PoolClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const items = value.map((item) => `"${String(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    return client.escapeLiteral(`{${items.join(',')}}`);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return client.escapeLiteral(String(value));
  throw new TypeError(`sqlLiteral: no literal for a ${typeof value}`);
}
