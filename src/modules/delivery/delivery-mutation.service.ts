import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode, NotFoundError } from '../../shared/errors';
import { fromGlobalId, toGlobalId } from '../../shared/global-id';
import { updateVersioned } from '../../shared/versioned-row';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { CommitmentStatus } from '../commitment/commitment.status';
import { standingEvidence } from '../evidence/evidence-citation';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { PartyConsent } from '../linked-record/consent';
import { Obligation } from '../obligation/obligation.entity';
import { DeliveryState, type ConfirmDeliveryInput, type ConfirmDeliveryPayload } from './delivery.types';

interface Claim {
  id: string;
  actorSub: string;
}

/** The second key on deliveries: someone other than the claimer, of another accepted party of the commitment or an AUDITOR, confirms or refuses. */
export class DeliveryMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Confirms or refuses the standing claim of a DELIVERED obligation, once; the review is an event of the obligation's history. */
  review(caller: Caller, input: ConfirmDeliveryInput): Promise<ConfirmDeliveryPayload> {
    return this.idempotency.run(caller, Action.CONFIRM_DELIVERY, 'confirmDelivery', input.idempotencyKey, input, async (manager) => {
      authorize(caller, Action.CONFIRM_DELIVERY);
      const id = fromGlobalId('Obligation', input.obligationId, 'input.obligationId');
      const [obligation]: (Obligation & { code: string })[] = await manager.query(
        `SELECT o.id, o.version, o.status, o.commitment_id AS "commitmentId", k.code
         FROM obligations o JOIN countries k ON k.id = o.country_id WHERE o.id = $1 FOR UPDATE OF o`,
        [id],
      );
      if (!obligation) throw new NotFoundError('Obligation', input.obligationId);
      authorize(caller, Action.CONFIRM_DELIVERY, { countryCodes: await this.otherParties(manager, obligation) });
      const claim = await this.standingClaim(manager, obligation, input.obligationId);
      if (claim.actorSub === caller.sub)
        throw new AppError(ErrorCode.FORBIDDEN, 'Whoever claimed a delivery can never confirm or refuse it: that is the second key', {
          action: Action.CONFIRM_DELIVERY,
        });
      const evidenceIds = await standingEvidence(manager, input.evidenceIds, 'input.evidenceIds');
      const reviewed = await manager.query(
        `INSERT INTO delivery_reviews (obligation_id, claim_event_id, claimed_by, confirmed, note, evidence_ids, reviewer_sub, reviewer_role, reviewer_country)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (claim_event_id) DO NOTHING RETURNING id`,
        [id, claim.id, claim.actorSub, input.confirm, input.note, evidenceIds, caller.sub, caller.role, caller.country],
      );
      if (reviewed.length === 0)
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `The delivery of ${input.obligationId} was confirmed or refused already: that is final`,
          {
            argument: 'input.obligationId',
            allowedTargets: [],
          },
        );
      const state = input.confirm ? DeliveryState.CONFIRMED : DeliveryState.REFUSED;
      const updated = await updateVersioned<Obligation>(manager, Obligation, 'Obligation', obligation, {});
      await this.audit.record(manager, {
        subjectType: SubjectType.OBLIGATION,
        subjectId: id,
        action: AuditAction.UPDATED,
        actor: caller,
        countryCodes: [obligation.code],
        version: updated.version,
        note: input.note,
        changes: {
          delivery: { old: DeliveryState.CLAIMED, new: state },
          claim: claim.id,
          evidence: evidenceIds.map((evidenceId) => toGlobalId('Evidence', evidenceId)),
        },
      });
      return { obligation: updated };
    });
  }

  /** The codes of the commitment's accepted parties other than the obligation's own: a PARTNER's scope. */
  private async otherParties(manager: EntityManager, obligation: Obligation & { code: string }): Promise<string[]> {
    const rows: { code: string }[] = await manager.query(
      `SELECT k.code FROM obligations o JOIN countries k ON k.id = o.country_id WHERE o.commitment_id = $1 AND o.consent = $2 AND o.id <> $3`,
      [obligation.commitmentId, PartyConsent.ACCEPTED, obligation.id],
    );
    return rows.map((row) => row.code);
  }

  /** The latest change of the obligation to DELIVERED, which is what a review answers; INVALID_TRANSITION unless it is DELIVERED. */
  private async standingClaim(manager: EntityManager, obligation: Obligation, globalId: string): Promise<Claim> {
    const [claim]: Claim[] =
      obligation.status === CommitmentStatus.DELIVERED
        ? await manager.query(
            `SELECT e.id, e.actor_sub AS "actorSub" FROM audit_events e
             WHERE e.subject_type = $1 AND e.subject_id = $2 AND e.to_status = $3 AND e.action <> $4 ORDER BY e.sequence DESC LIMIT 1`,
            [SubjectType.OBLIGATION, obligation.id, CommitmentStatus.DELIVERED, AuditAction.STATUS_CORRECTED],
          )
        : [];
    if (!claim)
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        `Obligation ${globalId} is ${obligation.status}: only a DELIVERED one can be confirmed or refused`,
        {
          argument: 'input.obligationId',
          allowedTargets: [],
        },
      );
    return claim;
  }
}
