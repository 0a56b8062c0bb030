import { IsOptional, Length } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MutationInput } from './relay-mutation';

/** Every mutation input may carry an idempotency key (see README "Authentication and changes"). */
@InputType()
export abstract class IdempotentInput extends MutationInput {
  @Field(() => String, {
    nullable: true,
    description: 'Repeat a request with the same key to get the first result instead of a second change (keys are per caller).',
  })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}
