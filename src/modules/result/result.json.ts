import type { IndicatorMeasure, ResultType } from './result.codes';
import type { IndicatorValue, Result } from './result.types';

/** Results as the project's snapshot writes them (project-funding.state.ts), snake_case, decimals as text. */
export interface ResultJson {
  result_type: ResultType;
  title: string;
  description: string | null;
  indicators: {
    title: string;
    description: string | null;
    measure: IndicatorMeasure;
    ascending: boolean;
    baseline_year: number | null;
    baseline_date: string | null;
    baseline_value: string | null;
    baseline_comment: string | null;
    periods: {
      period_start: string;
      period_end: string;
      target_value: string | null;
      target_comment: string | null;
      actual_value: string | null;
      actual_comment: string | null;
    }[];
  }[];
}

/** A stored decimal without the zeros its scale adds ("12.500000" is "12.5"). */
export const decimalText = (value: string | null) => (value === null ? null : value.includes('.') ? value.replace(/\.?0+$/, '') : value);

const indicatorValue = (value: string | null, comment: string | null): IndicatorValue | null =>
  value === null && comment === null ? null : { value: decimalText(value), comment };

/** A result as GraphQL shows it. */
export function resultOf(json: ResultJson): Result {
  return {
    resultType: json.result_type,
    title: json.title,
    description: json.description,
    indicators: json.indicators.map((indicator) => ({
      title: indicator.title,
      description: indicator.description,
      measure: indicator.measure,
      ascending: indicator.ascending,
      baseline:
        indicator.baseline_year === null
          ? null
          : {
              year: indicator.baseline_year,
              date: indicator.baseline_date,
              value: decimalText(indicator.baseline_value),
              comment: indicator.baseline_comment,
            },
      periods: indicator.periods.map((period) => ({
        periodStart: period.period_start,
        periodEnd: period.period_end,
        target: indicatorValue(period.target_value, period.target_comment),
        actual: indicatorValue(period.actual_value, period.actual_comment),
      })),
    })),
  };
}
