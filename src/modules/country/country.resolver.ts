import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AS_OF_ACCESS, authorizeAsOf } from '../auth/policy';
import { ConnectionArgs } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { AllianceMembershipConnection } from '../alliance/alliance.types';
import { COMMITMENT_ORDER_DESCRIPTION, CommitmentConnection, CommitmentFilter, CommitmentOrder } from '../commitment/commitment.types';
import { NodeResolver } from '../node/node.resolver';
import { PROJECT_ORDER_DESCRIPTION, ProjectConnection, ProjectFilter, ProjectOrder } from '../project/project.types';
import { Country } from './country.entity';
import { CountryConnection, CountryFilter, CountryOrder } from './country.types';

@Resolver(() => Country)
export class CountryResolver extends NodeResolver(Country) {
  @Query(() => CountryConnection, {
    description: 'Tracked countries and economic unions matching the filter, by ISO code unless orderBy says otherwise.',
  })
  countries(
    @Arg('filter', () => CountryFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: CountryFilter | null,
    @Arg('orderBy', () => CountryOrder, { nullable: true, description: 'Sort order, ties broken by id. Default: CODE ASC.' })
    orderBy: CountryOrder | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.countries.page(filter, orderBy, args);
  }

  @Query(() => Country, { nullable: true, description: 'One country by ISO 3166-1 alpha-2 code (EU for the European Union).' })
  country(
    @Arg('code', {
      description: 'ISO 3166-1 alpha-2 code, case-insensitive; anything else is BAD_USER_INPUT. An untracked code gives null.',
    })
    code: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.countries.findByCode(code);
  }

  @FieldResolver(() => CommitmentConnection, {
    description: 'Commitments in which this country is a party that has accepted (see pendingCommitmentInvitations for the others).',
  })
  commitments(
    @Root() country: Country,
    @Arg('filter', () => CommitmentFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: CommitmentFilter | null,
    @Arg('orderBy', () => CommitmentOrder, { nullable: true, description: COMMITMENT_ORDER_DESCRIPTION }) orderBy: CommitmentOrder | null,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: `Commitments the country was a party to at this instant, as they stood then. ${AS_OF_ACCESS.country}`,
    })
    asOf: Date | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    authorizeAsOf(ctx.caller, asOf, { countryCodes: [country.code] });
    return ctx.services.commitments.pageByCountry(ctx.loaders, country.id, { filter, orderBy, asOf }, args);
  }

  @FieldResolver(() => CommitmentConnection, {
    description:
      'Commitments another country has named this one on and its team has not answered yet (PartyConsent.INVITED), oldest record first: answer with respondToCommitmentInvitation. They count nowhere for this country until accepted.',
  })
  pendingCommitmentInvitations(@Root() country: Country, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.commitments.pageInvitationsByCountry(ctx.loaders, country.id, args);
  }

  @FieldResolver(() => ProjectConnection, {
    description:
      'Projects another country has named this one on and its team has not answered yet (PartyConsent.INVITED), oldest record first: answer with respondToProjectInvitation.',
  })
  pendingProjectInvitations(@Root() country: Country, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.projects.pageInvitationsByCountry(ctx.loaders, country.id, args);
  }

  @FieldResolver(() => ProjectConnection, {
    description: 'Projects in which this country takes part, having accepted (see pendingProjectInvitations).',
  })
  projects(
    @Root() country: Country,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: ProjectFilter | null,
    @Arg('orderBy', () => ProjectOrder, { nullable: true, description: PROJECT_ORDER_DESCRIPTION }) orderBy: ProjectOrder | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.projects.pageByCountry(ctx.loaders, country.id, { filter, orderBy }, args);
  }

  @FieldResolver(() => AllianceMembershipConnection, {
    description: "The country's standing in each alliance it is related to, by alliance name.",
  })
  memberships(@Root() country: Country, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.alliances.membershipsOfCountry(ctx.loaders, country.id, args);
  }
}
