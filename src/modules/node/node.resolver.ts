import { ClassType, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../shared/global-id';

/** Base for resolvers of Node types: turns the row key into the opaque global ID. */
export function NodeResolver<T extends { id: string }>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class NodeIdResolver {
    @FieldResolver(() => ID)
    id(@Root() row: T): string {
      return toGlobalId(type.name, row.id);
    }
  }
  return NodeIdResolver;
}
