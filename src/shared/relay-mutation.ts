import { IsOptional, MaxLength } from 'class-validator';
import { defaultFieldResolver, getNamedType, GraphQLSchema } from 'graphql';
import { Field, InputType, ObjectType } from 'type-graphql';

export const MAX_CLIENT_MUTATION_ID_LENGTH = 100;

/**
 * What every mutation input carries, as the Relay server specification describes:
 * a client's own id for the call, handed back untouched in the payload.
 */
@InputType()
export abstract class MutationInput {
  @Field(() => String, {
    nullable: true,
    description: `Any string of yours (at most ${MAX_CLIENT_MUTATION_ID_LENGTH} characters), returned unchanged in the payload so you can match answers to calls.`,
  })
  @IsOptional()
  @MaxLength(MAX_CLIENT_MUTATION_ID_LENGTH)
  clientMutationId?: string | null;
}

/** What every mutation payload carries; each mutation has a payload type of its own that extends this. */
@ObjectType({ simpleResolvers: true })
export abstract class MutationPayload {
  @Field(() => String, { nullable: true, description: 'The clientMutationId of the input, unchanged.' })
  clientMutationId?: string | null;
}

/** The members of a mutation input that describe the change, without the caller's bookkeeping. */
export function changeOf<T extends { clientMutationId?: unknown; idempotencyKey?: unknown }>(
  input: T,
): Omit<T, 'clientMutationId' | 'idempotencyKey'> {
  const { clientMutationId: _clientMutationId, idempotencyKey: _idempotencyKey, ...change } = input;
  return change;
}

const ROOT_DESCRIPTIONS = {
  query:
    'Reads. The current state is public; fields and arguments that reach into history (asOf, auditTrail) say who may use them. Lists are Relay connections.',
  mutation:
    'Changes: each takes one input and returns a payload, or null with an error when refused. Every accepted change is recorded in the audit trail.',
  subscription: 'Live status changes over graphql-ws, as they commit.',
} as const;

/**
 * Describes the root types, which have no class to carry a description, and each
 * mutation's one `input` argument by pointing at its input type's description.
 */
export function describeOperations(schema: GraphQLSchema): GraphQLSchema {
  for (const [root, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const) {
    if (type) type.description ??= ROOT_DESCRIPTIONS[root];
  }
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    for (const arg of field.args)
      arg.description ??= `The mutation's arguments as one object; see ${getNamedType(arg.type).name} for its fields.`;
  }
  return schema;
}

/**
 * Hands every mutation's clientMutationId back in its payload, in this one place
 * rather than in each resolver; replays of an idempotent call echo the new call's id.
 */
export function echoClientMutationId(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      const payload = await resolve(source, args, context, info);
      return payload && { ...payload, clientMutationId: args.input?.clientMutationId ?? null };
    };
  }
  return schema;
}
