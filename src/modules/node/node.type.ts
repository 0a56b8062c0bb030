import { Field, ID, InterfaceType } from 'type-graphql';

/** Tag a row carries when it is returned through the Node interface, so its GraphQL type is known. */
export const NODE_TYPE = '__typename';

/** The GraphQL type of a row returned through the Node interface. */
export const resolveNodeType = (value: Record<string, unknown>) => value[NODE_TYPE] as string;

@InterfaceType({ description: 'An object with an opaque, globally unique ID that `node(id)` resolves.', resolveType: resolveNodeType })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID. Pass it to `node(id)` or to the single-object query of its type.' })
  id: string;
}
