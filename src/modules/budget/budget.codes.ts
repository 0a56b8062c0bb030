import { registerEnumType } from 'type-graphql';

/** IATI's BudgetType codelist (2.03, embedded), copied from `BudgetType.xml` beside this file. Values are the IATI codes. */
export enum BudgetType {
  ORIGINAL = '1',
  REVISED = '2',
}
registerEnumType(BudgetType, {
  name: 'BudgetType',
  description: "Whether a budget is the original or a revision: IATI's BudgetType codelist (2.03); each value stands for its IATI code.",
  valuesConfig: {
    ORIGINAL: { description: 'IATI code 1: the original budget allocated to the activity.' },
    REVISED: { description: 'IATI code 2: the updated budget for the activity.' },
  },
});

/** IATI's BudgetStatus codelist (2.03, embedded), copied from `BudgetStatus.xml` beside this file. Values are the IATI codes. */
export enum BudgetStatus {
  INDICATIVE = '1',
  COMMITTED = '2',
}
registerEnumType(BudgetStatus, {
  name: 'BudgetStatus',
  description: "Whether a budget is indicative or committed: IATI's BudgetStatus codelist (2.03); each value stands for its IATI code.",
  valuesConfig: {
    INDICATIVE: { description: 'IATI code 1: a non-binding estimate for the described budget.' },
    COMMITTED: { description: 'IATI code 2: a binding agreement for the described budget.' },
  },
});
