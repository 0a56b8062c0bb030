import { Field, ObjectType } from 'type-graphql';
import { Money } from '../../shared/money';
import { DateScalar } from '../../shared/scalars';
import { BudgetStatus, BudgetType } from './budget.codes';

/** A row of budgets; `value` is built from its value and currency columns. */
@ObjectType({ simpleResolvers: true, description: "A project's budget for one period, as IATI's budget element has it." })
export class Budget {
  projectId: string;

  @Field(() => BudgetType, { description: 'Original or revised.' })
  budgetType: BudgetType;

  @Field(() => BudgetStatus, { description: 'Indicative or committed.' })
  budgetStatus: BudgetStatus;

  @Field(() => DateScalar, { description: 'First day of the period.' })
  periodStart: string;

  @Field(() => DateScalar, { description: 'Last day of the period; at most a year after periodStart, as IATI asks.' })
  periodEnd: string;

  @Field(() => Money, { description: 'The amount budgeted for the period, exact, in its currency.' })
  value: Money;

  @Field(() => DateScalar, { description: 'The date whose exchange rate converts the value to other currencies (IATI value/@value-date).' })
  valueDate: string;
}
