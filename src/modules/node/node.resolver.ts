import { ClassType, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../shared/global-id';

export interface NodeIdOptions<T> {
  /** The GraphQL type name, when the class is named otherwise. */
  typeName?: string;
  /** The row keys the ID is made of; default the row's own `id`. */
  keys?: (row: T) => string[];
}

/** Base for resolvers of Node types: turns the row key into the opaque global ID. */
export function NodeResolver<T extends object>(type: ClassType<T>, options: NodeIdOptions<T> = {}) {
  const typeName = options.typeName ?? type.name;
  const keys = options.keys ?? ((row: T) => [(row as { id: string }).id]);
  @Resolver(() => type)
  abstract class NodeIdResolver {
    @FieldResolver(() => ID, {
      description: `Opaque global ID of this ${typeName}. Pass it to \`node(id)\` or to the single-object query of its type.`,
    })
    id(@Root() row: T): string {
      return toGlobalId(typeName, ...keys(row));
    }
  }
  return NodeIdResolver;
}
