import { IatiBaseline, IatiIndicator, IatiIndicatorValue, IatiPeriod, IatiResult } from './iati.model';
import { childNamed, childrenNamed, XmlElement } from './iati-xml-reader';
import { canonicalDecimal, Reading } from './xml-reading';

export const RESULT_LIMITS = { indicators: 50, periods: 100 } as const;

/** IndicatorMeasure 5: the values are comments, and IATI says @value is omitted. */
const QUALITATIVE = '5';
/** The scale of indicator values this service keeps. */
const VALUE_SCALE = 6;

/** A baseline, target or actual: its value must be a number unless the measure is qualitative (then it is not kept). */
function indicatorValue(reading: Reading, element: XmlElement, measure: string): IatiIndicatorValue {
  const raw = element.attributes.value;
  const comment = reading.childNarratives(element, 'comment');
  if (raw === undefined || measure === QUALITATIVE) return { comment };
  const parsed = canonicalDecimal(raw, VALUE_SCALE);
  if ('error' in parsed) {
    reading.refuse(element.line, `${element.name}/@value: ${parsed.error}, and the indicator's measure is not qualitative (5)`);
    return { comment };
  }
  return { value: parsed.value, comment };
}

function baseline(reading: Reading, element: XmlElement, measure: string): IatiBaseline {
  const year = Number(element.attributes.year);
  if (!Number.isInteger(year) || year < 1900 || year > 2200)
    reading.refuse(element.line, `baseline/@year "${element.attributes.year}" is not a year`);
  const isoDate = element.attributes['iso-date'] === undefined ? undefined : reading.date(element, 'iso-date', 'baseline');
  return { year, ...(isoDate && { isoDate }), ...indicatorValue(reading, element, measure) };
}

function period(reading: Reading, element: XmlElement, measure: string): IatiPeriod {
  const target = childNamed(element, 'target');
  const actual = childNamed(element, 'actual');
  return {
    ...reading.period(element, 'indicator/period'),
    ...(target && { target: indicatorValue(reading, target, measure) }),
    ...(actual && { actual: indicatorValue(reading, actual, measure) }),
    line: element.line,
  };
}

/** IATI's boolean: true, false, 1 or 0 (the schema has checked it is one of them). */
const xsdBoolean = (raw: string | undefined, fallback: boolean): boolean =>
  raw === undefined ? fallback : ['true', '1'].includes(raw.trim());

function indicator(reading: Reading, element: XmlElement): IatiIndicator {
  const measure = reading.requiredCode(element, 'measure', 'IndicatorMeasure');
  const baselineElement = childNamed(element, 'baseline');
  return {
    measure,
    ascending: xsdBoolean(element.attributes.ascending, true),
    title: reading.childNarratives(element, 'title'),
    description: reading.childNarratives(element, 'description'),
    ...(baselineElement && { baseline: baseline(reading, baselineElement, measure) }),
    periods: reading.bounded(childrenNamed(element, 'period'), RESULT_LIMITS.periods, (child) => period(reading, child, measure)),
    line: element.line,
  };
}

/** What this service keeps of one `result`: its type, title, description and indicators. */
export function resultsFrom(reading: Reading, element: XmlElement): IatiResult {
  return {
    type: reading.requiredCode(element, 'type', 'ResultType'),
    title: reading.childNarratives(element, 'title'),
    description: reading.childNarratives(element, 'description'),
    indicators: reading.bounded(childrenNamed(element, 'indicator'), RESULT_LIMITS.indicators, (child) => indicator(reading, child)),
    line: element.line,
  };
}
