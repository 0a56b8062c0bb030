import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { NodeResolver } from '../node/node.resolver';
import { Citation } from '../source/source.types';
import { AllianceMembership } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';
import { AllianceConnection, AllianceMembershipConnection, MembershipStatusChangeConnection } from './alliance.types';

@Resolver(() => Alliance)
export class AllianceResolver extends NodeResolver(Alliance) {
  @Query(() => AllianceConnection, { description: 'Every tracked alliance, by name.' })
  alliances(@Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.alliances.page(args);
  }

  @FieldResolver(() => AllianceMembershipConnection, { description: 'Members, invitees and former members, by country code.' })
  memberships(@Root() alliance: Alliance, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.alliances.membershipsOfAlliance(ctx.loaders, alliance.id, args);
  }

  @FieldResolver(() => [Citation], {
    description: 'Reports the alliance is recorded from, oldest first, each with the passage that supports it.',
  })
  sources(@Root() alliance: Alliance, @Ctx() ctx: Context) {
    return ctx.services.sources.citedBy(ctx.loaders, 'alliance', alliance.id);
  }
}

@Resolver(() => AllianceMembership)
export class AllianceMembershipResolver extends NodeResolver(AllianceMembership) {
  @FieldResolver(() => Alliance, { description: 'The alliance this membership is in.' })
  alliance(@Root() membership: AllianceMembership, @Ctx() ctx: Context) {
    return membership.alliance ?? ctx.services.alliances.load(ctx.loaders, membership.allianceId);
  }

  @FieldResolver(() => Country, { description: 'The country whose standing this is.' })
  country(@Root() membership: AllianceMembership, @Ctx() ctx: Context) {
    return membership.country ?? ctx.services.countries.load(ctx.loaders, membership.countryId);
  }

  @FieldResolver(() => [Citation], {
    description: 'Reports the membership status is recorded from, oldest first, each with the passage that supports it.',
  })
  sources(@Root() membership: AllianceMembership, @Ctx() ctx: Context) {
    return ctx.services.sources.citedBy(ctx.loaders, 'membership', membership.id);
  }

  @FieldResolver(() => MembershipStatusChangeConnection, { description: 'Every status the membership has had, oldest first.' })
  statusHistory(@Root() membership: AllianceMembership, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.statusHistory(ctx.loaders, membership.id, args);
  }
}
