import { ArrayMaxSize, Length, Matches } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateTimeScalar } from '../../shared/scalars';
import { Actor } from '../audit/status-change.types';
import { Obligation } from '../obligation/obligation.entity';

/** Where the second key on a delivery stands. */
export enum DeliveryState {
  CLAIMED = 'CLAIMED',
  CONFIRMED = 'CONFIRMED',
  REFUSED = 'REFUSED',
}
registerEnumType(DeliveryState, {
  name: 'DeliveryState',
  description: 'Whether a DELIVERED obligation was checked by someone other than who claimed it (two-key sign-off).',
  valuesConfig: {
    CLAIMED: { description: 'Reported DELIVERED; nobody else has confirmed or refused it yet.' },
    CONFIRMED: { description: 'Confirmed by another accepted party of the commitment, an AUDITOR or an ADMIN (never by who claimed it).' },
    REFUSED: { description: 'Refused by another accepted party of the commitment, an AUDITOR or an ADMIN, with a note saying why.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: 'The two-key sign-off of a DELIVERED obligation: the claim, and its confirmation or refusal.',
})
export class ObligationDelivery {
  /** The obligation's row id. */
  obligationId: string;

  @Field(() => DeliveryState, { description: 'CLAIMED until someone other than the claimer confirms or refuses it.' })
  state: DeliveryState;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the change to DELIVERED was recorded; null for data loaded without a history.',
  })
  claimedAt: Date | null;

  @Field(() => Actor, { nullable: true, description: 'Who recorded the change to DELIVERED.' })
  claimedBy: Actor | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was confirmed or refused; null while CLAIMED.' })
  reviewedAt: Date | null;

  @Field(() => Actor, { nullable: true, description: 'Who confirmed or refused it; null while CLAIMED.' })
  reviewedBy: Actor | null;

  @Field(() => String, { nullable: true, description: 'The note given with the confirmation or refusal; null while CLAIMED.' })
  note: string | null;

  /** Row ids of the evidence the review cites. */
  evidenceIds: string[];
}

@InputType({ description: 'Confirms or refuses a claimed delivery: the second key.' })
export class ConfirmDeliveryInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the DELIVERED obligation (Obligation.id).' })
  obligationId: string;

  @Field({ description: 'true confirms the delivery, false refuses it.' })
  confirm: boolean;

  @Field({ description: 'What was checked, or why it is refused; not blank, at most 2000 characters.' })
  @Length(1, 2000)
  @Matches(/\S/, { message: '$property must not be blank' })
  note: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Global IDs of evidence (Evidence.id) backing the review, at most 20; each must stand.',
  })
  @ArrayMaxSize(20)
  evidenceIds: string[];
}

@ObjectType({ description: 'The obligation after the review; its delivery field is now CONFIRMED or REFUSED.' })
export class ConfirmDeliveryPayload extends MutationPayload {
  @Field(() => Obligation, { description: 'The obligation, at its next version.' })
  obligation: Obligation;
}
