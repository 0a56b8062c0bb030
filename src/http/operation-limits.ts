import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode, FragmentDefinitionNode, getNamedType, getNullableType, GraphQLOutputType, isLeafType, Kind, Lexer,
  OperationDefinitionNode, SelectionSetNode, Source, TokenKind,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { HttpSettings } from '../config';
import { ErrorCode, LimitExceededError } from '../shared/errors';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';

type Limits = HttpSettings['limits'];

/** Longest chain of nested selections, following fragments (cycles are refused by graphql-js itself). */
function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      deepest = Math.max(deepest, depthOf(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

/** Fields under a selection set, fragments expanded, counted with `count`. */
function countFields(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, count: (field: { alias?: unknown }) => number, seen = new Set<string>()): number {
  if (!selectionSet) return 0;
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) total += count(selection) + countFields(selection.selectionSet, fragments, count, seen);
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += countFields(selection.selectionSet, fragments, count, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      total += countFields(fragments.get(selection.name.value)?.selectionSet, fragments, count, seen);
    }
  }
  return total;
}

function rootFieldCount(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) total += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += rootFieldCount(selection.selectionSet, fragments);
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) total += rootFieldCount(fragment.selectionSet, fragments);
    }
  }
  return total;
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
  const depth = depthOf(operation.selectionSet, fragments, new Set()) - 1;
  if (depth > limits.depth) throw new LimitExceededError(ErrorCode.QUERY_TOO_DEEP, 'The query is nested too deeply', limits.depth, depth);
  const aliases = countFields(operation.selectionSet, fragments, (field) => (field.alias ? 1 : 0));
  if (aliases > limits.aliases) throw new LimitExceededError(ErrorCode.TOO_MANY_ALIASES, 'The query uses too many aliases', limits.aliases, aliases);
  const roots = rootFieldCount(operation.selectionSet, fragments);
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
  return childComplexity;
}

/** Refuses an operation over a shape or cost limit, after validation and before execution. */
export function operationLimitsPlugin(limits: Limits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          checkShape(document, operationName, limits);
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, variables: request.variables ?? {}, operationName: operationName ?? undefined, estimators: [estimateCost] });
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT, naming the variable.
            return;
          }
          if (cost > limits.cost) throw new LimitExceededError(ErrorCode.QUERY_TOO_COMPLEX, 'The query could return too many objects; ask for smaller pages', limits.cost, cost);
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
