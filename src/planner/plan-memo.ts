import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context';
import { boundArgumentOf } from './object-json';
import type { BoundArgument } from './plan-context';
import { type CompiledRead, planRead } from './planner';

/** Characters of SQL kept planned: a few megabytes, whatever clients send. */
const PLANNED_SQL_CHARACTERS = 4_000_000;
/** Variables longer than this as JSON are planned afresh rather than remembered. */
const MAX_KEY_LENGTH = 2_000;

/** Operations whose bound variables are kept: their documents are Apollo's, which keeps about as many. */
const OPERATIONS = 1_000;

/**
 * The variables given only as bound arguments (see BoundArgument), each with its one way of
 * being bound: a plan serves every value of such a variable that binds alike.
 */
function boundVariables(schema: GraphQLSchema, document: DocumentNode): Map<string, BoundArgument> {
  const uses = new Map<string, number>();
  visit(document, {
    VariableDefinition: () => false,
    Variable: (node) => void uses.set(node.name.value, (uses.get(node.name.value) ?? 0) + 1),
  });
  const bound = new Map<string, { derive: BoundArgument | undefined; uses: number }>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        for (const argument of node.arguments ?? []) {
          if (argument.value.kind !== Kind.VARIABLE || !parent) continue;
          const derive = boundArgumentOf(parent.name, node.name.value, argument.name.value);
          const name = argument.value.name.value;
          const seen = bound.get(name);
          // Bound two different ways, a variable binds neither.
          if (derive) bound.set(name, { derive: seen && seen.derive !== derive ? undefined : derive, uses: (seen?.uses ?? 0) + 1 });
        }
      },
    }),
  );
  const variables = new Map<string, BoundArgument>();
  for (const [name, { derive, uses: boundUses }] of bound) if (derive && boundUses === uses.get(name)) variables.set(name, derive);
  return variables;
}

/** What a plan depends on of a bound variable's value: whether it is given, and whether it binds to nothing, a parameter or a refusal. */
function bindingOf(variables: Record<string, unknown>, name: string, derive: BoundArgument): string {
  if (!Object.hasOwn(variables, name)) return 'absent';
  if (variables[name] == null) return 'null';
  try {
    return derive(variables[name]) == null ? 'none' : 'bound';
  } catch {
    return 'refused';
  }
}

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
 * run it. A variable given only as a bound argument (`commitment(id: $id)`) counts only by how it
 * binds, and a reused plan binds its parameter afresh from this request's value. Bounded by the SQL
 * it holds.
 */
export class PlanMemo {
  private readonly plans = new LRUCache<string, { read: CompiledRead | undefined }>({
    maxSize: PLANNED_SQL_CHARACTERS,
    sizeCalculation: (entry, key) => key.length + (entry.read?.sql.length ?? 0) + 1,
  });

  private readonly bound = new LRUCache<string, Map<string, BoundArgument>>({ max: OPERATIONS });

  constructor(private readonly schema: GraphQLSchema) {}

  /** The plan for this operation (`operationKey` names document and operation) with these variables, for this caller. */
  plan(
    operationKey: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: Context,
  ): CompiledRead | undefined {
    let bound = this.bound.get(operationKey);
    if (!bound) this.bound.set(operationKey, (bound = boundVariables(this.schema, document)));
    const key = this.keyOf(operationKey, variables, bound, context);
    const known = key === undefined ? undefined : this.plans.get(key);
    if (known) return known.read && rebound(known.read, variables, bound);
    const read = planRead(this.schema, document, operation, variables, context);
    if (key !== undefined) this.plans.set(key, { read });
    return read;
  }

  private keyOf(
    operationKey: string,
    variables: Record<string, unknown>,
    bound: Map<string, BoundArgument>,
    context: Context,
  ): string | undefined {
    const plain = Object.fromEntries(Object.entries(variables).filter(([name]) => !bound.has(name)));
    if (!plainJson(plain)) return undefined;
    const bindings = [...bound].map(([name, derive]) => [name, bindingOf(variables, name, derive)]);
    const { role, sub, country } = context.caller;
    const key = JSON.stringify([operationKey, role, sub, country, plain, bindings]);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  }

  clear(): void {
    this.plans.clear();
    this.bound.clear();
  }
}

/** A remembered plan with its bound parameters taken from this request's variables. */
function rebound(read: CompiledRead, variables: Record<string, unknown>, bound: Map<string, BoundArgument>): CompiledRead {
  if (read.bound.size === 0) return read;
  const values = read.values.map((value, index) => {
    const variable = read.bound.get(index + 1);
    const derive = variable === undefined ? undefined : bound.get(variable);
    return derive ? derive(variables[variable as string]) : value;
  });
  return { ...read, values };
}
