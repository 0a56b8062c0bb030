import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { ProjectStatsDimension, ProjectStatsGroup, ProjectStatsKey } from './project-stats.types';
import { ProjectFilter } from './project.types';

@Resolver(() => ProjectStatsKey)
export class ProjectStatsResolver {
  @Query(() => [ProjectStatsGroup], {
    description:
      'Counts and per-currency budget totals of the projects matching the filter, grouped by the given dimensions (none: one group of all), largest groups first. ' +
      'Grouped by COUNTRY or MINERAL, a project counts once per participating country or mineral, so group counts can add up to more than the projects.',
  })
  projectStats(
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Which projects to count, as on the projects list; default all.' })
    filter: ProjectFilter | null,
    @Arg('groupBy', () => [ProjectStatsDimension], { description: 'Dimensions to group by, together; empty for one group of all.' })
    groupBy: ProjectStatsDimension[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.projectStats.groups(filter, groupBy);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The participating country, when grouped by COUNTRY.' })
  country(@Root() key: ProjectStatsKey, @Ctx() ctx: Context) {
    return key.countryId ? ctx.services.countries.load(ctx.loaders, key.countryId) : null;
  }

  @FieldResolver(() => Mineral, { nullable: true, description: 'The mineral, when grouped by MINERAL; null for projects covering none.' })
  mineral(@Root() key: ProjectStatsKey, @Ctx() ctx: Context) {
    return key.mineralId ? ctx.services.minerals.load(ctx.loaders, key.mineralId) : null;
  }
}
