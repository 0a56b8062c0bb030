import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AS_OF_ACCESS, authorizeAsOf } from '../auth/policy';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { VALID_ON_DESCRIPTION } from '../obligation/obligation.sql';
import { Country } from '../country/country.entity';
import { CountryScorecard } from './scorecard.types';

@Resolver(() => Country)
export class ScorecardResolver {
  @FieldResolver(() => CountryScorecard, {
    description:
      "How the country stands on its own obligations (its share of each commitment, never another party's): statuses, overdue, on-time delivery, amounts and a compliance score.",
  })
  async scorecard(
    @Root() country: Country,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: `The scorecard as it stood at this instant, from the commitments as the audit trail recorded them then. ${AS_OF_ACCESS.country}`,
    })
    asOf: Date | null,
    @Arg('validOn', () => DateScalar, { nullable: true, description: VALID_ON_DESCRIPTION }) validOn: string | null,
    @Arg('includeInferredDeadlines', () => Boolean, {
      defaultValue: false,
      description:
        'Also count deadlines (targetOn) that no source states, only an inference (see Commitment.provenance); by default they are not counted, as if the commitment had none.',
    })
    includeInferredDeadlines: boolean,
    @Ctx() ctx: Context,
  ) {
    authorizeAsOf(ctx.caller, asOf, { countryCodes: [country.code] });
    const readTime = { asOf, validOn };
    const scorecard = await ctx.services.scorecards.scorecard(ctx.loaders, country.id, readTime, includeInferredDeadlines);
    return { ...scorecard, countryId: country.id, readTime };
  }
}
