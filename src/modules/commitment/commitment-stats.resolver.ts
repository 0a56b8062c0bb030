import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Country } from '../country/country.entity';
import { Meeting } from '../meeting/meeting.entity';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentStatsDimension, CommitmentStatsGroup, CommitmentStatsKey } from './commitment-stats.types';
import { CommitmentFilter } from './commitment.types';

@Resolver(() => CommitmentStatsKey)
export class CommitmentStatsResolver {
  @Query(() => [CommitmentStatsGroup], {
    description:
      'Counts and per-currency totals of the commitments matching the filter, grouped by the given dimensions (none: one group of all), largest groups first. ' +
      'Grouped by COUNTRY or MINERAL, a commitment counts once per party country or mineral, so group counts can add up to more than the commitments.',
  })
  commitmentStats(
    @Arg('filter', () => CommitmentFilter, {
      nullable: true,
      description: 'Which commitments to count, as on the commitments list; default all.',
    })
    filter: CommitmentFilter | null,
    @Arg('groupBy', () => [CommitmentStatsDimension], { description: 'Dimensions to group by, together; empty for one group of all.' })
    groupBy: CommitmentStatsDimension[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.commitmentStats.groups(filter, groupBy);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The party country, when grouped by COUNTRY.' })
  country(@Root() key: CommitmentStatsKey, @Ctx() ctx: Context) {
    return key.countryId ? ctx.services.countries.load(ctx.loaders, key.countryId) : null;
  }

  @FieldResolver(() => Mineral, {
    nullable: true,
    description: 'The mineral, when grouped by MINERAL; null for commitments covering none.',
  })
  mineral(@Root() key: CommitmentStatsKey, @Ctx() ctx: Context) {
    return key.mineralId ? ctx.services.minerals.load(ctx.loaders, key.mineralId) : null;
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting, when grouped by MEETING; null for commitments made at none.' })
  meeting(@Root() key: CommitmentStatsKey, @Ctx() ctx: Context) {
    return key.meetingId ? ctx.services.meetings.load(ctx.loaders, key.meetingId) : null;
  }
}
