import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { describeTransitions } from '../../shared/workflow';
import {
  ChangeProjectStatusInput,
  ChangeProjectStatusPayload,
  CreateProjectInput,
  CreateProjectPayload,
  LinkProjectToCommitmentInput,
  LinkProjectToCommitmentPayload,
  UnlinkProjectFromCommitmentInput,
  UnlinkProjectFromCommitmentPayload,
  UpdateProjectInput,
  UpdateProjectPayload,
} from './project.inputs';
import { PROJECT_TRANSITIONS } from './project.status';

@Resolver()
export class ProjectMutationResolver {
  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => CreateProjectPayload, {
    nullable: true,
    description: 'Records a new project in PIPELINE. PARTNER: only with its own country among the participants.',
  })
  createProject(@Arg('input') input: CreateProjectInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.create(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => UpdateProjectPayload, {
    nullable: true,
    description: 'Changes name, description, participants, minerals, budget, dates or location at expectedVersion.',
  })
  updateProject(@Arg('input') input: UpdateProjectInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.update(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => ChangeProjectStatusPayload, {
    nullable: true,
    description: `Moves a project along the IATI workflow: ${describeTransitions(PROJECT_TRANSITIONS)}. CANCELLED and SUSPENDED need a note.`,
  })
  changeProjectStatus(@Arg('input') input: ChangeProjectStatusInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.changeStatus(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => LinkProjectToCommitmentPayload, {
    nullable: true,
    description:
      "Records that a project delivers on a commitment. A change of the project: `expectedVersion` (required) is the project's version you read; a stale one gets CONFLICT. PARTNER: must take part in both.",
  })
  linkProjectToCommitment(@Arg('input') input: LinkProjectToCommitmentInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.link(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => UnlinkProjectFromCommitmentPayload, {
    nullable: true,
    description:
      "Removes a project–commitment link. A change of the project: `expectedVersion` (required) is the project's version you read; a stale one gets CONFLICT. PARTNER: must take part in both.",
  })
  unlinkProjectFromCommitment(@Arg('input') input: UnlinkProjectFromCommitmentInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.unlink(ctx.caller, input);
  }
}
