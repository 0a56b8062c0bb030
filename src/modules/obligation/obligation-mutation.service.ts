import type { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../../shared/errors';
import { fromGlobalId, toGlobalId } from '../../shared/global-id';
import { insertRow, updateVersioned, assertVersion } from '../../shared/versioned-row';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import type { StatusChangeCommand } from '../audit/apply-status-change';
import type { AuditService } from '../audit/audit.service';
import type { StatusChangeRecord } from '../audit/status-change.types';
import type { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { Commitment } from '../commitment/commitment.entity';
import { CommitmentStatus } from '../commitment/commitment.status';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { Obligation } from './obligation.entity';
import { CorrectStatusChangeInput, CorrectStatusChangePayload } from './obligation.inputs';
import { assertLatest, type CorrectableChange, pledgedAmounts, todayUtc, type PledgingParty } from './obligation.rules';
import { moveObligation, OBLIGATION_COLUMNS as COLUMNS, rollUpCommitment, type RollUpCause } from './obligation-move';
import { COMMITMENT_DATE, countedObligations, rollupStatus } from './obligation.sql';
import { OBLIGATION_SUBJECT } from './obligation.subject';
import { SqlParams } from '../../shared/pagination';
import { idsForCodes } from '../../shared/code-lookup';
import type { MoneyInput } from '../../shared/money';
import { PartyConsent } from '../linked-record/consent';

/** What a change to one obligation did to its commitment: the commitment after it, and the commitment's status change, if its roll-up moved. */
export interface RolledUp {
  commitment: Commitment;
  statusChange: StatusChangeRecord | null;
}

/** The rules for obligations: each party's share moves on its own, and the commitment's status follows (rolled up in SQL). */
export class ObligationMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * Makes the commitment's obligations match its parties: a new party gets an obligation (in `status`,
   * in effect from the commitment's own date), a party gone loses it, and amounts follow `pledgedAmounts`.
   */
  async syncParties(
    manager: EntityManager,
    caller: Caller,
    commitment: Commitment,
    parties: readonly PledgingParty[],
    amount: MoneyInput | null | undefined,
    consents: ReadonlyMap<string, PartyConsent> = new Map(),
  ): Promise<void> {
    const amounts = pledgedAmounts(parties, amount);
    const countryIds = await idsForCodes(manager, 'countries', [...amounts.keys()], 'input.parties');
    const existing: { id: string; code: string; version: number; amount: string | null; currency: string | null }[] = await manager.query(
      `SELECT o.id, k.code, o.version, o.amount, o.currency FROM obligations o JOIN countries k ON k.id = o.country_id WHERE o.commitment_id = $1`,
      [commitment.id],
    );
    const [{ own }] = await manager.query(`SELECT to_char(${COMMITMENT_DATE}, 'YYYY-MM-DD') AS own FROM commitments c WHERE c.id = $1`, [
      commitment.id,
    ]);
    const initial = [CommitmentStatus.PROPOSED, CommitmentStatus.ANNOUNCED].includes(commitment.status)
      ? commitment.status
      : CommitmentStatus.ANNOUNCED;
    for (const gone of existing.filter((o) => !amounts.has(o.code))) await this.removeOne(manager, caller, gone);
    for (const [code, pledged] of amounts) {
      const found = existing.find((o) => o.code === code);
      if (!found) {
        const countryId = countryIds.get(code);
        const row = await insertRow<Obligation>(manager, Obligation, {
          commitment_id: commitment.id,
          country_id: countryId,
          status: initial,
          amount: pledged?.amount ?? null,
          currency: pledged?.currency ?? null,
          effective_on: own,
          consent: consents.get(code) ?? PartyConsent.ACCEPTED,
        });
        await this.record(manager, caller, row.id, code, {
          action: AuditAction.CREATED,
          version: 1,
          toStatus: initial,
          effectiveOn: own,
          changes: { commitment: toGlobalId('Commitment', commitment.id), amount: pledged ?? null },
        });
      } else if ((found.amount ?? null) !== (pledged?.amount ?? null) || (found.currency ?? null) !== (pledged?.currency ?? null)) {
        const [[row]] = await manager.query(
          'UPDATE obligations SET amount = $2, currency = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version',
          [found.id, pledged?.amount ?? null, pledged?.currency ?? null],
        );
        const old = found.amount === null ? null : { amount: found.amount, currency: found.currency };
        await this.record(manager, caller, found.id, code, {
          action: AuditAction.UPDATED,
          version: row.version,
          changes: { amount: { old, new: pledged ?? null } },
        });
      }
    }
  }

  /** An invited party that accepted: its obligation counts from now on (an event of its own, so asOf sees when). */
  async accept(manager: EntityManager, caller: Caller, commitmentId: string, code: string): Promise<void> {
    const [[row]] = await manager.query(
      `UPDATE obligations o SET consent = '${PartyConsent.ACCEPTED}', version = version + 1, updated_at = now()
        FROM countries k WHERE k.id = o.country_id AND o.commitment_id = $1 AND k.code = $2 RETURNING o.id, o.version`,
      [commitmentId, code],
    );
    if (!row) return;
    await this.record(manager, caller, row.id, code, {
      action: AuditAction.UPDATED,
      version: row.version,
      changes: { consent: { old: PartyConsent.INVITED, new: PartyConsent.ACCEPTED } },
    });
  }

  /** A party that is no longer named (declined, or removed): its obligation ends, with an event saying so. */
  async removeParty(manager: EntityManager, caller: Caller, commitmentId: string, code: string): Promise<void> {
    const [gone] = await manager.query(
      'SELECT o.id, k.code, o.version FROM obligations o JOIN countries k ON k.id = o.country_id WHERE o.commitment_id = $1 AND k.code = $2',
      [commitmentId, code],
    );
    if (gone) await this.removeOne(manager, caller, gone);
  }

  private async removeOne(manager: EntityManager, caller: Caller, gone: { id: string; code: string; version: number }): Promise<void> {
    await manager.query('DELETE FROM obligations WHERE id = $1', [gone.id]);
    await this.record(manager, caller, gone.id, gone.code, {
      action: AuditAction.UPDATED,
      version: gone.version + 1,
      changes: { removed: true },
    });
  }

  /** Moves one party's obligation along the commitment workflow, within the bounds of its effectiveOn, and records it. */
  async changeStatus(
    manager: EntityManager,
    caller: Caller,
    commitmentId: string,
    code: string,
    command: StatusChangeCommand<CommitmentStatus>,
  ): Promise<{ obligation: Obligation; statusChange: StatusChangeRecord }> {
    const { obligation, event } = await moveObligation(manager, caller, { commitmentId, code }, command);
    return { obligation, statusChange: await this.audit.record(manager, event) };
  }

  /** The commitment's status rolled up from its counted obligations as they are now (its stored status when none counts). */
  async rolledUpStatus(manager: EntityManager, commitment: Commitment): Promise<CommitmentStatus> {
    const params = new SqlParams();
    const id = params.add(commitment.id);
    const [row] = await manager.query(
      `SELECT ${rollupStatus('ob')} AS status FROM (${countedObligations(null, params)}) ob WHERE ob.commitment_id = ${id}`,
      params.values,
    );
    return row?.status ?? commitment.status;
  }

  /**
   * Rolls the commitment's status up from its counted obligations (in SQL) and records the commitment's
   * new version: a status change when the roll-up moved, an update naming the obligation otherwise.
   */
  async rollUp(manager: EntityManager, caller: Caller, current: Commitment, cause: RollUpCause): Promise<RolledUp> {
    const { commitment, moved, event } = await rollUpCommitment(manager, caller, current, cause);
    const statusChange = await this.audit.record(manager, event);
    return { commitment, statusChange: moved ? statusChange : null };
  }

  /**
   * Marks one recorded status change of an obligation as mistaken and restores the state before it.
   * Only the team (country) that made it, or ADMIN; only while no later change of that obligation stands.
   */
  correct(caller: Caller, input: CorrectStatusChangeInput): Promise<CorrectStatusChangePayload> {
    return this.idempotency.run(caller, Action.CHANGE_COMMITMENT, 'correctStatusChange', input.idempotencyKey, input, async (manager) => {
      const change = await this.correctable(manager, caller, input.statusChangeId);
      // Locked in the order a status change locks them: the commitment, then the obligation.
      const commitment = await this.lockedCommitment(manager, change.commitmentId);
      const [obligation]: Obligation[] = await manager.query(`SELECT ${COLUMNS} FROM obligations t WHERE t.id = $1 FOR UPDATE`, [
        change.obligationId,
      ]);
      assertVersion('Obligation', obligation, input.expectedVersion);
      await assertLatest(manager, change, input.statusChangeId);
      const [{ state }] = await manager.query(
        `SELECT e.state FROM audit_events e WHERE e.subject_id = $1 AND e.sequence < $2 AND e.state IS NOT NULL ORDER BY e.sequence DESC LIMIT 1`,
        [change.obligationId, change.sequence],
      );
      const restored = await updateVersioned<Obligation>(manager, Obligation, 'Obligation', obligation, {
        status: state.status,
        note: state.note ?? null,
        evidence_url: state.evidence_url ?? null,
        effective_on: state.effective_on,
      });
      const changes = { corrects: change.id, reason: input.reason };
      const correction = await this.record(manager, caller, restored.id, change.code, {
        action: AuditAction.STATUS_CORRECTED,
        version: restored.version,
        fromStatus: change.toStatus,
        toStatus: state.status,
        note: input.reason,
        effectiveOn: todayUtc(),
        changes,
      });
      const parties: { code: string }[] = await manager.query(
        'SELECT k.code FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE p.commitment_id = $1',
        [commitment.id],
      );
      const rolled = await this.rollUp(manager, caller, commitment, {
        countryCodes: parties.map((p) => p.code),
        party: change.code,
        note: input.reason,
        changes,
      });
      return { obligation: restored, correction, commitment: rolled.commitment };
    });
  }

  /** The status change a correction names, once the caller may correct it: the team of the country that made it, or ADMIN. */
  private async correctable(manager: EntityManager, caller: Caller, globalId: string): Promise<CorrectableChange> {
    authorize(caller, Action.CHANGE_COMMITMENT);
    const eventId = fromGlobalId(OBLIGATION_SUBJECT.statusChangeTypeName, globalId, 'input.statusChangeId');
    const [change]: CorrectableChange[] = await manager.query(
      `SELECT e.id, e.sequence, e.subject_id AS "obligationId", e.action, e.actor_country AS "actorCountry", e.to_status AS "toStatus",
         o.commitment_id AS "commitmentId", k.code
       FROM audit_events e JOIN obligations o ON o.id = e.subject_id JOIN countries k ON k.id = o.country_id
       WHERE e.id = $1 AND e.subject_type = $2 AND e.to_status IS NOT NULL`,
      [eventId, SubjectType.OBLIGATION],
    );
    if (!change) throw new NotFoundError(OBLIGATION_SUBJECT.statusChangeTypeName, globalId);
    // Judged before anything is locked or written.
    authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: change.actorCountry ? [change.actorCountry] : [] });
    if (change.action !== AuditAction.STATUS_CHANGED)
      throw new BadUserInputError('Only a status change made through changeCommitmentStatus can be corrected', {
        argument: 'input.statusChangeId',
      });
    return change;
  }

  private async lockedCommitment(manager: EntityManager, id: string): Promise<Commitment> {
    const meta = manager.connection.getMetadata(Commitment);
    const columns = meta.columns.map((column) => `t."${column.databaseName}" AS "${column.propertyName}"`).join(', ');
    const [row] = await manager.query(`SELECT ${columns} FROM commitments t WHERE t.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  private record(
    manager: EntityManager,
    caller: Caller,
    obligationId: string,
    code: string,
    event: {
      action: AuditAction;
      version: number;
      fromStatus?: string | null;
      toStatus?: string | null;
      note?: string | null;
      evidenceUrl?: string | null;
      effectiveOn?: string | null;
      changes?: Record<string, unknown>;
    },
  ): Promise<StatusChangeRecord> {
    return this.audit.record(manager, {
      subjectType: OBLIGATION_SUBJECT.subjectType,
      subjectId: obligationId,
      actor: caller,
      countryCodes: [code],
      ...event,
    });
  }
}
