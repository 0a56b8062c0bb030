import { type ArgumentNode, type DocumentNode, type GraphQLSchema, Kind, type ValueNode, visit } from 'graphql';
import { LRUCache } from 'lru-cache';
import { operationShape, type Shape } from './operation-shape';

/** Variable values a cost is remembered for, per operation: enough for a client's usual pages, bounded whatever it sends. */
const COSTS_PER_OPERATION = 64;
/** A key longer than this (a long `ids` list, a large filter) is not worth remembering. */
const MAX_KEY_LENGTH = 1024;
/** Operation names remembered per document: a client naming endless operations only gets them measured afresh. */
const NAMES_PER_DOCUMENT = 16;

/**
 * What the operation limits measure of one operation of one parsed document. Apollo's document
 * store hands back the same DocumentNode for the same query text, so a document is measured
 * once, not once per request: its shape, and its estimated cost per distinct value of the
 * variables the page-size checks and the cost estimate read (see keyOf).
 */
export interface OperationMemo {
  shape: Shape | undefined;
  /** The cost of an operation whose page sizes passed, by variables' key. */
  costs: LRUCache<string, number>;
  keyOf(variables: Record<string, unknown>): string | undefined;
}

const memos = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string | null, OperationMemo>>>();

function variablesIn(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) variablesIn(item, into);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) variablesIn(field.value, into);
}

/**
 * A field argument given straight as a variable, and named none of `sizeArguments`, is read by
 * the checks only as absent, null or given (graphql-js refuses absent or null for a non-null
 * argument without a default: the estimate then gives up); every other variable (a page size, a
 * list of ids, a directive's condition, one inside a list or object) is read whole.
 */
function classifyVariables(document: DocumentNode, sizeArguments: ReadonlySet<string>): { presence: string[]; whole: string[] } {
  const presence = new Set<string>();
  const whole = new Set<string>();
  const classify = (argument: ArgumentNode, ofField: boolean) => {
    if (ofField && argument.value.kind === Kind.VARIABLE && !sizeArguments.has(argument.name.value))
      presence.add(argument.value.name.value);
    else variablesIn(argument.value, whole);
  };
  visit(document, {
    Field: (node) => node.arguments?.forEach((argument) => classify(argument, true)),
    Directive: (node) => node.arguments?.forEach((argument) => classify(argument, false)),
  });
  return { presence: [...presence].filter((name) => !whole.has(name)).sort(), whole: [...whole].sort() };
}

function createMemo(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, sizeArguments: ReadonlySet<string>) {
  const { presence, whole } = classifyVariables(document, sizeArguments);
  const keyOf = (variables: Record<string, unknown>): string | undefined => {
    try {
      const given = (name: string) => Object.hasOwn(variables, name);
      const key = JSON.stringify([
        presence.map((name) => (!given(name) ? 0 : variables[name] == null ? 1 : 2)),
        whole.map((name) => (given(name) ? [variables[name]] : 0)),
      ]);
      return key.length <= MAX_KEY_LENGTH ? key : undefined;
    } catch {
      // A value JSON cannot write (a BigInt): measured afresh.
      return undefined;
    }
  };
  return {
    shape: operationShape(schema, document, operationName),
    costs: new LRUCache<string, number>({ max: COSTS_PER_OPERATION }),
    keyOf,
  };
}

/** The memo of this operation of this document, measured on first use. */
export function operationMemo(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  sizeArguments: ReadonlySet<string>,
): OperationMemo {
  let byDocument = memos.get(schema);
  if (!byDocument) memos.set(schema, (byDocument = new WeakMap()));
  let byName = byDocument.get(document);
  if (!byName) byDocument.set(document, (byName = new Map()));
  const name = operationName ?? null;
  let memo = byName.get(name);
  if (memo) return memo;
  memo = createMemo(schema, document, name, sizeArguments);
  if (byName.size < NAMES_PER_DOCUMENT) byName.set(name, memo);
  return memo;
}
