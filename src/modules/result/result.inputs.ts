import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { Project } from '../project/project.entity';
import { IndicatorMeasure, ResultType } from './result.codes';

const NOT_BLANK = { message: '$property must not be blank' };
/** An indicator value: an exact decimal of up to 18 digits and 6 decimal places, as results.sql stores it. */
export const INDICATOR_VALUE = /^-?\d{1,18}(\.\d{1,6})?$/;
export const MAX_RESULTS = 20;
export const MAX_INDICATORS = 10;
export const MAX_PERIODS = 20;

@InputType({ description: 'A value, a comment, or both.' })
export class IndicatorValueInput {
  @Field(() => String, {
    nullable: true,
    description: 'An exact decimal as a string, e.g. "12.5" (up to 18 digits and 6 decimal places); not for QUALITATIVE indicators.',
  })
  @IsOptional()
  @Matches(INDICATOR_VALUE, { message: 'value must be a decimal such as "12.5", with at most 18 digits and 6 decimal places' })
  value?: string | null;

  @Field(() => String, { nullable: true, description: 'What the value means, or the qualitative value itself; up to 2000 characters.' })
  @IsOptional()
  @Length(1, 2000)
  @Matches(/\S/, NOT_BLANK)
  comment?: string | null;
}

@InputType({ description: "An indicator's value before the project." })
export class IndicatorBaselineInput extends IndicatorValueInput {
  @Field(() => Int, { description: 'The year it was measured, 1900 to 2199.' })
  @IsInt()
  @Min(1900)
  @Max(2199)
  year: number;

  @Field(() => DateScalar, { nullable: true, description: 'The day it was measured, when known.' })
  date?: string | null;
}

@InputType({ description: 'Target and actual of one period.' })
export class IndicatorPeriodInput {
  @Field(() => DateScalar, { description: 'First day of the period.' })
  periodStart: string;

  @Field(() => DateScalar, { description: 'Last day of the period, not before its first.' })
  periodEnd: string;

  @Field(() => IndicatorValueInput, { nullable: true, description: 'What is aimed for in the period.' })
  @IsOptional()
  @ValidateNested()
  target?: IndicatorValueInput | null;

  @Field(() => IndicatorValueInput, { nullable: true, description: 'What was reached in the period.' })
  @IsOptional()
  @ValidateNested()
  actual?: IndicatorValueInput | null;
}

@InputType({ description: 'How a result is measured.' })
export class ResultIndicatorInput {
  @Field({ description: 'What the indicator measures; 1 to 500 characters.' })
  @Length(1, 500)
  @Matches(/\S/, NOT_BLANK)
  title: string;

  @Field(() => String, { nullable: true, description: 'More about it; up to 2000 characters.' })
  @IsOptional()
  @Length(1, 2000)
  description?: string | null;

  @Field(() => IndicatorMeasure, { defaultValue: IndicatorMeasure.UNIT, description: 'How it is measured; UNIT by default.' })
  measure: IndicatorMeasure;

  @Field({ defaultValue: true, description: 'Whether a higher value is better; true by default.' })
  ascending: boolean;

  @Field(() => IndicatorBaselineInput, { nullable: true, description: 'Its value before the project.' })
  @IsOptional()
  @ValidateNested()
  baseline?: IndicatorBaselineInput | null;

  @Field(() => [IndicatorPeriodInput], { defaultValue: [], description: `Targets and actuals per period (at most ${MAX_PERIODS}).` })
  @ArrayMaxSize(MAX_PERIODS)
  @ValidateNested({ each: true })
  periods: IndicatorPeriodInput[];
}

@InputType({ description: 'A result of a project, with its indicators.' })
export class ResultInput {
  @Field(() => ResultType, { description: 'Output, outcome, impact or other.' })
  resultType: ResultType;

  @Field({ description: 'What the result is; 1 to 500 characters.' })
  @Length(1, 500)
  @Matches(/\S/, NOT_BLANK)
  title: string;

  @Field(() => String, { nullable: true, description: 'More about it; up to 2000 characters.' })
  @IsOptional()
  @Length(1, 2000)
  description?: string | null;

  @Field(() => [ResultIndicatorInput], {
    description: `How it is measured: at least one indicator, as IATI requires of a result, and at most ${MAX_INDICATORS}.`,
  })
  @ArrayMinSize(1, { message: 'indicators needs at least one indicator: IATI requires one for every result' })
  @ArrayMaxSize(MAX_INDICATORS)
  @ValidateNested({ each: true })
  indicators: ResultIndicatorInput[];
}

@InputType({ description: "Replaces a project's results (ADMIN, or PARTNER of the project's reporting participant)." })
export class SetProjectResultsInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the Project.' })
  projectId: string;

  @Field(() => Int, { description: 'The version of the project you read; CONFLICT if it has changed since.' })
  expectedVersion: number;

  @Field(() => [ResultInput], { description: `The whole list, in order (at most ${MAX_RESULTS}); empty removes them all.` })
  @ArrayMaxSize(MAX_RESULTS)
  @ValidateNested({ each: true })
  results: ResultInput[];
}

@ObjectType({ simpleResolvers: true, description: 'The project with its results replaced.' })
export class SetProjectResultsPayload extends MutationPayload {
  @Field(() => Project, { description: 'The project, its version bumped when anything changed.' })
  project: Project;
}
