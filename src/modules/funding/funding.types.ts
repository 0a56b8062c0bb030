import { Field, ObjectType } from 'type-graphql';
import { CurrencyScalar, DecimalScalar } from '../../shared/scalars';

const COUNTED =
  'Counted from transactions that stand at the read time (recorded by asOf, dated on or before validOn, and not replaced by a correction recorded by asOf).';

@ObjectType({
  simpleResolvers: true,
  description: `Money of a project in one currency, from its transactions; never summed across currencies. ${COUNTED}`,
})
export class FundingTotals {
  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency of every amount of this entry.' })
  currency: string;

  @Field(() => DecimalScalar, {
    description: 'Total of OUTGOING_COMMITMENT (IATI 2) transactions, exact, in the minor units of the currency.',
  })
  committed: string;

  @Field(() => DecimalScalar, { description: 'Total of DISBURSEMENT (IATI 3) transactions.' })
  disbursed: string;

  @Field(() => DecimalScalar, { description: 'Total of EXPENDITURE (IATI 4) transactions.' })
  spent: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'What was pledged in one currency and what the projects it led to committed, disbursed and spent in that currency; a currency appears when either side has an amount in it. ' +
    `A project that delivers on several commitments counts in full for each. ${COUNTED}`,
})
export class PledgedFundingTotals extends FundingTotals {
  @Field(() => DecimalScalar, {
    description:
      'The amount pledged: the obligations that count (accepted parties, not WITHDRAWN) at the read time, each with the amount its party pledged.',
  })
  pledged: string;
}
