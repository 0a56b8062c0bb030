import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { NodeResolver } from '../node/node.resolver';
import { Source } from '../source/source.entity';
import { Citation } from '../source/source.types';
import { Mineral } from './mineral.entity';
import { MineralConnection } from './mineral.types';
import { RefiningShareEstimate } from './refining-share-estimate.entity';

const CHINA = 'CN';

@Resolver(() => Mineral)
export class MineralResolver extends NodeResolver(Mineral) {
  @Query(() => MineralConnection, { description: 'Every tracked mineral, by code.' })
  minerals(@Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.minerals.page(args);
  }

  @Query(() => [RefiningShareEstimate], { description: 'Every refining-share figure the sources give.' })
  refiningShareEstimates(@Ctx() ctx: Context) {
    return ctx.services.minerals.allEstimates();
  }

  @FieldResolver(() => [RefiningShareEstimate], {
    description:
      "China's share of global refining of this mineral, as sources give it (often a figure for a group of minerals). Empty where no source gives one.",
  })
  chinaRefiningShares(@Root() mineral: Mineral, @Ctx() ctx: Context) {
    return ctx.services.minerals.refiningSharesOf(ctx.loaders, mineral.id, CHINA);
  }

  @FieldResolver(() => [Citation], {
    description: 'How the mineral entered the data: the reports that name it, each with the passage that does.',
  })
  sources(@Root() mineral: Mineral, @Ctx() ctx: Context) {
    return ctx.services.sources.citedBy(ctx.loaders, 'mineral', mineral.id);
  }
}

@Resolver(() => RefiningShareEstimate)
export class RefiningShareEstimateResolver extends NodeResolver(RefiningShareEstimate) {
  @FieldResolver(() => Country, { description: 'The country whose refining share this is.' })
  refiner(@Root() estimate: RefiningShareEstimate, @Ctx() ctx: Context) {
    return ctx.services.countries.load(ctx.loaders, estimate.refinerCountryId);
  }

  @FieldResolver(() => [Mineral], {
    description: 'Minerals the figure covers; empty when the source speaks of critical minerals in general.',
  })
  minerals(@Root() estimate: RefiningShareEstimate, @Ctx() ctx: Context) {
    return ctx.services.minerals.mineralsOfEstimate(ctx.loaders, estimate.id);
  }

  @FieldResolver(() => Source, { description: 'The report that gives the figure.' })
  source(@Root() estimate: RefiningShareEstimate, @Ctx() ctx: Context) {
    return ctx.services.sources.load(ctx.loaders, estimate.sourceId);
  }
}
