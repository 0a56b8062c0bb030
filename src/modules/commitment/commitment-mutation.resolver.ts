import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { describeTransitions } from '../../shared/workflow';
import {
  ChangeCommitmentStatusInput,
  ChangeCommitmentStatusPayload,
  CreateCommitmentInput,
  CreateCommitmentPayload,
  RespondToCommitmentInvitationInput,
  RespondToCommitmentInvitationPayload,
  UpdateCommitmentInput,
  UpdateCommitmentPayload,
} from './commitment.inputs';
import { COMMITMENT_TRANSITIONS } from './commitment.status';

@Resolver()
export class CommitmentMutationResolver {
  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => CreateCommitmentPayload, {
    nullable: true,
    description:
      'Records a new commitment. PARTNER: only with its own country among the parties, which is ACCEPTED; the other countries it names are INVITED until their teams accept, and cannot be LEAD (FORBIDDEN). ADMIN: any, all ACCEPTED.',
  })
  createCommitment(@Arg('input') input: CreateCommitmentInput, @Ctx() ctx: Context) {
    return ctx.services.commitmentMutations.create(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => UpdateCommitmentPayload, {
    nullable: true,
    description:
      'Changes title, description, parties, minerals, amount or dates at expectedVersion (CONFLICT if stale). Parties follow the consent rules of createCommitment; a PARTNER cannot drop another country that has accepted (FORBIDDEN).',
  })
  updateCommitment(@Arg('input') input: UpdateCommitmentInput, @Ctx() ctx: Context) {
    return ctx.services.commitmentMutations.update(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => ChangeCommitmentStatusPayload, {
    nullable: true,
    description: `Moves a commitment along its workflow: ${describeTransitions(COMMITMENT_TRANSITIONS)}. DELIVERED needs evidenceUrl; DELAYED and WITHDRAWN need a note. Other moves: INVALID_TRANSITION.`,
  })
  changeCommitmentStatus(@Arg('input') input: ChangeCommitmentStatusInput, @Ctx() ctx: Context) {
    return ctx.services.commitmentMutations.changeStatus(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => RespondToCommitmentInvitationPayload, {
    nullable: true,
    description:
      "An invited country's team accepts (the country becomes a party that counts in its scorecard and totals) or declines (it is no longer a party). Only that country's PARTNER, or ADMIN naming it; a country that has accepted already: INVALID_TRANSITION. The history keeps the invitation and the answer.",
  })
  respondToCommitmentInvitation(@Arg('input') input: RespondToCommitmentInvitationInput, @Ctx() ctx: Context) {
    return ctx.services.commitmentMutations.respond(ctx.caller, input);
  }
}
