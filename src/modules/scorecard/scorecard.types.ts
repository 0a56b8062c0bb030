import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Money } from '../../shared/money';
import type { ReadTime } from '../obligation/obligation.sql';
import { AssessedScore, AssessmentDisagreement } from '../assessment/assessment.types';
import { CommitmentStatus } from '../commitment/commitment.status';

@ObjectType({ simpleResolvers: true, description: 'How many of a country’s commitments are in one status.' })
export class CommitmentStatusCount {
  @Field(() => CommitmentStatus, { description: 'The status counted.' })
  status: CommitmentStatus;

  @Field(() => Int, { description: 'Commitments of the country in this status.' })
  count: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "How a country stands on the commitments it is a party to, computed from its own obligations only: the status of its own share, and the amounts it pledged itself (never another party's). " +
    '"Today" is the current UTC date, or the UTC date of asOf when the scorecard is asked for as of an instant; ' +
    'a commitment is overdue when its targetOn is before today and its status is neither DELIVERED nor WITHDRAWN.',
})
export class CountryScorecard {
  /** The country and read time it was computed for, so fields resolved later (funding) answer for the same. */
  countryId: string;
  readTime: ReadTime;

  @Field(() => [CommitmentStatusCount], {
    description: 'Every status, in workflow order, with how many commitments are in it (zero included).',
  })
  countsByStatus: CommitmentStatusCount[];

  @Field(() => Int, { description: 'Commitments overdue: targetOn before today, and neither DELIVERED nor WITHDRAWN.' })
  overdueCount: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Percentage (0 to 100, like every percentage in the API) of the commitments that were due that were delivered on time; due means with a targetOn, and DELIVERED or overdue. ' +
      'On time means DELIVERED with a delivery date on or before targetOn; the delivery date is the effectiveOn of the change to DELIVERED, ' +
      'else the UTC date it was recorded. Null when no commitment was due.',
  })
  onTimeDeliveryPercent: number | null;

  @Field(() => [Money], { description: 'Stated amounts of the commitments that are not WITHDRAWN, totalled per currency.' })
  pledged: Money[];

  @Field(() => [Money], { description: 'Stated amounts of the DELIVERED commitments, totalled per currency.' })
  delivered: Money[];

  @Field(() => Float, {
    nullable: true,
    description:
      'Compliance score from -1 to +1, in the manner of the G7 Research Group: each scorable commitment scores +1 if DELIVERED (late or not); ' +
      '-1 if DELAYED, WITHDRAWN or overdue; 0 if IN_PROGRESS and not overdue (partial compliance). PROPOSED and ANNOUNCED commitments that are not ' +
      'overdue are not yet scorable and are left out. The score is the average over the scorable ones; null when there are none.',
  })
  complianceScore: number | null;

  @Field(() => Int, { description: 'How many commitments complianceScore averages over.' })
  scoredCommitments: number;

  @Field(() => AssessedScore, {
    description:
      "The auditors' view, next to complianceScore (the parties' own view): the counted assessments of the country's counted obligations.",
  })
  assessed: AssessedScore;

  @Field(() => [AssessmentDisagreement], {
    description: 'Obligations of the country whose reported status and assessed score disagree, by commitment title.',
  })
  disagreements: AssessmentDisagreement[];

  @Field(() => Int, {
    description:
      'DELIVERED obligations that only their own party vouches for so far: claimed, not yet confirmed or refused by a second key (see Obligation.delivery).',
  })
  deliveredClaimed: number;

  @Field(() => Int, { description: 'DELIVERED obligations confirmed by another accepted party of the commitment, an AUDITOR or an ADMIN.' })
  deliveredConfirmed: number;

  @Field(() => Int, { description: 'DELIVERED obligations whose delivery a second key refused.' })
  deliveredRefused: number;
}
