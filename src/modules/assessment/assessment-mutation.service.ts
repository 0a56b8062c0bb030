import type { EntityManager } from 'typeorm';
import { AppError, BadUserInputError, ErrorCode, NotFoundError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { changeOf } from '../../shared/relay-mutation';
import { insertRow, lockRow, updateVersioned } from '../../shared/versioned-row';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import type { AuditService } from '../audit/audit.service';
import { type Caller, Role } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { standingEvidence } from '../evidence/evidence-citation';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { Assessment } from './assessment.entity';
import { AssessObligationInput, AssessObligationPayload, CorrectAssessmentInput, CorrectAssessmentPayload } from './assessment.inputs';
import { ASSESSMENT_SUBJECT } from './assessment.subject';

const TYPE = ASSESSMENT_SUBJECT.typeName;

/** The obligation's country code, the scope of every assessment of it. */
async function obligationCountry(manager: EntityManager, obligationId: string): Promise<string | undefined> {
  const [row] = await manager.query('SELECT k.code FROM obligations o JOIN countries k ON k.id = o.country_id WHERE o.id = $1', [
    obligationId,
  ]);
  return row?.code;
}

/** The rules for assessments: an AUDITOR (or ADMIN) scores obligations of countries other than its own, and corrects its own scores. */
export class AssessmentMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Records a score of one obligation, with the evidence it cites attached; it is an event of the audit trail. */
  assess(caller: Caller, input: AssessObligationInput): Promise<AssessObligationPayload> {
    return this.idempotency.run(caller, Action.ASSESS_OBLIGATION, 'assessObligation', input.idempotencyKey, input, async (manager) => {
      authorize(caller, Action.ASSESS_OBLIGATION);
      const obligationId = fromGlobalId('Obligation', input.obligationId, 'input.obligationId');
      const code = await obligationCountry(manager, obligationId);
      if (!code) throw new NotFoundError('Obligation', input.obligationId);
      authorize(caller, Action.ASSESS_OBLIGATION, { countryCodes: [code] });
      if (input.periodTo < input.periodFrom)
        throw new BadUserInputError('input.periodTo is before input.periodFrom', { argument: 'input.periodTo' });
      const evidenceIds = await standingEvidence(manager, input.evidenceIds, 'input.evidenceIds');
      const assessment = await insertRow<Assessment>(manager, Assessment, {
        obligation_id: obligationId,
        score: input.score,
        rationale: input.rationale,
        kind: input.kind,
        period_from: input.periodFrom,
        period_to: input.periodTo,
        assessor_sub: caller.sub,
      });
      if (evidenceIds.length)
        await manager.query(`INSERT INTO evidence_attachments (evidence_id, subject_type, subject_id) SELECT unnest($1::uuid[]), $2, $3`, [
          evidenceIds,
          SubjectType.ASSESSMENT,
          assessment.id,
        ]);
      await this.audit.record(manager, {
        subjectType: ASSESSMENT_SUBJECT.subjectType,
        subjectId: assessment.id,
        action: AuditAction.CREATED,
        actor: caller,
        countryCodes: [code],
        version: 1,
        changes: changeOf(input),
      });
      return { assessment };
    });
  }

  /** Marks an assessment as mistaken, for a reason: it stays, but no longer counts. Its assessor, or ADMIN; once only. */
  correct(caller: Caller, input: CorrectAssessmentInput): Promise<CorrectAssessmentPayload> {
    return this.idempotency.run(caller, Action.ASSESS_OBLIGATION, 'correctAssessment', input.idempotencyKey, input, async (manager) => {
      authorize(caller, Action.ASSESS_OBLIGATION);
      const row = await lockRow<Assessment>(manager, Assessment, TYPE, input.assessmentId, 'input.assessmentId');
      const code = (await obligationCountry(manager, row.obligationId))!;
      authorize(caller, Action.ASSESS_OBLIGATION, { countryCodes: [code] });
      if (caller.role !== Role.ADMIN && caller.sub !== row.assessorSub)
        throw new AppError(ErrorCode.FORBIDDEN, 'Only the auditor who recorded an assessment, or an ADMIN, may correct it', {
          action: Action.ASSESS_OBLIGATION,
        });
      if (row.correctedAt)
        throw new AppError(ErrorCode.INVALID_TRANSITION, `Assessment ${input.assessmentId} is corrected already: that is final`, {
          argument: 'input.assessmentId',
          allowedTargets: [],
        });
      // The database's clock, as created_at uses, so reads as of an instant order the two alike.
      const [{ now }] = await manager.query('SELECT clock_timestamp() AS now');
      const assessment = await updateVersioned<Assessment>(manager, Assessment, TYPE, row, {
        corrected_reason: input.reason,
        corrected_at: now,
      });
      await this.audit.record(manager, {
        subjectType: ASSESSMENT_SUBJECT.subjectType,
        subjectId: assessment.id,
        action: AuditAction.UPDATED,
        actor: caller,
        countryCodes: [code],
        version: assessment.version,
        changes: { corrected: { old: null, new: input.reason } },
      });
      return { assessment };
    });
  }
}
