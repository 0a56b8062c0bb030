import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Context } from '../context';
import type { CompiledRead } from './planner';
import { RawJson } from './raw-json';

/**
 * Runs a compiled read: one statement on the read connections, whose row is the
 * response's data, as text (see RawJson). A failed statement (a timeout, a lost connection) is reported as a
 * resolver's failure would be, its cause kept for the error formatting (QUERY_TIMEOUT…).
 */
export async function runCompiledRead(read: CompiledRead, context: Context): Promise<ExecutionResult> {
  try {
    const [row] = await context.services.reads.query(read.sql, read.values);
    return { data: new RawJson(row.data) as unknown as Record<string, unknown> };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const path = Object.keys(read.dataOnError ?? {}).slice(0, 1);
    return { data: read.dataOnError, errors: [new GraphQLError(cause.message, { originalError: cause, path })] };
  }
}
