import type { EntityManager } from 'typeorm';
import { AppError, BadUserInputError, NotFoundError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { assertVersion, lockingRows } from '../../shared/versioned-row';
import { applyStatusChange } from '../audit/apply-status-change';
import { type AuditService, statesAhead } from '../audit/audit.service';
import { type BatchOutcome, type ChangeBatch, LATER } from '../audit/chain-writer';
import { inTurn } from '../audit/write-group';
import { Caller, Role } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { acceptedCodes } from '../linked-record/consent';
import {
  judgeMove,
  moveObligations,
  type ObligationMove,
  obligationMoved,
  type PartyWithObligation,
  partiesWithObligations,
  rolledUp,
  rollUpCommitments,
} from '../obligation/obligation-move';
import type { Obligation } from '../obligation/obligation.entity';
import { OBLIGATION_SUBJECT } from '../obligation/obligation.subject';
import { Commitment } from './commitment.entity';
import type { ChangeCommitmentStatusInput, ChangeCommitmentStatusPayload } from './commitment.inputs';
import { COMMITMENT_SUBJECT } from './commitment.subject';

/** One caller's changeCommitmentStatus. */
export interface CommitmentStatusChange {
  caller: Caller;
  input: ChangeCommitmentStatusInput;
}

/** How one change was judged: a party's obligation moves, or a commitment without parties moves as a whole. */
type Moved = { row: Commitment; countryCodes: string[]; move: ObligationMove };
type Judged = Moved | { row: Commitment; whole: true };

/**
 * Status changes of commitments, written set-based: however many a write group holds, their
 * commitments are locked in one statement, their parties read with their obligations (locked) in a
 * second, the obligations moved in a third and the commitments rolled up in a fourth. Each change
 * is judged alone, in the order they came, against the rows as locked; a refused one writes nothing.
 */
export class CommitmentStatusChanges implements ChangeBatch<CommitmentStatusChange> {
  constructor(private readonly audit: AuditService) {}

  async write(manager: EntityManager, changes: readonly CommitmentStatusChange[]): Promise<BatchOutcome[]> {
    const ids = changes.map(({ input }) => attempt(() => fromGlobalId('Commitment', input.commitmentId, 'input.commitmentId')));
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    // The parties are read by a statement of their own after the locks: one removed while the locks were awaited is gone.
    const [rows, parties] = await inTurn(manager, lockingRows<Commitment>(manager, Commitment, wanted), partiesWithObligations(wanted));
    const judged = new Map<string, Judged>();
    const outcomes: (BatchOutcome | Judged)[] = changes.map((change, index) => {
      const id = ids[index];
      if (typeof id !== 'string') return id;
      const earlier = judged.get(id);
      // Judged against the version the earlier change leaves; accepted, its events would be appended with the
      // state that change leaves: it runs in a later group, once those are in.
      if (earlier) return attempt(() => mayFollow(change, earlier.row, parties.get(id) ?? [])) ?? LATER;
      const outcome = attempt(() => judge(change, rows.get(id), parties.get(id) ?? []));
      if ('row' in outcome) judged.set(id, outcome);
      return outcome;
    });
    const moves = [...judged.values()].filter((one): one is Moved => 'move' in one);
    // Each move's events are its obligation's and its commitment's (recorded): their states are read at the end of the writes.
    // A subject missed here only costs the append a round trip of its own.
    const subjects = moves.flatMap(({ move, row }) => [
      { subjectType: OBLIGATION_SUBJECT.subjectType, subjectId: move.current.id },
      { subjectType: COMMITMENT_SUBJECT.subjectType, subjectId: row.id },
    ]);
    // The roll-up, a statement after the moves, counts them.
    const [obligations, commitments] =
      moves.length > 0
        ? await inTurn(
            manager,
            moveObligations(
              manager,
              moves.map((one) => one.move),
            ),
            rollUpCommitments(
              manager,
              moves.map((one) => one.row),
            ),
            // A commitment without parties moves after these writes: the states would be read again for it.
            [...judged.values()].some((one) => 'whole' in one) ? undefined : statesAhead(subjects),
          )
        : [[], []];
    const written = new Map<Judged, { obligation: Obligation; commitment: Commitment }>(
      moves.map((one, index) => [one, { obligation: obligations[index], commitment: commitments[index] }]),
    );
    const results: BatchOutcome[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome === LATER || !('row' in outcome)) results.push(outcome);
      else if ('whole' in outcome) results.push(await this.moveWhole(manager, changes[index], outcome.row));
      else results.push({ value: await this.recorded(manager, changes[index], outcome as Moved, written.get(outcome)!) });
    }
    return results;
  }

  /** A commitment bound to no country has no obligations: it moves as a whole (only ADMIN gets here). */
  private async moveWhole(manager: EntityManager, { caller, input }: CommitmentStatusChange, row: Commitment): Promise<BatchOutcome> {
    try {
      const moved = await applyStatusChange(manager, this.audit, COMMITMENT_SUBJECT, row, [], caller, input);
      return { value: { commitment: moved.row, statusChange: moved.statusChange, obligation: null, obligationStatusChange: null } };
    } catch (error) {
      // Its checks come before its writes, so a refusal wrote nothing.
      if (error instanceof AppError) return { refused: error };
      throw error;
    }
  }

  /** Records one moved obligation's and its commitment's events (appended together) and gives the change's payload. */
  private async recorded(
    manager: EntityManager,
    { caller, input }: CommitmentStatusChange,
    judged: Moved,
    written: { obligation: Obligation; commitment: Commitment },
  ): Promise<ChangeCommitmentStatusPayload> {
    const { move, row, countryCodes } = judged;
    const { obligation, commitment } = written;
    const rolled = rolledUp(caller, row, commitment, {
      countryCodes,
      party: move.code,
      note: input.note,
      evidenceUrl: input.evidenceUrl,
      effectiveOn: input.effectiveOn,
      changes: { obligationStatus: { old: move.current.status, new: move.status } },
    });
    const [obligationStatusChange, commitmentEvent] = await this.audit.recordAll(manager, [
      obligationMoved(caller, move, obligation),
      rolled.event,
    ]);
    return { commitment, statusChange: rolled.moved ? commitmentEvent : null, obligation, obligationStatusChange };
  }
}

/**
 * The rules of one change, in the order a caller meets them: its commitment exists, the caller may
 * change it (a PARTNER's country must be a party that has accepted), the version is the one the
 * caller read, the party is one it may move, and the move is one its obligation allows.
 */
function judge({ caller, input }: CommitmentStatusChange, row: Commitment | undefined, parties: PartyWithObligation[]): Judged {
  authorize(caller, Action.CHANGE_COMMITMENT);
  if (!row) throw new NotFoundError(COMMITMENT_SUBJECT.typeName, input.commitmentId);
  authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: acceptedCodes(parties) });
  if (parties.length === 0) return { row, whole: true };
  // A stale request is a CONFLICT first: the party it names may have come or gone since the version it read.
  assertVersion('Commitment', row, input.expectedVersion);
  const countryCodes = parties.map((p) => p.code);
  const party = partyOf(caller, countryCodes, input.partyCountryCode);
  const move = judgeMove(party, input, parties.find((p) => p.code === party)?.obligation);
  return { row, countryCodes, move };
}

/**
 * The rules a change after an accepted one on the same commitment can be judged by now: the caller
 * may change it, at the version the earlier change leaves. Undefined when it passes them.
 */
function mayFollow({ caller, input }: CommitmentStatusChange, row: Commitment, parties: PartyWithObligation[]): undefined {
  authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: acceptedCodes(parties) });
  assertVersion('Commitment', { id: row.id, version: row.version + 1 }, input.expectedVersion);
  return undefined;
}

/** A rule's refusal as the change's outcome; anything else is no refusal and fails the group. */
function attempt<T>(rule: () => T): T | { refused: AppError } {
  try {
    return rule();
  } catch (error) {
    if (error instanceof AppError) return { refused: error };
    throw error;
  }
}

/** Whose obligation a status change moves: a PARTNER's own country's; for ADMIN, the one named, or the only party. */
function partyOf(caller: Caller, parties: string[], named: string | null | undefined): string {
  const code = named?.toUpperCase() ?? null;
  if (caller.role !== Role.ADMIN) {
    if (code && code !== caller.country) authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: [code] });
    return caller.country!;
  }
  if (code) {
    if (!parties.includes(code))
      throw new BadUserInputError(`${code} is not a party to this commitment`, { argument: 'input.partyCountryCode' });
    return code;
  }
  if (parties.length === 1) return parties[0];
  throw new BadUserInputError('Name the party whose obligation moves: this commitment has several parties', {
    argument: 'input.partyCountryCode',
  });
}
