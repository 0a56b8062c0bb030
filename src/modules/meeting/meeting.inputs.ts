import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { MeetingRole } from './meeting-participant.entity';
import { Meeting, MeetingKind } from './meeting.entity';

const ISO_COUNTRY = /^[A-Za-z]{2}$/;

@InputType()
export class MeetingParticipantInput {
  @Field()
  @Matches(ISO_COUNTRY, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => MeetingRole)
  role: MeetingRole;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  delegateName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  delegateTitle?: string | null;
}

@InputType({ description: 'A new meeting (ADMIN).' })
export class CreateMeetingInput extends IdempotentInput {
  @Field()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title: string;

  @Field(() => MeetingKind)
  kind: MeetingKind;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Not before startsOn.' })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'hostCountryCode must be an ISO 3166-1 alpha-2 code' })
  hostCountryCode?: string | null;

  @Field({ defaultValue: '' })
  @MaxLength(10000)
  summary: string;

  @Field(() => [MeetingParticipantInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  @ValidateNested()
  participants: MeetingParticipantInput[];
}

@InputType({ description: 'Changes to a meeting (ADMIN); omitted fields stay as they are.' })
export class UpdateMeetingInput extends IdempotentInput {
  @Field(() => ID)
  meetingId: string;

  @Field(() => Int)
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title?: string;

  @Field(() => MeetingKind, { nullable: true })
  @IsOptional()
  kind?: MeetingKind;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'hostCountryCode must be an ISO 3166-1 alpha-2 code' })
  hostCountryCode?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(10000)
  summary?: string;
}

@InputType({ description: 'Replaces the participant list of a meeting (ADMIN).' })
export class SetMeetingParticipantsInput extends IdempotentInput {
  @Field(() => ID)
  meetingId: string;

  @Field(() => Int)
  @Min(1)
  expectedVersion: number;

  @Field(() => [MeetingParticipantInput])
  @ArrayMaxSize(100)
  @ValidateNested()
  participants: MeetingParticipantInput[];
}

@ObjectType({ simpleResolvers: true })
abstract class MeetingChanged extends MutationPayload {
  @Field(() => Meeting, { description: 'The meeting after the change.' })
  meeting: Meeting;
}

@ObjectType({ simpleResolvers: true, description: 'The new meeting.' })
export class CreateMeetingPayload extends MeetingChanged {}

@ObjectType({ simpleResolvers: true, description: 'The meeting after the change (unchanged, at the same version, when nothing differed).' })
export class UpdateMeetingPayload extends MeetingChanged {}

@ObjectType({ simpleResolvers: true, description: 'The meeting with its new participants, at its next version.' })
export class SetMeetingParticipantsPayload extends MeetingChanged {}
