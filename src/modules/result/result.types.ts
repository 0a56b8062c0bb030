import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../shared/scalars';
import { IndicatorMeasure, ResultType } from './result.codes';

/** An indicator's value as text: exact decimals (up to 6 places) never pass through a float. */
@ObjectType({
  simpleResolvers: true,
  description: "An indicator's baseline, target or actual: a value, a comment, or both (IATI's @value and comment).",
})
export class IndicatorValue {
  @Field(() => String, {
    nullable: true,
    description: 'The value as an exact decimal string, e.g. "12.5"; null for a qualitative indicator or when only a comment is given.',
  })
  value: string | null;

  @Field(() => String, { nullable: true, description: 'What the value means, or the qualitative value itself.' })
  comment: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A baseline: the value of an indicator before the project, in a given year.' })
export class IndicatorBaseline extends IndicatorValue {
  @Field(() => Number, { description: 'The year the baseline value was measured (IATI baseline/@year).' })
  year: number;

  @Field(() => DateScalar, { nullable: true, description: 'The day it was measured, when known (IATI baseline/@iso-date).' })
  date: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "One reporting period of an indicator, with its target and actual values (IATI's result/indicator/period).",
})
export class IndicatorPeriod {
  @Field(() => DateScalar, { description: 'First day of the period.' })
  periodStart: string;

  @Field(() => DateScalar, { description: 'Last day of the period.' })
  periodEnd: string;

  @Field(() => IndicatorValue, { nullable: true, description: 'What was aimed for in the period; null when not set.' })
  target: IndicatorValue | null;

  @Field(() => IndicatorValue, { nullable: true, description: 'What was reached in the period; null until reported.' })
  actual: IndicatorValue | null;
}

@ObjectType({ simpleResolvers: true, description: 'How a result is measured (IATI result/indicator).' })
export class ResultIndicator {
  @Field({ description: 'What the indicator measures.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'More about the indicator.' })
  description: string | null;

  @Field(() => IndicatorMeasure, { description: 'How it is measured (unit, percentage, …, qualitative).' })
  measure: IndicatorMeasure;

  @Field({ description: 'Whether a higher value is better (IATI indicator/@ascending).' })
  ascending: boolean;

  @Field(() => IndicatorBaseline, { nullable: true, description: 'The value before the project; null when not given.' })
  baseline: IndicatorBaseline | null;

  @Field(() => [IndicatorPeriod], { description: 'Targets and actuals per period, earliest first.' })
  periods: IndicatorPeriod[];
}

@ObjectType({ simpleResolvers: true, description: 'What a project means to achieve or achieved, at one level (IATI result).' })
export class Result {
  @Field(() => ResultType, { description: 'Output, outcome, impact or other.' })
  resultType: ResultType;

  @Field({ description: 'What the result is.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'More about the result.' })
  description: string | null;

  @Field(() => [ResultIndicator], { description: 'How the result is measured, in the order given.' })
  indicators: ResultIndicator[];
}
