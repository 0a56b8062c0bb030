import type { EntityManager } from 'typeorm';
import type { CountryLink } from '../../shared/link-tables';
import { BadUserInputError, ConflictError } from '../../shared/errors';
import { toGlobalId } from '../../shared/global-id';
import { runStatement, type Statement } from '../../database/statement';
import { SqlParams } from '../../shared/pagination';
import { returningColumns } from '../../shared/versioned-row';
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
 * The statements of status changes, each returning the history events it calls for instead of
 * appending them, so a change appends all of its events together (AuditService.recordAll) after
 * writing its rows; set-based, so a write group's changes take the same few statements as one.
 */

export const OBLIGATION_COLUMNS = `t.id, t.commitment_id AS "commitmentId", t.country_id AS "countryId", t.status, t.version, t.amount, t.currency,
  t.note, t.evidence_url AS "evidenceUrl", t.effective_on AS "effectiveOn", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/** An obligation as a status change reads it, locked, with its commitment's own date (see COMMITMENT_DATE). */
export type LockedObligation = Obligation & { commitmentDate: string | null };

// The commitment is already locked by the change, so its date comes with the obligation.
const LOCKED_OBLIGATION = `SELECT ${OBLIGATION_COLUMNS}, to_char(${COMMITMENT_DATE}, 'YYYY-MM-DD') AS "commitmentDate"
  FROM obligations t JOIN commitments c ON c.id = t.commitment_id`;

/** A party of a commitment (as linkedCountries gives it), with its obligation locked (null: it has none). */
export type PartyWithObligation = CountryLink & { obligation: LockedObligation | null };

/**
 * The statement of the parties of each of the commitments (as linkedCountries gives them), each with
 * its obligation locked: for status changes, once the commitments are locked (so no party comes or
 * goes meanwhile), and as a statement of its own, so it sees what committed while it waited for those locks.
 */
export function partiesWithObligations(commitmentIds: readonly string[]): Statement<Map<string, PartyWithObligation[]>> {
  return {
    sql: `SELECT l.commitment_id AS "partyOf", k.code, l.role, l.consent, l.proposed_role AS "proposedRole", ob.*
     FROM commitment_parties l JOIN countries k ON k.id = l.country_id
     LEFT JOIN LATERAL (${LOCKED_OBLIGATION} WHERE t.commitment_id = l.commitment_id AND t.country_id = l.country_id FOR UPDATE OF t) ob ON true
     WHERE l.commitment_id = ANY($1::uuid[]) ORDER BY l.commitment_id, k.code`,
    values: [commitmentIds],
    read: (rows) => {
      const parties = new Map<string, PartyWithObligation[]>(commitmentIds.map((id) => [id, []]));
      // The obligation's columns are named apart from the party's (code, role, consent, proposedRole), so the row splits in two.
      for (const { partyOf, code, role, consent, proposedRole, ...obligation } of rows as unknown as PartyRow[]) {
        parties
          .get(partyOf)
          ?.push({ code, role, consent, proposedRole, obligation: obligation.id ? (obligation as LockedObligation) : null });
      }
      return parties;
    },
  };
}

type PartyRow = { partyOf: string } & Omit<CountryLink, 'reporting'> & LockedObligation;

/** A move of one party's obligation, judged and ready to write. */
export interface ObligationMove {
  /** The obligation as it stands, locked. */
  current: Obligation;
  /** Its party's country. */
  code: string;
  status: CommitmentStatus;
  note: string | null;
  evidenceUrl: string | null;
  effectiveOn: string;
}

/**
 * Judges a move of a party's obligation (`found`, locked; null when the party has none) along the
 * commitment workflow, within the bounds of its effectiveOn: the move to write, or the refusal thrown.
 */
export function judgeMove(
  code: string,
  command: StatusChangeCommand<CommitmentStatus>,
  found: LockedObligation | null | undefined,
): ObligationMove {
  if (!found) throw new BadUserInputError(`${code} has no obligation under this commitment`, { argument: 'input.partyCountryCode' });
  const { commitmentDate, ...current } = found;
  assertTransition(OBLIGATION_SUBJECT.workflow, current.status, command);
  const effectiveOn = effectiveOnWithin(commitmentDate, current, command.effectiveOn);
  return { current, code, status: command.status, note: command.note ?? null, evidenceUrl: command.evidenceUrl ?? null, effectiveOn };
}

/**
 * The UPDATE of the moves, all in one, each at the version it was judged at; the rows come back in
 * the order of `moves`. A row no longer at that version (none, under their locks) is a CONFLICT.
 */
export function moveObligations(manager: EntityManager, moves: readonly ObligationMove[]): Statement<Obligation[]> {
  return {
    sql: `UPDATE obligations t SET status = m.status, note = m.note, evidence_url = m.evidence_url, effective_on = m.effective_on,
       version = t.version + 1, updated_at = now()
     FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::date[]) AS m(id, version, status, note, evidence_url, effective_on)
     WHERE t.id = m.id AND t.version = m.version RETURNING ${returningColumns(manager, Obligation)}`,
    values: [
      moves.map((move) => move.current.id),
      moves.map((move) => move.current.version),
      moves.map((move) => move.status),
      moves.map((move) => move.note),
      moves.map((move) => move.evidenceUrl),
      moves.map((move) => move.effectiveOn),
    ],
    read: (rows) =>
      inOrderOf(
        'Obligation',
        moves.map((move) => move.current),
        rows as unknown as Obligation[],
      ),
  };
}

/** The rows an UPDATE of `current` returned, in the order of `current`; one missing was not at its version: a CONFLICT. */
function inOrderOf<T extends { id: string }>(typeName: string, current: readonly { id: string; version: number }[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return current.map(({ id, version }) => {
    const row = byId.get(id);
    if (!row) throw new ConflictError(typeName, toGlobalId(typeName, id), version, version + 1);
    return row;
  });
}

/** The history event of a move its UPDATE wrote (`obligation`, as it came back); the caller appends it. */
export function obligationMoved(caller: Caller, move: ObligationMove, obligation: Obligation): AuditEventInput {
  return {
    subjectType: OBLIGATION_SUBJECT.subjectType,
    subjectId: obligation.id,
    actor: caller,
    countryCodes: [move.code],
    action: AuditAction.STATUS_CHANGED,
    version: obligation.version,
    fromStatus: move.current.status,
    toStatus: move.status,
    note: move.note,
    evidenceUrl: move.evidenceUrl,
    effectiveOn: move.effectiveOn,
  };
}

/**
 * Moves one party's obligation along the commitment workflow, within the bounds of its effectiveOn; the event is the caller's to append.
 */
export async function moveObligation(
  manager: EntityManager,
  caller: Caller,
  target: { commitmentId: string; code: string },
  command: StatusChangeCommand<CommitmentStatus>,
): Promise<{ obligation: Obligation; event: AuditEventInput }> {
  const [found] = (await manager.query(
    `${LOCKED_OBLIGATION} JOIN countries k ON k.id = t.country_id WHERE t.commitment_id = $1 AND k.code = $2 FOR UPDATE OF t`,
    [target.commitmentId, target.code],
  )) as LockedObligation[];
  const move = judgeMove(target.code, command, found);
  const [obligation] = await runStatement(manager, moveObligations(manager, [move]));
  return { obligation, event: obligationMoved(caller, move, obligation) };
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
 * The UPDATE that rolls each commitment's status up from its counted obligations and bumps its
 * version, all in one (a stored status stays when none counts); the rows come back in the order of
 * `current`. A commitment no longer at the version read (none, under its lock) is a CONFLICT.
 */
export function rollUpCommitments(manager: EntityManager, current: readonly Commitment[]): Statement<Commitment[]> {
  const params = new SqlParams();
  const ids = params.add(current.map((row) => row.id));
  const versions = params.add(current.map((row) => row.version));
  const rolled = `(SELECT ${rollupStatus('ob')} FROM (${countedObligations(null, params)}) ob WHERE ob.commitment_id = t.id)`;
  return {
    sql: `UPDATE commitments t SET status = coalesce(${rolled}, t.status), version = t.version + 1, updated_at = now()
     FROM unnest(${ids}::uuid[], ${versions}::int[]) AS m(id, version)
     WHERE t.id = m.id AND t.version = m.version RETURNING ${returningColumns(manager, Commitment)}`,
    values: params.values,
    read: (rows) => inOrderOf('Commitment', current, rows as unknown as Commitment[]),
  };
}

/**
 * The history event of a roll-up its UPDATE wrote (`commitment`, as it came back from `current`): a
 * status change when the roll-up moved, an update naming the obligation otherwise; the caller appends it.
 */
export function rolledUp(
  caller: Caller,
  current: Commitment,
  commitment: Commitment,
  cause: RollUpCause,
): { moved: boolean; event: AuditEventInput } {
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
  return { moved, event };
}

/** Rolls one commitment up (see rollUpCommitments); the event is the caller's to append. */
export async function rollUpCommitment(
  manager: EntityManager,
  caller: Caller,
  current: Commitment,
  cause: RollUpCause,
): Promise<{ commitment: Commitment; moved: boolean; event: AuditEventInput }> {
  const [commitment] = await runStatement(manager, rollUpCommitments(manager, [current]));
  return { commitment, ...rolledUp(caller, current, commitment, cause) };
}
