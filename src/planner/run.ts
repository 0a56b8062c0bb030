import { type ExecutionResult, GraphQLError } from 'graphql';
import type { PoolClient } from 'pg';
import type { Context } from '../context';
import { PreparedStatements } from '../database/prepared-statements';
import { mayReadReplica } from '../database/replica-reads';
import type { CompiledRead } from './planner';
import { RawJson } from './raw-json';

// Statements kept prepared on each connection: one per distinct (document, role) shape, bounded so
// that clients sending endless new documents cannot grow every backend; the rest run unnamed.
const PREPARED_SHAPES = 500;
const preparedReads = new PreparedStatements(PREPARED_SHAPES);

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
    const result = await client.query({ name: preparedReads.nameOf(read.sql), text: read.sql, values: read.values });
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
