import { ArrayMaxSize, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MoneyInput } from '../../shared/money';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { Project } from '../project/project.entity';
import { BudgetStatus, BudgetType } from './budget.codes';

/** The most budgets one project holds: a yearly budget, original and revised, for a century. */
export const MAX_BUDGETS = 200;

@InputType({ description: 'A budget for one period of at most a year.' })
export class BudgetInput {
  @Field(() => BudgetType, { defaultValue: BudgetType.ORIGINAL, description: 'ORIGINAL (the default) or REVISED.' })
  budgetType: BudgetType;

  @Field(() => BudgetStatus, { defaultValue: BudgetStatus.INDICATIVE, description: 'INDICATIVE (the default, as in IATI) or COMMITTED.' })
  budgetStatus: BudgetStatus;

  @Field(() => DateScalar, { description: 'First day of the period.' })
  periodStart: string;

  @Field(() => DateScalar, { description: 'Last day of the period: not before periodStart, at most a year after it.' })
  periodEnd: string;

  @Field(() => MoneyInput, { description: 'The amount budgeted for the period, exact, in its currency.' })
  @ValidateNested()
  value: MoneyInput;

  @Field(() => DateScalar, { nullable: true, description: 'The date of the exchange rate for the value; periodStart when omitted.' })
  valueDate?: string | null;
}

@InputType({ description: "Replaces a project's budgets (ADMIN, or PARTNER of the project's reporting participant)." })
export class SetProjectBudgetsInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the Project.' })
  projectId: string;

  @Field(() => Int, { description: 'The version of the project you read; CONFLICT if it has changed since.' })
  expectedVersion: number;

  @Field(() => [BudgetInput], { description: `The whole list, in order (at most ${MAX_BUDGETS}); empty removes them all.` })
  @ArrayMaxSize(MAX_BUDGETS)
  @ValidateNested({ each: true })
  budgets: BudgetInput[];
}

@ObjectType({ simpleResolvers: true, description: 'The project with its budgets replaced.' })
export class SetProjectBudgetsPayload extends MutationPayload {
  @Field(() => Project, { description: 'The project, its version bumped when anything changed.' })
  project: Project;
}
