import { registerEnumType } from 'type-graphql';

/**
 * IATI's ResultType codelist (2.03, non-embedded; source:
 * https://iatistandard.org/en/iati-standard/203/codelists/resulttype/). Values are the IATI codes.
 */
export enum ResultType {
  OUTPUT = '1',
  OUTCOME = '2',
  IMPACT = '3',
  OTHER = '9',
}
registerEnumType(ResultType, {
  name: 'ResultType',
  description: "What level of result it is: IATI's ResultType codelist (2.03); each value stands for its IATI code.",
  valuesConfig: {
    OUTPUT: {
      description:
        'IATI code 1: results of the activity that came about as a direct effect of your work and specific, what is done, and what communities are reached.',
    },
    OUTCOME: { description: 'IATI code 2: results of the activity that produce an effect on the overall communities or issues you serve.' },
    IMPACT: { description: 'IATI code 3: the long term effects of the outcomes, that lead to larger, over arching results.' },
    OTHER: { description: 'IATI code 9: another type of result, not specified above.' },
  },
});

/**
 * IATI's IndicatorMeasure codelist (2.03, non-embedded; source:
 * https://iatistandard.org/en/iati-standard/203/codelists/indicatormeasure/). Values are the IATI codes.
 */
export enum IndicatorMeasure {
  UNIT = '1',
  PERCENTAGE = '2',
  NOMINAL = '3',
  ORDINAL = '4',
  QUALITATIVE = '5',
}
registerEnumType(IndicatorMeasure, {
  name: 'IndicatorMeasure',
  description: "How an indicator is measured: IATI's IndicatorMeasure codelist (2.03); each value stands for its IATI code.",
  valuesConfig: {
    UNIT: { description: 'IATI code 1: the indicator is measured in units.' },
    PERCENTAGE: { description: 'IATI code 2: the indicator is measured in percentages.' },
    NOMINAL: { description: 'IATI code 3: the indicator is measured as a quantitative nominal scale.' },
    ORDINAL: { description: 'IATI code 4: the indicator is measured as a quantitative ordinal scale.' },
    QUALITATIVE: { description: 'IATI code 5: the indicator is qualitative (its values are comments, not numbers).' },
  },
});
