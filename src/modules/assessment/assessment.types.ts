import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CommitmentStatus } from '../commitment/commitment.status';
import { ASSESSED_RULE } from './assessment.sql';

@ObjectType({ simpleResolvers: true, description: `What auditors scored, next to what parties report. ${ASSESSED_RULE}` })
export class AssessedScore {
  @Field(() => Float, { nullable: true, description: 'Mean of the counted scores, −1 to +1; null when nothing is assessed.' })
  averageScore: number | null;

  @Field(() => Float, { nullable: true, description: '(averageScore + 1) / 2 × 100, 0 to 100; null when nothing is assessed.' })
  percent: number | null;

  @Field(() => Int, { description: 'How many obligations the average is over.' })
  assessedCount: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'An obligation whose reported status and assessed score disagree: reported DELIVERED but assessed −1, or reported DELAYED or WITHDRAWN but assessed +1.',
})
export class AssessmentDisagreement {
  /** The obligation's row id; the resolver loads it. */
  obligationId: string;

  @Field(() => CommitmentStatus, { description: 'The status its party reports (at the read time).' })
  reportedStatus: CommitmentStatus;

  @Field(() => Int, { description: 'The counted assessed score (−1 or +1).' })
  assessedScore: number;
}

/** An average as SQL gives it, with its percentage. */
export function assessedScore(average: number | null | undefined, count: number | null | undefined): AssessedScore {
  const averageScore = average ?? null;
  return { averageScore, percent: averageScore === null ? null : ((averageScore + 1) / 2) * 100, assessedCount: count ?? 0 };
}
