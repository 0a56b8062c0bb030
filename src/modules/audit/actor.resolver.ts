import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Action, isAllowed } from '../auth/policy';
import { Actor } from './status-change.types';

@Resolver(() => Actor)
export class ActorResolver {
  /** The subject, for callers the policy lets see who made a change (described on Actor.sub). */
  @FieldResolver(() => String, { nullable: true })
  sub(@Root() actor: Actor, @Ctx() ctx: Context): string | null {
    return isAllowed(ctx.caller, Action.READ_ACTOR_IDENTITY, { countryCodes: actor.country ? [actor.country] : [] }) ? actor.sub : null;
  }
}
