import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  getNamedType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLSchema,
  isInputObjectType,
  OperationDefinitionNode,
  printSchema,
  typeFromAST,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context';
import { PlanMemo } from '../planner/plan-memo';
import { runCompiledRead } from '../planner/run';

/** Distinct operations kept compiled; a client sending endless new documents only recycles this many. */
const COMPILED_OPERATIONS = 1_000;

type Run = (context: unknown, variables: Record<string, unknown>) => Promise<ExecutionResult> | ExecutionResult;

/** graphql-jit's errors predate graphql 16's shape (no `extensions` object); Apollo's formatting needs it. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const normalised = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  Object.assign(normalised, { locations: error.locations });
  return normalised;
}

/** Whether an input type, at any depth, has a field with a default value. */
function hasFieldDefaults(type: GraphQLInputObjectType, seen = new Set<GraphQLInputObjectType>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  return Object.values(type.getFields()).some((field) => {
    if (field.defaultValue !== undefined) return true;
    const named = getNamedType(field.type);
    return isInputObjectType(named) && hasFieldDefaults(named, seen);
  });
}

/**
 * graphql-jit coerces variables with its own code, which skips the defaults of
 * input-object fields (mutation inputs have many). Those operations keep
 * graphql-js's execution, which follows the spec there.
 */
function jitCoercesVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).every((definition) => {
    const named = getNamedType(typeFromAST(schema, definition.type));
    return !isInputObjectType(named) || !hasFieldDefaults(named);
  });
}

/**
 * Executes operations with graphql-jit instead of graphql-js's interpreter:
 * each document is compiled once into a function that resolves and completes
 * every field without per-field dispatch. Large nested reads spend most of
 * their CPU there (see README "Benchmarks").
 *
 * Apollo Server takes a custom executor only through its gateway interface, so
 * this is a one-schema "gateway". Apollo still parses, validates and runs every
 * plugin hook around execution; only execution itself changes.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  options: {
    compiledReads: boolean;
    plans: PlanMemo;
    /** The result of a compiled read already run for this request (PlannedReads), to report rather than run again. */
    settledRead(context: Context): ExecutionResult | undefined;
  },
): GatewayInterface {
  const runs = new LRUCache<string, Run>({ max: COMPILED_OPERATIONS });
  const { plans } = options;

  const graphqlJs =
    (document: DocumentNode, operationName: string | undefined): Run =>
    (context, variables) =>
      execute({ schema, document, contextValue: context, variableValues: variables, operationName }) as Promise<ExecutionResult>;

  const prepare = (key: string, document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): Run => {
    if (jitCoercesVariables(schema, operation)) {
      const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      if (isCompiledQuery(compiled)) {
        const definitions = operation.variableDefinitions ?? [];
        return async (context, variables) => {
          // graphql-js checks the variables first, so bad ones fail exactly as without the compiler (BAD_USER_INPUT).
          const checked = getVariableValues(schema, definitions, variables);
          if (checked.errors) return { errors: checked.errors };
          const read = options.compiledReads ? plans.plan(key, document, operation, checked.coerced, context as Context) : undefined;
          if (read) return runCompiledRead(read, context as Context);
          const result = await compiled.query(undefined, context, variables);
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        };
      }
    }
    return graphqlJs(document, operationName);
  };

  const executor: GatewayExecutor = async ({ document, operation, queryHash, context, request }) => {
    const settled = options.settledRead(context as Context);
    if (settled) return settled;
    // The name the client asked for: Apollo's own operationName is that of the operation it found, if any.
    const operationName = request.operationName ?? undefined;
    // No operation matches that name (an empty one included): graphql-js names the problem as Apollo expects.
    if (!operation) return graphqlJs(document, operationName)(context, request.variables ?? {});
    const key = JSON.stringify([queryHash, operationName ?? null]);
    let run = runs.get(key);
    if (!run) runs.set(key, (run = prepare(key, document, operation, operationName)));
    return run(context, request.variables ?? {});
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {
      runs.clear();
    },
  };
}
