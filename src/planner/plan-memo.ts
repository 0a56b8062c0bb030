import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context';
import { type CompiledRead, planRead } from './planner';

/** Characters of SQL kept planned: a few megabytes, whatever clients send. */
const PLANNED_SQL_CHARACTERS = 4_000_000;
/** Variables longer than this as JSON are planned afresh rather than remembered. */
const MAX_KEY_LENGTH = 2_000;

/** Whether a coerced value is plain JSON data, so JSON text tells it from every other value (a Date is not). */
function plainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(plainJson);
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value as object).every(plainJson);
}

/**
 * planRead, remembered: a plan is a function of the operation, its coerced variables and the
 * caller (role, subject, country) alone, since planning reads no database and the registries it
 * consults are fixed at start-up. Asked again with the same inputs (the same audit page, a polled
 * dashboard), the same statement and parameters are reused, or the same answer that the resolvers
 * run it. Bounded by the SQL it holds.
 */
export class PlanMemo {
  private readonly plans = new LRUCache<string, { read: CompiledRead | undefined }>({
    maxSize: PLANNED_SQL_CHARACTERS,
    sizeCalculation: (entry, key) => key.length + (entry.read?.sql.length ?? 0) + 1,
  });

  constructor(private readonly schema: GraphQLSchema) {}

  /** The plan for this operation (`operationKey` names document and operation) with these variables, for this caller. */
  plan(
    operationKey: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: Context,
  ): CompiledRead | undefined {
    const key = this.keyOf(operationKey, variables, context);
    const known = key === undefined ? undefined : this.plans.get(key);
    if (known) return known.read;
    const read = planRead(this.schema, document, operation, variables, context);
    if (key !== undefined) this.plans.set(key, { read });
    return read;
  }

  private keyOf(operationKey: string, variables: Record<string, unknown>, context: Context): string | undefined {
    if (!plainJson(variables)) return undefined;
    const { role, sub, country } = context.caller;
    const key = JSON.stringify([operationKey, role, sub, country, variables]);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  }

  clear(): void {
    this.plans.clear();
  }
}
