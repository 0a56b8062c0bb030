import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MoneyInput } from '../../shared/money';
import { StatusChangeFields } from '../../shared/status-change-fields';
import { DateScalar } from '../../shared/scalars';
import { MutationPayload } from '../../shared/relay-mutation';
import type { StatusChangeRecord } from '../audit/status-change.type';
import { Commitment } from './commitment.entity';
import { CommitmentInstrument, CommitmentKind, PartyRole, ValueChainStage } from './commitment.enums';
import { COMMITMENT_WORKFLOW, CommitmentStatus } from './commitment.status';
import { CommitmentStatusChange } from './commitment.types';

const ISO_COUNTRY = /^[A-Za-z]{2}$/;

@InputType()
export class PartyInput {
  @Field({ description: 'ISO 3166-1 alpha-2 code of a tracked country.' })
  @Matches(ISO_COUNTRY, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => PartyRole, { defaultValue: PartyRole.PARTY })
  role: PartyRole;
}

@InputType({ description: 'A new commitment. A PARTNER must name its own country among the parties.' })
export class CreateCommitmentInput extends IdempotentInput {
  @Field()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title: string;

  @Field({ defaultValue: '' })
  @MaxLength(5000)
  description: string;

  @Field(() => CommitmentKind)
  kind: CommitmentKind;

  @Field(() => CommitmentInstrument)
  instrument: CommitmentInstrument;

  @Field(() => CommitmentStatus, { defaultValue: CommitmentStatus.PROPOSED, description: 'PROPOSED or ANNOUNCED.' })
  status: CommitmentStatus;

  @Field(() => [PartyInput])
  @ArrayMinSize(1, { message: 'parties must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  parties: PartyInput[];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(50)
  mineralCodes: string[];

  @Field(() => [ValueChainStage], { defaultValue: [] })
  valueChainStages: ValueChainStage[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  meetingId?: string | null;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  amount?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  announcedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Due date; not before announcedOn.' })
  @IsOptional()
  targetOn?: string | null;
}

@InputType({ description: 'Changes to a commitment; omitted fields stay as they are, null clears an optional field.' })
export class UpdateCommitmentInput extends IdempotentInput {
  @Field(() => ID)
  commitmentId: string;

  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => [PartyInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'parties must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  parties?: PartyInput[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  mineralCodes?: string[];

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  amount?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  announcedOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  targetOn?: string | null;
}

@InputType({ description: 'Moves a commitment along its workflow (see CommitmentStatus).' })
export class ChangeCommitmentStatusInput extends StatusChangeFields(COMMITMENT_WORKFLOW) {
  @Field(() => ID)
  commitmentId: string;

  @Field(() => CommitmentStatus)
  status: CommitmentStatus;
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

@ObjectType({ simpleResolvers: true, description: 'The commitment after the change (unchanged, at the same version, when nothing differed).' })
export class UpdateCommitmentPayload extends CommitmentChanged {}

@ObjectType({ simpleResolvers: true, description: 'The commitment after the move, and the status history entry recording it.' })
export class ChangeCommitmentStatusPayload extends CommitmentStatusRecorded {}
