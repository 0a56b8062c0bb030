import type { GraphQLObjectType, SelectionSetNode } from 'graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { rowJsonObject, scalarSql } from './json-sql';
import { type BoundArgument, NotCompiled, PlanContext } from './plan-context';
import { SelectedField, selectedFields } from './selection';

/** Writes one selected field of a row (alias `row`) as a SQL expression of its JSON value. */
export type FieldCompiler = (field: SelectedField, ctx: PlanContext, row: string) => string;

/** How the objects of one GraphQL type are written: their table's columns and the fields that are more than a column. */
export interface ObjectPlan {
  /** The entity whose columns back the type's plain fields (those without a resolver). */
  entity?: EntityTarget<ObjectLiteral>;
  /** Or the plain fields' columns by name, for types that are not entities. */
  columns?: Readonly<Record<string, string>>;
  fields?: Readonly<Record<string, FieldCompiler>>;
  /** Arguments of those fields that their compilers bind as parameters, by field and argument (see BoundArgument). */
  boundArguments?: Readonly<Record<string, Readonly<Record<string, BoundArgument>>>>;
}

const PLANS = new Map<string, ObjectPlan>();

/** Registers how objects of a type are written; the types/ files call it once each. */
export function defineObject(typeName: string, plan: ObjectPlan): void {
  PLANS.set(typeName, plan);
}

/** How the compiler of `typeName.field` binds `argument`, if it declares it bound. */
export function boundArgumentOf(typeName: string, field: string, argument: string): BoundArgument | undefined {
  return PLANS.get(typeName)?.boundArguments?.[field]?.[argument];
}

function columnOf(ctx: PlanContext, plan: ObjectPlan, field: SelectedField): string | undefined {
  // A field with a resolver computes something; only plain properties are columns.
  if (field.definition.resolve) return undefined;
  if (plan.columns) return plan.columns[field.name];
  if (!plan.entity) return undefined;
  return ctx.db.getMetadata(plan.entity).findColumnWithPropertyName(field.name)?.databaseName;
}

/** One field of an object as SQL: its compiler, or its column written as its scalar serializes. */
function fieldSql(ctx: PlanContext, type: GraphQLObjectType, plan: ObjectPlan, field: SelectedField, row: string): string {
  if (field.name === '__typename') return `'${type.name}'`;
  const compile = plan.fields?.[field.name];
  if (compile) return compile(field, ctx, row);
  const column = columnOf(ctx, plan, field);
  if (!column) throw new NotCompiled(`${type.name}.${field.name}`);
  return scalarSql(field.definition.type, `${row}."${column}"`);
}

/** An object of `type` for the row aliased `row`, with only the fields selected, in the order asked. */
export function objectJson(ctx: PlanContext, type: GraphQLObjectType, selectionSet: SelectionSetNode | undefined, row: string): string {
  const plan = PLANS.get(type.name);
  if (!plan) throw new NotCompiled(type.name);
  const fields = selectedFields(ctx, type, selectionSet);
  return rowJsonObject(fields.map((selected) => [selected.key, fieldSql(ctx, type, plan, selected, row)] as const));
}
