import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { DatePrecision } from '../provenance/approximate-date';
import { StatementChannel, Statement, StatementKind } from './statement.entity';

const ISO_COUNTRY = /^[A-Za-z]{2}$/;
const NOT_BLANK = { message: '$property must not be blank' };

@InputType({ description: 'A date with the precision a source gives it.' })
export class ApproximateDateInput {
  @Field(() => DateScalar, { description: 'The day, or any day inside the month, season or year the source gives.' })
  value: string;

  @Field(() => DatePrecision, { defaultValue: DatePrecision.DAY, description: 'DAY (the default), MONTH, SEASON or YEAR.' })
  precision: DatePrecision;

  @Field({ defaultValue: false, description: 'True when the source gives the date only roughly ("around").' })
  approximate: boolean;
}

@InputType({ description: 'A statement to record (PARTNER for a speaker of its own country, or ADMIN).' })
export class AddStatementInput extends IdempotentInput {
  @Field({ description: 'Name of the speaker, as the source gives it; not blank.' })
  @Length(1, 200)
  @Matches(/\S/, NOT_BLANK)
  speakerName: string;

  @Field(() => String, { nullable: true, description: "The speaker's office as the source gives it." })
  @IsOptional()
  @Length(1, 200)
  speakerTitle?: string | null;

  @Field({ description: "ISO 3166-1 alpha-2 code of the speaker's country, a tracked one (case-insensitive)." })
  @Matches(ISO_COUNTRY, { message: 'speakerCountryCode must be an ISO 3166-1 alpha-2 code' })
  speakerCountryCode: string;

  @Field(() => StatementKind, { description: "QUOTE (the speaker's words) or REPORTED (the source's words)." })
  kind: StatementKind;

  @Field({ description: 'What was said, verbatim; not blank.' })
  @Length(1, 5000)
  @Matches(/\S/, NOT_BLANK)
  text: string;

  @Field(() => StatementChannel, { description: 'How it was said; NOT_STATED where the source does not say.' })
  channel: StatementChannel;

  @Field(() => ApproximateDateInput, {
    nullable: true,
    description: 'When it was said, at the precision the source gives; omit where not given.',
  })
  @IsOptional()
  @ValidateNested()
  saidOn?: ApproximateDateInput | null;

  @Field(() => ID, { nullable: true, description: 'Global ID of the Source that reports it.' })
  @IsOptional()
  sourceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The passage of the source, verbatim, that gives the statement; needs sourceId.' })
  @IsOptional()
  @Length(1, 2000)
  excerpt?: string | null;

  @Field(() => ID, { nullable: true, description: 'Global ID of the Meeting it concerns.' })
  @IsOptional()
  meetingId?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Global IDs of the commitments it concerns.' })
  @ArrayMaxSize(100)
  commitmentIds: string[];

  @Field(() => [String], { defaultValue: [], description: 'Codes of the alliances it concerns, e.g. PAX_SILICA.' })
  @ArrayMaxSize(100)
  @MaxLength(40, { each: true })
  allianceCodes: string[];
}

@ObjectType({ simpleResolvers: true, description: 'The recorded statement.' })
export class AddStatementPayload extends MutationPayload {
  @Field(() => Statement, { description: 'The new statement.' })
  statement: Statement;
}
