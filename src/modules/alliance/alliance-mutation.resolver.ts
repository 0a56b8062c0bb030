import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { SetAllianceMembershipPayload, SetAllianceMembershipInput } from './alliance.inputs';

@Resolver()
export class AllianceMutationResolver {
  @Authorized(Action.CHANGE_MEMBERSHIP)
  @Mutation(() => SetAllianceMembershipPayload, {
    nullable: true,
    description: "Invites, admits, declines or retires a country's alliance membership (ADMIN).",
  })
  setAllianceMembership(@Arg('input') input: SetAllianceMembershipInput, @Ctx() ctx: Context) {
    return ctx.services.allianceMutations.setMembership(ctx.caller, input);
  }
}
