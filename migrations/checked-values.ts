import type { QueryRunner } from 'typeorm';

/**
 * Widens or narrows the list a CHECK of `table` on `column` admits, read from the constraint
 * itself: record types added by other migrations survive whatever order they run in.
 */
export async function changeCheckedValues(
  q: QueryRunner,
  table: string,
  column: string,
  change: { add?: string; remove?: string },
): Promise<void> {
  const [check] = await q.query(
    `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%' || $2 || '%'`,
    [table, column],
  );
  const values = new Set([...(check.definition as string).matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]));
  if (change.add) values.add(change.add);
  if (change.remove) values.delete(change.remove);
  const list = [...values].map((value) => `'${value}'`).join(', ');
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${check.conname}, ADD CONSTRAINT ${check.conname} CHECK (${column} IN (${list}))`);
}
