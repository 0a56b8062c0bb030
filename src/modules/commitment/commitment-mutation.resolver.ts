import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { describeTransitions } from '../../shared/workflow';
import {
  ChangeCommitmentStatusInput,
  ChangeCommitmentStatusPayload,
  CreateCommitmentInput,
  CreateCommitmentPayload,
  UpdateCommitmentInput,
  UpdateCommitmentPayload,
} from './commitment.inputs';
import { COMMITMENT_TRANSITIONS } from './commitment.status';

@Resolver()
export class CommitmentMutationResolver {
  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => CreateCommitmentPayload, {
    nullable: true,
    description: 'Records a new commitment. PARTNER: only with its own country among the parties; ADMIN: any.',
  })
  createCommitment(@Arg('input') input: CreateCommitmentInput, @Ctx() ctx: Context) {
    return ctx.services.commitmentMutations.create(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => UpdateCommitmentPayload, {
    nullable: true,
    description: 'Changes title, description, parties, minerals, amount or dates at expectedVersion (CONFLICT if stale).',
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
}
