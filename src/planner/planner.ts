import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../context';
import { objectJson } from './object-json';
import { PlanContext } from './plan-context';
import { selectedFields } from './selection';
import './types/audit-event';
import './types/commitment';
import './types/country';
import './types/query';
import { defineStatusChangeTypes } from './types/status-change';

/** One read compiled into one statement whose single row holds the response's `data`. */
export interface CompiledRead {
  sql: string;
  values: unknown[];
  /** Parameters derived from a variable by a bound argument (BoundArgument): their number and the variable. */
  bound: ReadonlyMap<number, string>;
  /** `data` when the statement fails: null for every root field, or null itself if one of them cannot be null. */
  dataOnError: Record<string, null> | null;
}

let statusChangesDefined = false;

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

/**
 * The query operation as one SQL statement that builds its `data` as JSON, or undefined
 * when any field, argument or the caller's role needs a rule the planner does not
 * implement: the operation then runs through the resolvers, whole.
 */
export function planRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  context: Context,
): CompiledRead | undefined {
  const queryType = schema.getQueryType();
  if (operation.operation !== 'query' || !queryType) return undefined;
  if (!statusChangesDefined) {
    defineStatusChangeTypes();
    statusChangesDefined = true;
  }
  const ctx = new PlanContext(schema, context.services, context.caller, variables, fragmentsOf(document));
  try {
    const data = objectJson(ctx, queryType, operation.selectionSet, '');
    const fields = selectedFields(ctx, queryType, operation.selectionSet);
    const nullable = fields.every((field) => field.name === '__typename' || !isNonNullType(field.definition.type));
    return {
      sql: `SELECT (${data})::text AS data`,
      values: ctx.params.values,
      bound: ctx.bound,
      dataOnError: nullable ? Object.fromEntries(fields.map((field) => [field.key, null])) : null,
    };
  } catch {
    // NotCompiled, or anything unforeseen: the resolvers answer, exactly as without the planner.
    return undefined;
  }
}
