/** How the two-key sign-off of deliveries is written in SQL, for the obligation, the scorecards and the report alike. */
import { SqlParams } from '../../shared/pagination';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import { CommitmentStatus } from '../commitment/commitment.status';

/**
 * Lateral SQL (alias `claim`): the claim of obligation `obligationId`, its latest change to DELIVERED
 * (recorded by asOf, if given), with the review of that claim (alias `review`, recorded by asOf).
 */
export function claimAndReview(obligationId: string, asOf: Date | null | undefined, params: SqlParams): string {
  const claimBy = asOf ? `AND e.occurred_at <= ${params.add(asOf)}` : '';
  const reviewBy = asOf ? `AND review.created_at <= ${params.add(asOf)}` : '';
  return `LEFT JOIN LATERAL (
      SELECT e.id, e.occurred_at, e.actor_sub, e.actor_role, e.actor_country FROM audit_events e
      WHERE e.subject_type = '${SubjectType.OBLIGATION}' AND e.subject_id = ${obligationId} AND e.to_status = '${CommitmentStatus.DELIVERED}'
        AND e.action <> '${AuditAction.STATUS_CORRECTED}' ${claimBy}
      ORDER BY e.sequence DESC LIMIT 1) claim ON true
    LEFT JOIN delivery_reviews review ON review.claim_event_id = claim.id ${reviewBy}`;
}

/** SQL: CLAIMED, CONFIRMED or REFUSED for a row joined with claimAndReview. */
export const DELIVERY_STATE = `CASE WHEN review.confirmed THEN 'CONFIRMED' WHEN NOT review.confirmed THEN 'REFUSED' ELSE 'CLAIMED' END`;
