import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { rowKeyOf } from '../../shared/global-id';
import { ConnectionArgs } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { NodeResolver } from '../node/node.resolver';
import { Project } from '../project/project.entity';
import { ProvenanceBasis } from '../provenance/provenance.types';
import { Organisation } from './organisation.entity';
import { OrganisationConnection, OrganisationFilter } from './organisation.inputs';
import { ProjectOrganisation } from './project-organisation.types';

@Resolver(() => Organisation)
export class OrganisationResolver extends NodeResolver(Organisation) {
  @Query(() => Organisation, { nullable: true, description: 'One organisation by its global ID; null when there is none.' })
  async organisation(@Arg('id', () => ID, { description: 'Global ID of the Organisation.' }) id: string, @Ctx() ctx: Context) {
    const key = rowKeyOf('Organisation', id);
    return key ? ((await ctx.services.organisations.load(ctx.loaders, key)) ?? null) : null;
  }

  @Query(() => OrganisationConnection, { description: 'Organisations, by IATI identifier.' })
  organisations(
    @Arg('filter', () => OrganisationFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: OrganisationFilter | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.organisations.page(filter, args);
  }

  @FieldResolver(() => Country, {
    nullable: true,
    description: 'Its country; null for an organisation of no one country (a multilateral).',
  })
  country(@Root() organisation: Organisation, @Ctx() ctx: Context) {
    return organisation.countryId ? ctx.services.countries.load(ctx.loaders, organisation.countryId) : null;
  }
}

@Resolver(() => ProjectOrganisation)
export class ProjectOrganisationResolver {
  @FieldResolver(() => Organisation, { description: 'The organisation.' })
  organisation(@Root() participation: ProjectOrganisation, @Ctx() ctx: Context) {
    return ctx.services.organisations.load(ctx.loaders, participation.organisationId);
  }
}

/** The organisations of a project: who reports it and who takes part in it. */
@Resolver(() => Project)
export class ProjectOrganisationsResolver {
  @FieldResolver(() => [ProjectOrganisation], {
    description:
      "The organisations taking part in the project, each in one IATI role (IATI's participating-org), in order; invited ones say so.",
  })
  organisations(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.services.organisations.ofProject(ctx.loaders, project.id);
  }

  @FieldResolver(() => Organisation, {
    nullable: true,
    description:
      "The one organisation that reports the project (IATI's reporting-org). Where no one named it, the government of the reporting participant's country (reportingOrganisationBasis INFERRED). Null only for a project without a reporting participant.",
  })
  reportingOrganisation(@Root() project: Project, @Ctx() ctx: Context) {
    return project.reportingOrganisationId ? ctx.services.organisations.load(ctx.loaders, project.reportingOrganisationId) : null;
  }

  @FieldResolver(() => ProvenanceBasis, {
    nullable: true,
    description: 'STATED when someone named the reporting organisation; INFERRED when this service derived it (see Organisation.note).',
  })
  reportingOrganisationBasis(@Root() project: Project) {
    return project.reportingOrganisationBasis ?? null;
  }
}
