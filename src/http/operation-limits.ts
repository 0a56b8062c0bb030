import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode, FragmentDefinitionNode, getNamedType, getNullableType, GraphQLError, GraphQLOutputType, GraphQLSchema, isLeafType, Kind, Lexer,
  OperationDefinitionNode, OperationTypeNode, SelectionSetNode, Source, TokenKind,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { getComplexity } from 'graphql-query-complexity';
import type { HttpSettings } from '../config';
import { ErrorCode, LimitExceededError } from '../shared/errors';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';

type Limits = HttpSettings['limits'];

interface Shape {
  /** Levels of nested fields. */
  depth: number;
  /** Aliased fields, counting a fragment each time it is spread. */
  aliases: number;
  /** Fields at this level (the root fields, for an operation). */
  fields: number;
}

/**
 * The shape of a selection set with fragments expanded. Each fragment is measured
 * once and reused, so a document cannot make this exponential by spreading
 * fragments inside fragments (graphql-js refuses cycles during validation).
 */
function shapeOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, measured: Map<string, Shape>): Shape {
  const shape: Shape = { depth: 0, aliases: 0, fields: 0 };
  for (const selection of selectionSet?.selections ?? []) {
    let inner: Shape;
    if (selection.kind === Kind.FIELD) {
      const below = shapeOf(selection.selectionSet, fragments, measured);
      inner = { depth: 1 + below.depth, aliases: below.aliases + (selection.alias ? 1 : 0), fields: 1 };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = shapeOf(selection.selectionSet, fragments, measured);
    } else {
      const name = selection.name.value;
      if (!measured.has(name)) {
        measured.set(name, { depth: 0, aliases: 0, fields: 0 });
        measured.set(name, shapeOf(fragments.get(name)?.selectionSet, fragments, measured));
      }
      inner = measured.get(name)!;
    }
    shape.depth = Math.max(shape.depth, inner.depth);
    shape.aliases += inner.aliases;
    shape.fields += inner.fields;
  }
  return shape;
}

/**
 * Depth (root fields at depth 0, as graphql-depth-limit counts), aliases and root
 * fields of the operation about to run; a LimitExceededError keeps its own code.
 */
function checkShape(document: DocumentNode, operationName: string | null | undefined, limits: Limits): void {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation) return;
  const shape = shapeOf(operation.selectionSet, fragments, new Map());
  const depth = shape.depth - 1;
  if (depth > limits.depth) throw new LimitExceededError(ErrorCode.QUERY_TOO_DEEP, 'The query is nested too deeply', limits.depth, depth);
  if (shape.aliases > limits.aliases) throw new LimitExceededError(ErrorCode.TOO_MANY_ALIASES, 'The query uses too many aliases', limits.aliases, shape.aliases);
  const roots = shape.fields;
  if (roots > limits.rootFields) throw new LimitExceededError(ErrorCode.TOO_MANY_ROOT_FIELDS, 'The query asks for too many root fields', limits.rootFields, roots);
}

/**
 * Estimated rows an operation may produce: a connection costs its page size
 * (first/last, else the default) times what each node costs. Plain lists
 * (parties, minerals, sources) are small and bounded by the domain, so they add
 * only what their items contain; leaves are free.
 */
function estimateCost({ field, args, childComplexity }: { field: { name: string; type: unknown }; args: Record<string, unknown>; childComplexity: number }): number {
  const type = getNullableType(field.type as GraphQLOutputType) as GraphQLOutputType;
  const named = getNamedType(type);
  if (isLeafType(named)) return 0;
  if (named.name.endsWith('Connection')) {
    const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
    return size * (1 + childComplexity);
  }
  // nodes(ids) fetches one object per id it is given.
  if (Array.isArray(args.ids)) return args.ids.length * (1 + childComplexity);
  return childComplexity;
}

/** Estimated cost of the operation; variables that do not coerce are left for execution to report. */
function costOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number | undefined {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return undefined;
  try {
    return getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [estimateCost] });
  } catch {
    // The estimator itself gave up (e.g. too many nodes once fragments are expanded): too complex to run.
    return Number.POSITIVE_INFINITY;
  }
}

/** Every shape and cost limit for one operation; throws LimitExceededError. Shared by HTTP and WebSocket. */
export function checkOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, limits: Limits): void {
  checkShape(document, operationName, limits);
  const cost = costOf(schema, document, operationName, variables);
  if (cost !== undefined && cost > limits.cost) {
    throw new LimitExceededError(ErrorCode.QUERY_TOO_COMPLEX, 'The query could return too many objects; ask for smaller pages', limits.cost, Number.isFinite(cost) ? cost : -1);
  }
}

/** Refuses an operation over a shape or cost limit, after validation and before execution. */
export function operationLimitsPlugin(limits: Limits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new GraphQLError('Subscriptions are served over graphql-ws (WebSocket) at /graphql, not over HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          checkOperation(schema, document, operationName, request.variables ?? {}, limits);
        },
      };
    },
  };
}

/** Size and token checks on the raw document, before it is even parsed. */
export function checkDocument(query: unknown, limits: Limits): void {
  if (typeof query !== 'string') return;
  const bytes = Buffer.byteLength(query);
  if (bytes > limits.documentBytes) throw new LimitExceededError(ErrorCode.DOCUMENT_TOO_LARGE, 'The query document is too large', limits.documentBytes, bytes);
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      tokens += 1;
      if (tokens > limits.tokens) throw new LimitExceededError(ErrorCode.TOO_MANY_TOKENS, 'The query document has too many tokens', limits.tokens, tokens);
    }
  } catch (error) {
    // Syntax errors are reported by the parser with their location.
    if (error instanceof LimitExceededError) throw error;
  }
}
