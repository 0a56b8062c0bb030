import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { InvitationAnswerFields } from '../linked-record/invitation.inputs';
import { PartyConsent } from '../linked-record/consent';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MoneyInput } from '../../shared/money';
import { StatusChangeFields } from '../../shared/status-change-fields';
import { DateScalar } from '../../shared/scalars';
import { MutationPayload } from '../../shared/relay-mutation';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Commitment } from './commitment.entity';
import { CommitmentInstrument, CommitmentKind, PartyRole, ValueChainStage } from './commitment.enums';
import { COMMITMENT_WORKFLOW, CommitmentStatus } from './commitment.status';
import { CommitmentStatusChange } from './commitment.types';
import { Obligation } from '../obligation/obligation.entity';
import { ObligationStatusChange } from '../obligation/obligation.types';

const ISO_COUNTRY = /^[A-Za-z]{2}$/;

@InputType({
  description:
    'A country bound by a commitment, and its role in it. A PARTNER names other countries as INVITED parties (see PartyConsent): they count once their team accepts, and cannot be LEAD before.',
})
export class PartyInput {
  @Field({ description: 'ISO 3166-1 alpha-2 code of a tracked country.' })
  @Matches(ISO_COUNTRY, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => PartyRole, {
    defaultValue: PartyRole.PARTY,
    description: 'LEAD for the country driving the commitment; default PARTY. A country that has not accepted cannot be LEAD.',
  })
  role: PartyRole;

  @Field(() => MoneyInput, {
    nullable: true,
    description:
      "The amount this party pledged itself, on a joint commitment whose parties each state their own. When no party states one, the commitment's amount belongs to its LEAD (or its first party when none leads).",
  })
  @IsOptional()
  @ValidateNested()
  amount?: MoneyInput | null;
}

@InputType({ description: 'A new commitment. A PARTNER must name its own country among the parties.' })
export class CreateCommitmentInput extends IdempotentInput {
  @Field({ description: 'Short headline of what is promised; not blank.' })
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title: string;

  @Field({ defaultValue: '', description: 'What is promised, in more detail; default empty.' })
  @MaxLength(5000)
  description: string;

  @Field(() => CommitmentKind, { description: 'What the commitment promises.' })
  kind: CommitmentKind;

  @Field(() => CommitmentInstrument, { description: 'The kind of document or act that made it.' })
  instrument: CommitmentInstrument;

  @Field(() => CommitmentStatus, { defaultValue: CommitmentStatus.PROPOSED, description: 'PROPOSED or ANNOUNCED.' })
  status: CommitmentStatus;

  @Field(() => [PartyInput], {
    description:
      'The countries named, at least one, each once. A PARTNER must include its own country (ACCEPTED); the others it names are INVITED. ADMIN: all ACCEPTED.',
  })
  @ArrayMinSize(1, { message: 'parties must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  parties: PartyInput[];

  @Field(() => [String], {
    defaultValue: [],
    description: 'Codes of tracked minerals it covers, e.g. LITHIUM (case-insensitive); default none.',
  })
  @ArrayMaxSize(50)
  mineralCodes: string[];

  @Field(() => [ValueChainStage], { defaultValue: [], description: 'Stages of the value chain it addresses; default none.' })
  valueChainStages: ValueChainStage[];

  @Field(() => ID, { nullable: true, description: 'Global ID of the meeting at which it was made (Meeting.id), if any.' })
  @IsOptional()
  meetingId?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Pledged amount, where one was stated.' })
  @IsOptional()
  @ValidateNested()
  amount?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true, description: 'When it was made public, where known to the day.' })
  @IsOptional()
  announcedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Due date; not before announcedOn.' })
  @IsOptional()
  targetOn?: string | null;
}

@InputType({ description: 'Changes to a commitment; omitted fields stay as they are, null clears an optional field.' })
export class UpdateCommitmentInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the commitment to change (Commitment.id).' })
  commitmentId: string;

  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true, description: 'New headline; not blank.' })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title?: string;

  @Field({ nullable: true, description: 'New detailed description.' })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => [PartyInput], {
    nullable: true,
    description:
      "Replaces all parties: at least one, each once. Listed countries keep their consent; new ones are consented as on create. A PARTNER may drop pending invitations but not another country that has accepted (FORBIDDEN): that needs the country's own team or ADMIN.",
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'parties must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  parties?: PartyInput[];

  @Field(() => [String], { nullable: true, description: 'Replaces all minerals, by code of a tracked mineral (case-insensitive).' })
  @IsOptional()
  @ArrayMaxSize(50)
  mineralCodes?: string[];

  @Field(() => MoneyInput, { nullable: true, description: 'New pledged amount; null clears it.' })
  @IsOptional()
  @ValidateNested()
  amount?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true, description: 'New announcement date; null clears it. Not after targetOn.' })
  @IsOptional()
  announcedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'New due date; null clears it. Not before announcedOn.' })
  @IsOptional()
  targetOn?: string | null;
}

@InputType({ description: 'Moves a commitment along its workflow (see CommitmentStatus).' })
export class ChangeCommitmentStatusInput extends StatusChangeFields(COMMITMENT_WORKFLOW) {
  @Field(() => ID, { description: 'Global ID of the commitment to move (Commitment.id).' })
  commitmentId: string;

  @Field(() => CommitmentStatus, {
    description: "The status to move the party's obligation to; it must be one its current status allows (see CommitmentStatus).",
  })
  status: CommitmentStatus;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO code of the party whose obligation moves. A PARTNER always moves its own country's (it may name it, nothing else); ADMIN must name it on a commitment with several parties.",
  })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'partyCountryCode must be an ISO 3166-1 alpha-2 code' })
  partyCountryCode?: string | null;
}

@ObjectType({ simpleResolvers: true })
abstract class CommitmentChanged extends MutationPayload {
  @Field(() => Commitment, { description: 'The commitment after the change.' })
  commitment: Commitment;
}

@ObjectType({ simpleResolvers: true })
abstract class CommitmentStatusRecorded extends CommitmentChanged {
  @Field(() => CommitmentStatusChange, { description: 'The status history entry the change created.' })
  statusChange: StatusChangeRecord;
}

@ObjectType({ simpleResolvers: true, description: 'The new commitment and the first entry of its status history.' })
export class CreateCommitmentPayload extends CommitmentStatusRecorded {}

@ObjectType({
  simpleResolvers: true,
  description: 'The commitment after the change (unchanged, at the same version, when nothing differed).',
})
export class UpdateCommitmentPayload extends CommitmentChanged {}

@ObjectType({
  simpleResolvers: true,
  description: "The party's obligation after the move and its history entry, and the commitment after its status was rolled up again.",
})
export class ChangeCommitmentStatusPayload extends CommitmentChanged {
  @Field(() => CommitmentStatusChange, {
    nullable: true,
    description:
      "The commitment's status history entry, when its rolled-up status moved; null when it did not (see obligationStatusChange).",
  })
  statusChange: StatusChangeRecord | null;

  @Field(() => Obligation, {
    nullable: true,
    description: "The party's obligation after the move; null for a commitment bound to no country.",
  })
  obligation: Obligation | null;

  @Field(() => ObligationStatusChange, {
    nullable: true,
    description:
      "The obligation's status history entry the move created (pass its id to correctStatusChange); null for a commitment bound to no country.",
  })
  obligationStatusChange: StatusChangeRecord | null;
}

@InputType({ description: "An invited country's answer to being named as a party of a commitment." })
export class RespondToCommitmentInvitationInput extends InvitationAnswerFields {
  @Field(() => ID, { description: 'Global ID of the commitment the country is invited to (Commitment.id).' })
  commitmentId: string;
}

@ObjectType({ simpleResolvers: true, description: 'The commitment after the answer, and the country’s consent now.' })
export class RespondToCommitmentInvitationPayload extends CommitmentChanged {
  @Field(() => PartyConsent, { nullable: true, description: 'ACCEPTED after accepting; null after declining (no longer a party).' })
  consent: PartyConsent | null;
}
