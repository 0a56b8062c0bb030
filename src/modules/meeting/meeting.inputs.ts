import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { MeetingRole } from './meeting-participant.entity';
import { Meeting, MeetingKind } from './meeting.entity';

const ISO_COUNTRY = /^[A-Za-z]{2}$/;

@InputType({ description: 'A country taking part in a meeting, with its delegate where known.' })
export class MeetingParticipantInput {
  @Field({ description: 'ISO 3166-1 alpha-2 code of a tracked country (case-insensitive).' })
  @Matches(ISO_COUNTRY, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => MeetingRole, { description: 'In what capacity the country takes part.' })
  role: MeetingRole;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the delegate; omit where the sources do not name one. A country may be listed once per delegate.',
  })
  @IsOptional()
  @Length(1, 200)
  delegateName?: string | null;

  @Field(() => String, { nullable: true, description: "The delegate's office, e.g. Secretary of the Treasury." })
  @IsOptional()
  @Length(1, 200)
  delegateTitle?: string | null;
}

@InputType({ description: 'A new meeting (ADMIN).' })
export class CreateMeetingInput extends IdempotentInput {
  @Field({ description: 'Name of the meeting; not blank.' })
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title: string;

  @Field(() => MeetingKind, { description: 'The format of the meeting.' })
  kind: MeetingKind;

  @Field(() => DateScalar, { nullable: true, description: 'First day, where known.' })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day; not before startsOn.' })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'City where it takes place, where known.' })
  @IsOptional()
  @Length(1, 200)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code of the host country, a tracked one (case-insensitive).' })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'hostCountryCode must be an ISO 3166-1 alpha-2 code' })
  hostCountryCode?: string | null;

  @Field({ defaultValue: '', description: 'What was discussed, as the sources report it; default empty.' })
  @MaxLength(10000)
  summary: string;

  @Field(() => [MeetingParticipantInput], {
    defaultValue: [],
    description: 'The countries taking part; default none (set them later with setMeetingParticipants).',
  })
  @ArrayMaxSize(100)
  @ValidateNested()
  participants: MeetingParticipantInput[];
}

@InputType({ description: 'Changes to a meeting (ADMIN); omitted fields stay as they are.' })
export class UpdateMeetingInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the meeting to change (Meeting.id).' })
  meetingId: string;

  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true, description: 'New name; not blank.' })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  title?: string;

  @Field(() => MeetingKind, { nullable: true, description: 'New format.' })
  @IsOptional()
  kind?: MeetingKind;

  @Field(() => DateScalar, { nullable: true, description: 'New first day; null clears it. Not after endsOn.' })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'New last day; null clears it. Not before startsOn.' })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'New city; null clears it.' })
  @IsOptional()
  @Length(1, 200)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO code of the new host country (a tracked one); null clears it.' })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'hostCountryCode must be an ISO 3166-1 alpha-2 code' })
  hostCountryCode?: string | null;

  @Field({ nullable: true, description: 'New summary of what was discussed.' })
  @IsOptional()
  @MaxLength(10000)
  summary?: string;
}

@InputType({ description: 'Replaces the participant list of a meeting (ADMIN).' })
export class SetMeetingParticipantsInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the meeting (Meeting.id).' })
  meetingId: string;

  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;

  @Field(() => [MeetingParticipantInput], {
    description: 'The whole new participant list; it replaces the old one (empty removes everyone).',
  })
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
