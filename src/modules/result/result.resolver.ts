import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { Project } from '../project/project.entity';
import { SetProjectResultsInput, SetProjectResultsPayload } from './result.inputs';
import { Result } from './result.types';

@Resolver(() => Project)
export class ProjectResultsResolver {
  @FieldResolver(() => [Result], {
    description: 'What the project means to achieve and achieved (IATI result), with indicators, targets and actuals, in order.',
  })
  results(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.services.results.ofProject(ctx.loaders, project.id);
  }
}

@Resolver()
export class ResultMutationResolver {
  @Authorized(Action.REPORT_PROJECT_FUNDING)
  @Mutation(() => SetProjectResultsPayload, {
    nullable: true,
    description: "Replaces a project's results, their indicators and periods (ADMIN, or PARTNER of the project's reporting participant).",
  })
  setProjectResults(@Arg('input') input: SetProjectResultsInput, @Ctx() ctx: Context) {
    return ctx.services.results.setForProject(ctx.caller, input);
  }
}
