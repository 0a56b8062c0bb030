import {
  GraphQLField,
  GraphQLObjectType,
  isAbstractType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
  type FieldNode,
  getNamedType,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { NotCompiled, PlanContext } from './plan-context';

/** One field of a selection set, as the response names it, with its coerced arguments. */
export interface SelectedField {
  /** The response key: the alias, or the field name. */
  key: string;
  name: string;
  definition: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
  node: FieldNode;
}

/** Whether a fragment's type condition applies to objects of `type`. */
function applies(ctx: PlanContext, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = ctx.schema.getType(condition);
  return conditionType !== undefined && isAbstractType(conditionType) && ctx.schema.isSubType(conditionType, type);
}

function collect(ctx: PlanContext, type: GraphQLObjectType, selectionSet: SelectionSetNode, into: Map<string, SelectedField>): void {
  for (const selection of selectionSet.selections as readonly SelectionNode[]) {
    // @skip/@include and custom directives are left to the resolvers.
    if (selection.directives?.length) throw new NotCompiled('directives');
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const name = selection.name.value;
      // The same key twice (merged sub-selections) is left to the resolvers, which merge them.
      if (into.has(key)) throw new NotCompiled(`field ${key} selected twice`);
      if (name === '__typename') {
        into.set(key, { key, name, definition: undefined as never, args: {}, node: selection });
        continue;
      }
      const definition = type.getFields()[name];
      if (!definition) throw new NotCompiled(`${type.name}.${name}`);
      into.set(key, { key, name, definition, args: getArgumentValues(definition, selection, ctx.variables), node: selection });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(ctx, type, selection.typeCondition?.name.value)) collect(ctx, type, selection.selectionSet, into);
    } else {
      const fragment = ctx.fragments[selection.name.value];
      if (!fragment) throw new NotCompiled('unknown fragment');
      if (applies(ctx, type, fragment.typeCondition.name.value)) collect(ctx, type, fragment.selectionSet, into);
    }
  }
}

/** The fields a selection set asks of an object of `type`, fragments applied, in response order. */
export function selectedFields(ctx: PlanContext, type: GraphQLObjectType, selectionSet: SelectionSetNode | undefined): SelectedField[] {
  if (!selectionSet) throw new NotCompiled(`${type.name} without a selection`);
  const fields = new Map<string, SelectedField>();
  collect(ctx, type, selectionSet, fields);
  return [...fields.values()];
}

/** The object type a field returns (through lists and non-null); NotCompiled for abstract types. */
export function objectTypeOf(field: SelectedField): GraphQLObjectType {
  const named = getNamedType(field.definition.type);
  if (!(named instanceof GraphQLObjectType)) throw new NotCompiled(`${named.name} is not an object type`);
  return named;
}
