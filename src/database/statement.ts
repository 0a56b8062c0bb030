import type { EntityManager } from 'typeorm';

/** One SQL statement with its parameters, and how its rows are read into what it gives. */
export interface Statement<T> {
  sql: string;
  values: readonly unknown[];
  read(rows: Record<string, unknown>[]): T;
}

/** The rows of a statement as TypeORM gives them: an UPDATE or DELETE … RETURNING comes as [rows, count]. */
export const rowsOf = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? result[0] : (result as Record<string, unknown>[]);

/** Runs one statement on `manager`'s connection. */
export async function runStatement<T>(manager: EntityManager, statement: Statement<T>): Promise<T> {
  return statement.read(rowsOf(await manager.query(statement.sql, [...statement.values])));
}
