import { Length, Matches, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Commitment } from '../commitment/commitment.entity';
import { Obligation } from './obligation.entity';
import { ObligationStatusChange } from './obligation.types';

@InputType({ description: 'Marks one recorded status change of an obligation as mistaken and restores the state before it.' })
export class CorrectStatusChangeInput extends IdempotentInput {
  @Field(() => ID, {
    description: 'Global ID of the change to correct (ObligationStatusChange.id); it must be the latest standing change of its obligation.',
  })
  statusChangeId: string;

  @Field({ description: 'Why the change was a mistake; kept with the correction in the history. Not blank.' })
  @Length(1, 2000)
  @Matches(/\S/, { message: '$property must not be blank' })
  reason: string;

  @Field(() => Int, { description: 'The version of the obligation you read (Obligation.version); a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'The obligation restored, the correction entered in its history, and its commitment after the roll-up.',
})
export class CorrectStatusChangePayload extends MutationPayload {
  @Field(() => Obligation, { description: 'The obligation, back in the state before the corrected change.' })
  obligation: Obligation;

  @Field(() => ObligationStatusChange, { description: "The correction's own history entry; its note is the reason." })
  correction: StatusChangeRecord;

  @Field(() => Commitment, { description: 'The commitment after its status was rolled up again.' })
  commitment: Commitment;
}
