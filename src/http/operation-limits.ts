import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLOutputType,
  GraphQLSchema,
  isLeafType,
  Lexer,
  OperationTypeNode,
  separateOperations,
  Source,
  TokenKind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { HttpSettings } from '../config';
import { ErrorCode, LimitExceededError, refusesRequest, RequestRefusedError } from '../shared/errors';
import { checkPageSize, DEFAULT_PAGE_SIZE, PAGE_SIZE_ARGUMENTS } from '../shared/pagination';
import type { LargeOperations } from './large-operations';
import { operationMemo } from './operation-memo';
import { INTROSPECTION_ALLOWANCE, type Shape } from './operation-shape';

type Limits = HttpSettings['limits'];

/**
 * Depth (in levels of data, root fields at depth 0), aliases and root fields of
 * the operation about to run, and what an introspection subtree asks for; a
 * LimitExceededError keeps its own code.
 */
function checkShape(shape: Shape | undefined, limits: Limits): void {
  if (!shape) return;
  const depth = shape.depth - 1;
  if (depth > limits.depth) throw new LimitExceededError(ErrorCode.QUERY_TOO_DEEP, 'The query is nested too deeply', limits.depth, depth);
  if (shape.aliases > limits.aliases)
    throw new LimitExceededError(ErrorCode.TOO_MANY_ALIASES, 'The query uses too many aliases', limits.aliases, shape.aliases);
  const roots = shape.fields;
  if (roots > limits.rootFields)
    throw new LimitExceededError(ErrorCode.TOO_MANY_ROOT_FIELDS, 'The query asks for too many root fields', limits.rootFields, roots);
  // Measured apart from data, against what the standard introspection query needs; when introspection is off, validation refused it already.
  const introspectionDepth = shape.introspection.depth - 1;
  const allowedDepth = INTROSPECTION_ALLOWANCE.depth - 1;
  if (introspectionDepth > allowedDepth)
    throw new LimitExceededError(
      ErrorCode.QUERY_TOO_DEEP,
      'The introspection query is nested too deeply',
      allowedDepth,
      introspectionDepth,
    );
  if (shape.introspection.lists > INTROSPECTION_ALLOWANCE.lists) {
    throw new LimitExceededError(
      ErrorCode.QUERY_TOO_COMPLEX,
      'The introspection query nests too many lists',
      INTROSPECTION_ALLOWANCE.lists,
      shape.introspection.lists,
    );
  }
}

/** Page sizes, literal or from variables, refused before anything runs: a negative one would also lower the cost estimate. */
function checkPageSizes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): void {
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field?.args.some((argument) => PAGE_SIZE_ARGUMENTS.includes(argument.name))) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, node, variables);
        } catch {
          // An argument that does not coerce is execution's to report, before any resolver runs.
          return;
        }
        for (const argument of PAGE_SIZE_ARGUMENTS) checkPageSize(argument, values[argument], refusesRequest(ErrorCode.BAD_USER_INPUT));
      },
    }),
  );
}

/** The arguments whose values estimateCost and the page-size checks read; of any other argument, only whether it is given. */
const SIZE_ARGUMENTS: ReadonlySet<string> = new Set([...PAGE_SIZE_ARGUMENTS, 'ids']);

/**
 * Estimated rows an operation may produce: a connection costs its page size
 * (first/last, else the default) times what each node costs. Plain lists
 * (parties, minerals, sources) are small and bounded by the domain, so they add
 * only what their items contain; leaves are free.
 */
function estimateCost({
  field,
  args,
  childComplexity,
}: {
  field: { name: string; type: unknown };
  args: Record<string, unknown>;
  childComplexity: number;
}): number {
  const type = getNullableType(field.type as GraphQLOutputType) as GraphQLOutputType;
  const named = getNamedType(type);
  if (isLeafType(named)) return 0;
  if (named.name.endsWith('Connection')) {
    // Never below zero: a negative size would subtract a sibling's cost (page sizes are also checked before this).
    const size = Math.max(0, Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE));
    return size * (1 + childComplexity);
  }
  // nodes(ids) fetches one object per id it is given.
  if (Array.isArray(args.ids)) return args.ids.length * (1 + childComplexity);
  return childComplexity;
}

/** Estimated rows the operation may produce, given variables that coerce. */
export function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [estimateCost] });
  } catch {
    // The estimator itself gave up (e.g. too many nodes once fragments are expanded): too complex to run.
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Every shape, page-size and cost limit for one operation; throws a coded error, else returns
 * the estimated cost (undefined when there is no operation or its variables do not coerce).
 * Shared by HTTP and WebSocket. Variables that do not coerce are left for execution to report
 * (it runs nothing then).
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  limits: Limits,
): number | undefined {
  const memo = operationMemo(schema, document, operationName, SIZE_ARGUMENTS);
  checkShape(memo.shape, limits);
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return undefined;
  // Page sizes and cost read the variables as coerced (getComplexity coerces them itself), so their key is of those.
  const key = memo.keyOf(coerced.coerced);
  let cost = key === undefined ? undefined : memo.costs.get(key);
  if (cost === undefined) {
    // Only this operation and the fragments it uses: another operation's fragments may use variables this one lacks.
    checkPageSizes(schema, separateOperations(document)[operation.name?.value ?? ''] ?? document, coerced.coerced);
    cost = costOf(schema, document, operationName, variables);
    // Remembered once the page sizes pass (a refusal throws first); a cost over the limit is refused below each time.
    if (key !== undefined) memo.costs.set(key, cost);
  }
  if (cost > limits.cost) {
    throw new LimitExceededError(
      ErrorCode.QUERY_TOO_COMPLEX,
      'The query could return too many objects; ask for smaller pages',
      limits.cost,
      Number.isFinite(cost) ? cost : -1,
    );
  }
  return cost;
}

/**
 * Refuses an operation over a shape or cost limit, after validation and before execution.
 * An operation that passes and costs at least `large.cost` then waits for a slot of `large`
 * (see LargeOperations), held until its response is ready to send, whatever the outcome.
 */
export function operationLimitsPlugin(limits: Limits, large: LargeOperations): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let leave: (() => void) | undefined;
      let sent = false;
      return {
        async didResolveOperation({ schema, document, request, operationName, operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new RequestRefusedError(
              ErrorCode.BAD_REQUEST,
              'Subscriptions are served over graphql-ws (WebSocket) at /graphql, not over HTTP',
            );
          }
          const cost = checkOperation(schema, document, operationName, request.variables ?? {}, limits);
          if (cost === undefined || cost < large.cost) return;
          leave = await large.turnstile.enter();
          // Another plugin refused the request while this one waited: the response went out already.
          if (sent) leave();
        },
        async willSendResponse() {
          sent = true;
          leave?.();
        },
      };
    },
  };
}

/** Size and token checks on the raw document, before it is even parsed. */
export function checkDocument(query: unknown, limits: Limits): void {
  if (typeof query !== 'string') return;
  const bytes = Buffer.byteLength(query);
  if (bytes > limits.documentBytes)
    throw new LimitExceededError(ErrorCode.DOCUMENT_TOO_LARGE, 'The query document is too large', limits.documentBytes, bytes);
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      tokens += 1;
      if (tokens > limits.tokens)
        throw new LimitExceededError(ErrorCode.TOO_MANY_TOKENS, 'The query document has too many tokens', limits.tokens, tokens);
    }
  } catch (error) {
    // Syntax errors are reported by the parser with their location.
    if (error instanceof LimitExceededError) throw error;
  }
}
