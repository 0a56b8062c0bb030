import {
  buildSchema,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  parse,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
} from 'graphql';

/** What the operation limits measure of a selection set, with fragments expanded. */
export interface Shape {
  /** Levels of data: every field counts one, except a connection's `edges`, `node` and `pageInfo`. */
  depth: number;
  /** Fields that return lists of objects, nested in one another. */
  lists: number;
  /** Aliased fields, counting a fragment each time it is spread. */
  aliases: number;
  /** Fields at this level (the root fields, for an operation). */
  fields: number;
  /** The largest `__schema`/`__type` subtree, measured apart from data: its depth (the meta-field is 1) and list nesting. */
  introspection: { depth: number; lists: number };
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  measured: Map<string, Shape>;
}

const INTROSPECTION_ROOTS = new Set([SchemaMetaFieldDef.name, TypeMetaFieldDef.name]);

const empty = (): Shape => ({ depth: 0, lists: 0, aliases: 0, fields: 0, introspection: { depth: 0, lists: 0 } });

function fieldOf(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/**
 * A connection's plumbing: one wrapper object per page or item, not a level of data.
 * Fan-out is what makes a nested read expensive, and the cost limit counts it.
 */
function isConnectionWrapper(parent: GraphQLCompositeType | undefined, field: string): boolean {
  const type = parent?.name ?? '';
  return (type.endsWith('Connection') && (field === 'edges' || field === 'pageInfo')) || (type.endsWith('Edge') && field === 'node');
}

function fieldShape(node: FieldNode, parent: GraphQLCompositeType | undefined, walk: Walk): Shape {
  const name = node.name.value;
  const field = fieldOf(parent, name);
  const named = field ? getNamedType(field.type) : undefined;
  const below = shapeOf(node.selectionSet, isCompositeType(named) ? named : undefined, walk);
  const aliases = below.aliases + (node.alias ? 1 : 0);
  // Schema metadata: its own depth (ofType chains) and lists, never data; one level where it stands.
  if (INTROSPECTION_ROOTS.has(name))
    return { depth: 1, lists: 0, aliases, fields: 1, introspection: { depth: 1 + below.depth, lists: below.lists } };
  const fansOut = field && isListType(getNullableType(field.type)) && isCompositeType(named) ? 1 : 0;
  const depth = (isConnectionWrapper(parent, name) ? 0 : 1) + below.depth;
  return { depth, lists: fansOut + below.lists, aliases, fields: 1, introspection: below.introspection };
}

/**
 * The shape of a selection set whose fields belong to `parent`. Each fragment is
 * measured once and reused, so a document cannot make this exponential by
 * spreading fragments inside fragments (graphql-js refuses cycles during validation).
 */
function shapeOf(selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, walk: Walk): Shape {
  const shape = empty();
  for (const selection of selectionSet?.selections ?? []) {
    let inner: Shape;
    if (selection.kind === Kind.FIELD) {
      inner = fieldShape(selection, parent, walk);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      inner = shapeOf(selection.selectionSet, isCompositeType(condition) ? condition : undefined, walk);
    } else {
      const name = selection.name.value;
      if (!walk.measured.has(name)) {
        walk.measured.set(name, empty());
        const fragment = walk.fragments.get(name);
        const condition = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
        walk.measured.set(name, shapeOf(fragment?.selectionSet, isCompositeType(condition) ? condition : undefined, walk));
      }
      inner = walk.measured.get(name)!;
    }
    shape.depth = Math.max(shape.depth, inner.depth);
    shape.lists = Math.max(shape.lists, inner.lists);
    shape.aliases += inner.aliases;
    shape.fields += inner.fields;
    shape.introspection = {
      depth: Math.max(shape.introspection.depth, inner.introspection.depth),
      lists: Math.max(shape.introspection.lists, inner.introspection.lists),
    };
  }
  return shape;
}

/** The shape of the operation about to run (after validation), or undefined when the document has no such operation. */
export function operationShape(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Shape | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const root = schema.getRootType(operation.operation) ?? undefined;
  return shapeOf(operation.selectionSet, root, { schema, fragments, measured: new Map() });
}

/**
 * What graphql-js's own introspection query asks for with every option on: the
 * most an introspection subtree may ask for. Explorers and code generators send
 * this query; anything deeper (e.g. fields of fields of fields) only multiplies work.
 */
export const INTROSPECTION_ALLOWANCE: Readonly<Shape['introspection']> = Object.freeze(
  operationShape(
    buildSchema('type Query { any: Boolean }'),
    parse(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ),
    undefined,
  )!.introspection,
);
