import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DateScalar } from '../../shared/scalars';
import type { AsOfSnapshot } from '../audit/as-of';
import { Commitment } from '../commitment/commitment.entity';
import type { ReadTime } from '../obligation/obligation.sql';
import { Project } from '../project/project.entity';
import { CountryScorecard } from '../scorecard/scorecard.types';
import { FundingTotals, PledgedFundingTotals } from './funding.types';

const VALID_ON =
  'Count only transactions dated on or before this day (valid time); public. Default: the day the parent was read for, else every date.';

/** The read time of a parent read in the past (its asOf and validOn), with this field's own validOn, if given, instead. */
const timeOf = (parent: AsOfSnapshot & { validOn?: string | null }, validOn: string | null): ReadTime => ({
  asOf: parent.asOf ?? null,
  validOn: validOn ?? parent.validOn ?? null,
});

@Resolver(() => Project)
export class ProjectFundingResolver {
  @FieldResolver(() => [FundingTotals], {
    description:
      'What the project committed, disbursed and spent, per currency (by currency code), from its transactions; under a project read asOf, as recorded by then. Empty without transactions of those types.',
  })
  funding(
    @Root() project: Project & AsOfSnapshot,
    @Arg('validOn', () => DateScalar, { nullable: true, description: VALID_ON }) validOn: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.funding.ofProject(ctx.loaders, project.id, timeOf(project, validOn));
  }
}

@Resolver(() => Commitment)
export class CommitmentFundingResolver {
  @FieldResolver(() => [PledgedFundingTotals], {
    description:
      'What the commitment pledged and what the projects delivering on it committed, disbursed and spent, per currency (by currency code); read at the commitment’s own asOf/validOn.',
  })
  funding(
    @Root() commitment: Commitment & AsOfSnapshot & { validOn?: string | null },
    @Arg('validOn', () => DateScalar, { nullable: true, description: VALID_ON }) validOn: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.funding.ofCommitment(ctx.loaders, commitment.id, timeOf(commitment, validOn));
  }
}

@Resolver(() => CountryScorecard)
export class ScorecardFundingResolver {
  @FieldResolver(() => [PledgedFundingTotals], {
    description:
      "What the country pledged on its own obligations and what the projects delivering on those commitments committed, disbursed and spent (each project once), per currency; at the scorecard's asOf/validOn.",
  })
  funding(@Root() scorecard: CountryScorecard, @Ctx() ctx: Context) {
    return ctx.services.funding.ofCountry(ctx.loaders, scorecard.countryId, scorecard.readTime);
  }
}
