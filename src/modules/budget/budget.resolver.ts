import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { Project } from '../project/project.entity';
import { SetProjectBudgetsInput, SetProjectBudgetsPayload } from './budget.inputs';
import { Budget } from './budget.types';

@Resolver(() => Project)
export class ProjectBudgetsResolver {
  @FieldResolver(() => [Budget], {
    description:
      "The project's budgets per period (IATI budget), in the order given; empty where none is recorded (budget is the one stated amount).",
  })
  budgets(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.services.budgets.ofProject(ctx.loaders, project.id);
  }
}

@Resolver()
export class BudgetMutationResolver {
  @Authorized(Action.REPORT_PROJECT_FUNDING)
  @Mutation(() => SetProjectBudgetsPayload, {
    nullable: true,
    description: "Replaces a project's budgets (ADMIN, or PARTNER of the project's reporting participant).",
  })
  setProjectBudgets(@Arg('input') input: SetProjectBudgetsInput, @Ctx() ctx: Context) {
    return ctx.services.budgets.setForProject(ctx.caller, input);
  }
}
