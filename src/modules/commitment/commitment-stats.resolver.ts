import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Country } from '../country/country.entity';
import { DateScalar } from '../../shared/scalars';
import { VALID_ON_DESCRIPTION } from '../obligation/obligation.sql';
import { Meeting } from '../meeting/meeting.entity';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentStatsDimension, CommitmentStatsGroup, CommitmentStatsKey } from './commitment-stats.types';
import { CommitmentFilter } from './commitment.types';

@Resolver(() => CommitmentStatsKey)
export class CommitmentStatsResolver {
  @Query(() => [CommitmentStatsGroup], {
    description:
      'Counts and per-currency totals of the commitments matching the filter, grouped by the given dimensions (none: one group of all), largest groups first. ' +
      'Grouped by COUNTRY or MINERAL, a commitment counts once per party country or mineral, so group counts can add up to more than the commitments. ' +
      "Grouped by COUNTRY, each country's own obligation counts: STATUS is its obligation's status and the amounts are those it pledged itself (never another party's).",
  })
  commitmentStats(
    @Arg('filter', () => CommitmentFilter, {
      nullable: true,
      description: 'Which commitments to count, as on the commitments list; default all.',
    })
    filter: CommitmentFilter | null,
    @Arg('groupBy', () => [CommitmentStatsDimension], { description: 'Dimensions to group by, together; empty for one group of all.' })
    groupBy: CommitmentStatsDimension[],
    @Arg('validOn', () => DateScalar, { nullable: true, description: VALID_ON_DESCRIPTION }) validOn: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.commitmentStats.groups(filter, groupBy, validOn);
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
