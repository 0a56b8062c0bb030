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
  RespondToProjectInvitationInput,
  RespondToProjectInvitationPayload,
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
    description:
      'Records a new project in PIPELINE. PARTNER: only with its own country among the participants, which is ACCEPTED and (unless it marks another accepted one) reporting; the other countries it names are INVITED until their teams accept, and cannot be LEAD (FORBIDDEN). ADMIN: any, all ACCEPTED.',
  })
  createProject(@Arg('input') input: CreateProjectInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.create(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => UpdateProjectPayload, {
    nullable: true,
    description:
      'Changes name, description, participants, minerals, budget, dates or location at expectedVersion. Participants follow the consent rules of createProject; a PARTNER cannot drop another country that has accepted (FORBIDDEN).',
  })
  updateProject(@Arg('input') input: UpdateProjectInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.update(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => ChangeProjectStatusPayload, {
    nullable: true,
    description: `Moves a project along the IATI workflow: ${describeTransitions(PROJECT_TRANSITIONS)}. CANCELLED and SUSPENDED need a note. Only the reporting participant's PARTNER (ProjectParticipant.reporting) or ADMIN: FORBIDDEN otherwise.`,
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

  @Authorized(Action.CHANGE_PROJECT)
  @Mutation(() => RespondToProjectInvitationPayload, {
    nullable: true,
    description:
      "An invited country's team accepts (the country takes part and counts in its project stats) or declines (it no longer takes part). Only that country's PARTNER, or ADMIN naming it; a country that has accepted already: INVALID_TRANSITION. The history keeps the invitation and the answer.",
  })
  respondToProjectInvitation(@Arg('input') input: RespondToProjectInvitationInput, @Ctx() ctx: Context) {
    return ctx.services.projectMutations.respond(ctx.caller, input);
  }
}
