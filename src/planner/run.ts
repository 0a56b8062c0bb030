import { createHash } from 'node:crypto';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { PoolClient } from 'pg';
import type { Context } from '../context';
import { mayReadReplica } from '../database/replica-reads';
import type { CompiledRead } from './planner';
import { RawJson } from './raw-json';

// Statements kept prepared on each connection: one per distinct (document, role) shape, bounded so
// that clients sending endless new documents cannot grow every backend; the rest run unnamed.
const PREPARED_SHAPES = 500;
const prepared = new Set<string>();
// Each text's name, so a text met again is not hashed again; bounded by the characters it holds.
const NAMED_TEXT_CHARACTERS = 2_000_000;
const names = new LRUCache<string, string>({ maxSize: NAMED_TEXT_CHARACTERS, sizeCalculation: (_name, sql) => sql.length });

/** The name a statement is prepared under (its text's hash), while there is room for more. */
function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined) {
    name = `compiled_${createHash('sha1').update(sql).digest('hex')}`;
    names.set(sql, name);
  }
  if (prepared.has(name)) return name;
  if (prepared.size >= PREPARED_SHAPES) return undefined;
  prepared.add(name);
  return name;
}

/**
 * Runs a compiled read: one statement on the read connections (a replica when configured and
 * the request may read one), whose row is the response's data, as text (see RawJson). It is a
 * named prepared statement, so Postgres parses and plans each shape once per connection, not
 * once per request. A failed statement (a timeout, a lost connection) is reported as a
 * resolver's failure would be, its cause kept for the error formatting (QUERY_TIMEOUT…).
 */
export async function runCompiledRead(read: CompiledRead, context: Context): Promise<ExecutionResult> {
  const { db } = context.services;
  const runner = db.createQueryRunner(db.driver.isReplicated && mayReadReplica() ? 'slave' : 'master');
  try {
    const client: PoolClient = await runner.connect();
    db.logger.logQuery(read.sql, read.values, runner);
    const result = await client.query({ name: statementName(read.sql), text: read.sql, values: read.values });
    return { data: new RawJson(result.rows[0].data) as unknown as Record<string, unknown> };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const path = Object.keys(read.dataOnError ?? {}).slice(0, 1);
    // A copy: the plan, and so its dataOnError, may serve later requests too.
    return { data: read.dataOnError && { ...read.dataOnError }, errors: [new GraphQLError(cause.message, { originalError: cause, path })] };
  } finally {
    await runner.release();
  }
}
