import type { EntityManager } from 'typeorm';
import type { CountryLink } from '../../shared/link-tables';
import { BadUserInputError, ConflictError } from '../../shared/errors';
import { toGlobalId } from '../../shared/global-id';
import { SqlParams } from '../../shared/pagination';
import { returningColumns, updateVersioned } from '../../shared/versioned-row';
import { assertTransition } from '../../shared/workflow';
import { AuditAction } from '../audit/audit-event.entity';
import type { StatusChangeCommand } from '../audit/apply-status-change';
import type { AuditEventInput } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Commitment } from '../commitment/commitment.entity';
import { COMMITMENT_SUBJECT } from '../commitment/commitment.subject';
import type { CommitmentStatus } from '../commitment/commitment.status';
import { Obligation } from './obligation.entity';
import { effectiveOnWithin } from './obligation.rules';
import { COMMITMENT_DATE, countedObligations, rollupStatus } from './obligation.sql';
import { OBLIGATION_SUBJECT } from './obligation.subject';

/**
 * The statements of a status change, each returning the history event it calls for instead of
 * appending it, so a change appends all of its events together (AuditService.recordAll) after
 * writing its rows: a change under the chain lock is bound by its round trips.
 */

export const OBLIGATION_COLUMNS = `t.id, t.commitment_id AS "commitmentId", t.country_id AS "countryId", t.status, t.version, t.amount, t.currency,
  t.note, t.evidence_url AS "evidenceUrl", t.effective_on AS "effectiveOn", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/** An obligation as a status change reads it, locked, with its commitment's own date (see COMMITMENT_DATE). */
export type LockedObligation = Obligation & { commitmentDate: string | null };

// The commitment is already locked by the change, so its date comes with the obligation.
const LOCKED_OBLIGATION = `SELECT ${OBLIGATION_COLUMNS}, to_char(${COMMITMENT_DATE}, 'YYYY-MM-DD') AS "commitmentDate"
  FROM obligations t JOIN commitments c ON c.id = t.commitment_id`;

/**
 * A commitment's parties (as linkedCountries gives them), each with its obligation locked, in one
 * statement: for a status change, once the commitment is locked (so no party comes or goes meanwhile).
 */
export async function partiesWithObligations(
  manager: EntityManager,
  commitmentId: string,
): Promise<(CountryLink & { obligation: LockedObligation | null })[]> {
  // The obligation's columns are named apart from the party's (code, role, consent, proposedRole), so the row splits in two.
  const rows: (Omit<CountryLink, 'reporting'> & LockedObligation)[] = await manager.query(
    `SELECT k.code, l.role, l.consent, l.proposed_role AS "proposedRole", ob.*
     FROM commitment_parties l JOIN countries k ON k.id = l.country_id
     LEFT JOIN LATERAL (${LOCKED_OBLIGATION} WHERE t.commitment_id = l.commitment_id AND t.country_id = l.country_id FOR UPDATE OF t) ob ON true
     WHERE l.commitment_id = $1 ORDER BY k.code`,
    [commitmentId],
  );
  return rows.map(({ code, role, consent, proposedRole, ...obligation }) => ({
    code,
    role,
    consent,
    proposedRole,
    obligation: obligation.id ? (obligation as LockedObligation) : null,
  }));
}

/**
 * Moves one party's obligation along the commitment workflow, within the bounds of its effectiveOn; the event is the caller's to append.
 * `locked`: the obligation as partiesWithObligations read it (null: the party has none); read here when not given.
 */
export async function moveObligation(
  manager: EntityManager,
  caller: Caller,
  target: { commitmentId: string; code: string },
  command: StatusChangeCommand<CommitmentStatus>,
  locked?: LockedObligation | null,
): Promise<{ obligation: Obligation; event: AuditEventInput }> {
  const found =
    locked !== undefined
      ? locked
      : ((
          await manager.query(
            `${LOCKED_OBLIGATION} JOIN countries k ON k.id = t.country_id WHERE t.commitment_id = $1 AND k.code = $2 FOR UPDATE OF t`,
            [target.commitmentId, target.code],
          )
        )[0] as LockedObligation | undefined);
  if (!found) throw new BadUserInputError(`${target.code} has no obligation under this commitment`, { argument: 'input.partyCountryCode' });
  const { commitmentDate, ...current } = found;
  assertTransition(OBLIGATION_SUBJECT.workflow, current.status, command);
  const effectiveOn = effectiveOnWithin(commitmentDate, current, command.effectiveOn);
  const obligation = await updateVersioned<Obligation>(manager, Obligation, 'Obligation', current, {
    status: command.status,
    note: command.note ?? null,
    evidence_url: command.evidenceUrl ?? null,
    effective_on: effectiveOn,
  });
  const event: AuditEventInput = {
    subjectType: OBLIGATION_SUBJECT.subjectType,
    subjectId: obligation.id,
    actor: caller,
    countryCodes: [target.code],
    action: AuditAction.STATUS_CHANGED,
    version: obligation.version,
    fromStatus: current.status,
    toStatus: command.status,
    note: command.note ?? null,
    evidenceUrl: command.evidenceUrl ?? null,
    effectiveOn,
  };
  return { obligation, event };
}

/** What moved a commitment's obligations, for the commitment's own event. */
export interface RollUpCause {
  countryCodes: string[];
  party: string;
  note?: string | null;
  evidenceUrl?: string | null;
  effectiveOn?: string | null;
  changes: Record<string, unknown>;
}

/**
 * Rolls the commitment's status up from its counted obligations and bumps its version, in one
 * UPDATE (its stored status stays when none counts). The event is a status change when the
 * roll-up moved, an update naming the obligation otherwise; the caller appends it.
 */
export async function rollUpCommitment(
  manager: EntityManager,
  caller: Caller,
  current: Commitment,
  cause: RollUpCause,
): Promise<{ commitment: Commitment; moved: boolean; event: AuditEventInput }> {
  const params = new SqlParams();
  const id = params.add(current.id);
  const version = params.add(current.version);
  const rolled = `(SELECT ${rollupStatus('ob')} FROM (${countedObligations(null, params)}) ob WHERE ob.commitment_id = t.id)`;
  const [rows] = await manager.query(
    `UPDATE commitments t SET status = coalesce(${rolled}, t.status), version = t.version + 1, updated_at = now()
     WHERE t.id = ${id} AND t.version = ${version} RETURNING ${returningColumns(manager, Commitment)}`,
    params.values,
  );
  const [commitment] = rows as Commitment[];
  if (!commitment) throw new ConflictError('Commitment', toGlobalId('Commitment', current.id), current.version, current.version + 1);
  const moved = commitment.status !== current.status;
  const event: AuditEventInput = {
    subjectType: COMMITMENT_SUBJECT.subjectType,
    subjectId: commitment.id,
    action: moved ? AuditAction.STATUS_CHANGED : AuditAction.UPDATED,
    actor: caller,
    countryCodes: cause.countryCodes,
    version: commitment.version,
    fromStatus: moved ? current.status : null,
    toStatus: moved ? commitment.status : null,
    note: moved ? (cause.note ?? null) : null,
    evidenceUrl: moved ? (cause.evidenceUrl ?? null) : null,
    effectiveOn: moved ? (cause.effectiveOn ?? null) : null,
    changes: { party: cause.party, ...cause.changes },
  };
  return { commitment, moved, event };
}
