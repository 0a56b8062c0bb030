import { createHash } from 'node:crypto';
import type { PoolClient, QueryResult } from 'pg';
import type { EntityManager } from 'typeorm';
import { sqlLiteral } from './sql-literal';

/** A statement with its parameters ($1, $2, …), and how its rows are read. */
export interface PlannedStatement<T> {
  text: string;
  values: readonly unknown[];
  read: (rows: object[]) => T;
}

type ReadOf<S> = S extends PlannedStatement<infer T> ? T : never;

/** Runs one planned statement on its own, as any other statement of the transaction. */
export async function runPlanned<T>(manager: EntityManager, statement: PlannedStatement<T>): Promise<T> {
  if (!manager.queryRunner) throw new Error('runPlanned: run it in a transaction');
  const result = await manager.queryRunner.query(statement.text, [...statement.values], true);
  return statement.read(result.records as object[]);
}

// The few texts sent this way come from the code, never from a client: one name each.
const names = new Map<string, string>();
const nameOf = (text: string): string => {
  let name = names.get(text);
  if (name === undefined) {
    name = `together_${createHash('sha1').update(text).digest('hex')}`;
    names.set(text, name);
  }
  return name;
};
/** What each connection has prepared with SQL PREPARE (which outlives a rollback). */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/**
 * Runs `statements` in order, in the transaction of `manager`, as one message: one round trip
 * however many there are. Each runs on a snapshot of its own, after the one before, as if sent
 * alone (a row the first locks stays locked for the second's read), and as a statement prepared
 * on the connection (SQL PREPARE, the first time), so it is not parsed or planned again. The first
 * that fails fails the message: the statements after it do not run.
 */
export async function inOneMessage<S extends readonly PlannedStatement<unknown>[]>(
  manager: EntityManager,
  statements: S,
): Promise<{ [K in keyof S]: ReadOf<S[K]> }> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('inOneMessage: run it in a transaction');
  const client = (await runner.connect()) as PoolClient;
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  for (const { text } of statements) {
    const name = nameOf(text);
    if (prepared.has(name)) continue;
    // Alone: a PREPARE that ran is known to have run.
    await client.query(`PREPARE ${name} AS ${text}`);
    prepared.add(name);
  }
  const executes = statements.map(({ text, values }) => {
    const parameters = values.length > 0 ? `(${values.map((value) => sqlLiteral(client, value)).join(', ')})` : '';
    return `EXECUTE ${nameOf(text)}${parameters}`;
  });
  // Counted as the statements they are (see CountingLogger).
  for (const { text, values } of statements) manager.connection.logger.logQuery(text, [...values], runner);
  const result = (await client.query(executes.join('; '))) as unknown as QueryResult | QueryResult[];
  const results = Array.isArray(result) ? result : [result];
  return statements.map((statement, index) => statement.read(results[index].rows)) as { [K in keyof S]: ReadOf<S[K]> };
}
