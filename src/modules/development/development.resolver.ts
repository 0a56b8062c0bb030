import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { NodeResolver } from '../node/node.resolver';
import { Citation } from '../source/source.types';
import { Development } from './development.entity';

@Resolver(() => Development)
export class DevelopmentResolver extends NodeResolver(Development) {
  @Query(() => [Development], { description: 'Every development in the supply of critical minerals that the sources report, by kind.' })
  developments(@Ctx() ctx: Context) {
    return ctx.services.developments.all();
  }

  @FieldResolver(() => Country, { description: 'The country whose action it is, e.g. China restricting exports.' })
  country(@Root() development: Development, @Ctx() ctx: Context) {
    return ctx.services.countries.load(ctx.loaders, development.countryId);
  }

  @FieldResolver(() => [Mineral], { description: 'Minerals it concerns, by code; empty where the source names none.' })
  minerals(@Root() development: Development, @Ctx() ctx: Context) {
    return ctx.services.developments.minerals(ctx.loaders, development.id);
  }

  @FieldResolver(() => [Citation], { description: 'Reports of it, each with the passage that reports it.' })
  sources(@Root() development: Development, @Ctx() ctx: Context) {
    return ctx.services.sources.citedBy(ctx.loaders, 'development', development.id);
  }
}

@Resolver(() => Mineral)
export class MineralDevelopmentsResolver {
  @FieldResolver(() => [Development], { description: 'Reported developments that concern this mineral, e.g. export restrictions.' })
  developments(@Root() mineral: Mineral, @Ctx() ctx: Context) {
    return ctx.services.developments.ofMineral(ctx.loaders, mineral.id);
  }
}
