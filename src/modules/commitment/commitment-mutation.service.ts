import type { DataSource, EntityManager } from 'typeorm';
import { idsForCodes } from '../../shared/code-lookup';
import { BadUserInputError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { assertDateOrder, assertNotInFuture, diffFields, existingId } from '../../shared/mutation-rules';
import { assertVersion, insertRow, lockRow, updateVersioned } from '../../shared/versioned-row';
import { assertTransition } from '../../shared/workflow';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { Commitment } from './commitment.entity';
import { ChangeCommitmentStatusInput, CommitmentPayload, CreateCommitmentInput, PartyInput, UpdateCommitmentInput } from './commitment.inputs';
import { COMMITMENT_WORKFLOW, CommitmentStatus, INITIAL_COMMITMENT_STATUSES } from './commitment.status';

function partyCodes(parties: PartyInput[]): string[] {
  const codes = parties.map((party) => party.countryCode.trim().toUpperCase());
  const repeated = codes.find((code, index) => codes.indexOf(code) !== index);
  if (repeated) throw new BadUserInputError(`Country ${repeated} is listed twice in input.parties`, { argument: 'input.parties' });
  return codes;
}

/** The rules for changing commitments: who may, in which order, and what each change records. */
export class CommitmentMutationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Records a new commitment with its parties and minerals; its first status enters the history. */
  create(caller: Caller, input: CreateCommitmentInput): Promise<CommitmentPayload> {
    return this.idempotency.run(caller, 'createCommitment', input.idempotencyKey, input, async (manager) => {
      const codes = partyCodes(input.parties);
      authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: codes });
      if (!(INITIAL_COMMITMENT_STATUSES as readonly CommitmentStatus[]).includes(input.status)) {
        throw new BadUserInputError(`A new commitment starts as ${INITIAL_COMMITMENT_STATUSES.join(' or ')}, not ${input.status}`, { argument: 'input.status' });
      }
      assertDateOrder(input.announcedOn, input.targetOn);
      const meetingId = input.meetingId ? await existingId(manager, 'meetings', fromGlobalId('Meeting', input.meetingId, 'input.meetingId'), 'input.meetingId') : null;
      const commitment = await insertRow<Commitment>(manager, Commitment, {
        title: input.title,
        description: input.description,
        kind: input.kind,
        instrument: input.instrument,
        status: input.status,
        value_chain_stages: input.valueChainStages,
        meeting_id: meetingId,
        amount: input.amount?.amount ?? null,
        currency: input.amount?.currency ?? null,
        announced_on: input.announcedOn ?? null,
        target_on: input.targetOn ?? null,
      });
      await this.replaceParties(manager, commitment.id, input.parties, codes);
      await this.replaceMinerals(manager, commitment.id, input.mineralCodes);
      const statusChange = await this.audit.record(manager, {
        subjectType: SubjectType.COMMITMENT,
        subjectId: commitment.id,
        action: AuditAction.CREATED,
        actor: caller,
        countryCodes: codes,
        version: 1,
        toStatus: commitment.status,
        changes: { ...input, idempotencyKey: undefined },
      });
      return { commitment, statusChange };
    });
  }

  /** Changes fields of a commitment at the version the caller read; records a field-level diff. */
  update(caller: Caller, input: UpdateCommitmentInput): Promise<CommitmentPayload> {
    return this.idempotency.run(caller, 'updateCommitment', input.idempotencyKey, input, async (manager) => {
      const current = await this.lockAuthorized(manager, caller, input.commitmentId);
      const newCodes = input.parties ? partyCodes(input.parties) : undefined;
      // A partner may not hand a commitment over to other countries.
      if (newCodes) authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: newCodes });
      assertVersion('Commitment', current.row, input.expectedVersion);
      const next = {
        title: input.title ?? current.row.title,
        description: input.description ?? current.row.description,
        amount: input.amount === undefined ? current.row.amount : input.amount?.amount ?? null,
        currency: input.amount === undefined ? current.row.currency : input.amount?.currency ?? null,
        announcedOn: input.announcedOn === undefined ? current.row.announcedOn : input.announcedOn,
        targetOn: input.targetOn === undefined ? current.row.targetOn : input.targetOn,
      };
      assertDateOrder(next.announcedOn, next.targetOn);
      const changes = diffFields(current.row as unknown as Record<string, unknown>, next);
      if (newCodes) {
        const before = current.parties.map((p) => `${p.code}:${p.role}`).sort();
        const after = input.parties!.map((p) => `${p.countryCode.toUpperCase()}:${p.role}`).sort();
        if (before.join() !== after.join()) changes.parties = { old: before, new: after };
      }
      if (input.mineralCodes) {
        const before = await this.mineralCodesOf(manager, current.row.id);
        const after = [...new Set(input.mineralCodes.map((code) => code.toUpperCase()))].sort();
        if (before.join() !== after.join()) changes.minerals = { old: before, new: after };
      }
      if (Object.keys(changes).length === 0) return { commitment: current.row, statusChange: null };
      const commitment = await updateVersioned<Commitment>(manager, Commitment, 'Commitment', current.row, {
        title: next.title,
        description: next.description,
        amount: next.amount,
        currency: next.currency,
        announced_on: next.announcedOn,
        target_on: next.targetOn,
      });
      if (changes.parties) await this.replaceParties(manager, commitment.id, input.parties!, newCodes!);
      if (changes.minerals) await this.replaceMinerals(manager, commitment.id, input.mineralCodes!);
      await this.audit.record(manager, {
        subjectType: SubjectType.COMMITMENT,
        subjectId: commitment.id,
        action: AuditAction.UPDATED,
        actor: caller,
        countryCodes: [...new Set([...current.parties.map((p) => p.code), ...(newCodes ?? [])])],
        version: commitment.version,
        changes,
      });
      return { commitment, statusChange: null };
    });
  }

  /** Moves a commitment along its workflow; the row and its history entry commit together. */
  changeStatus(caller: Caller, input: ChangeCommitmentStatusInput): Promise<CommitmentPayload> {
    return this.idempotency.run(caller, 'changeCommitmentStatus', input.idempotencyKey, input, async (manager) => {
      const current = await this.lockAuthorized(manager, caller, input.commitmentId);
      assertVersion('Commitment', current.row, input.expectedVersion);
      assertTransition(COMMITMENT_WORKFLOW, current.row.status, input);
      assertNotInFuture(input.effectiveOn, 'input.effectiveOn');
      const commitment = await updateVersioned<Commitment>(manager, Commitment, 'Commitment', current.row, { status: input.status });
      const statusChange = await this.audit.record(manager, {
        subjectType: SubjectType.COMMITMENT,
        subjectId: commitment.id,
        action: AuditAction.STATUS_CHANGED,
        actor: caller,
        countryCodes: current.parties.map((p) => p.code),
        version: commitment.version,
        fromStatus: current.row.status,
        toStatus: input.status,
        note: input.note ?? null,
        evidenceUrl: input.evidenceUrl ?? null,
        effectiveOn: input.effectiveOn ?? null,
      });
      return { commitment, statusChange };
    });
  }

  /** Locks the commitment and checks the caller may change it, before anything is written. */
  async lockAuthorized(manager: EntityManager, caller: Caller, globalId: string) {
    const row = await lockRow<Commitment>(manager, Commitment, 'Commitment', globalId, 'input.commitmentId');
    const parties: { code: string; role: string }[] = await manager.query(
      'SELECT k.code, p.role FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE p.commitment_id = $1 ORDER BY k.code',
      [row.id],
    );
    authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: parties.map((p) => p.code) });
    return { row, parties };
  }

  private async replaceParties(manager: EntityManager, commitmentId: string, parties: PartyInput[], codes: string[]) {
    const ids = await idsForCodes(manager, 'countries', codes, 'input.parties');
    await manager.query('DELETE FROM commitment_parties WHERE commitment_id = $1', [commitmentId]);
    await manager.query(
      'INSERT INTO commitment_parties (commitment_id, country_id, role) SELECT $1, unnest($2::uuid[]), unnest($3::varchar[])',
      [commitmentId, codes.map((code) => ids.get(code)), parties.map((party) => party.role)],
    );
  }

  private async replaceMinerals(manager: EntityManager, commitmentId: string, mineralCodes: string[]) {
    const codes = [...new Set(mineralCodes.map((code) => code.trim().toUpperCase()))];
    const ids = await idsForCodes(manager, 'minerals', codes, 'input.mineralCodes');
    await manager.query('DELETE FROM commitment_minerals WHERE commitment_id = $1', [commitmentId]);
    await manager.query('INSERT INTO commitment_minerals (commitment_id, mineral_id) SELECT $1, unnest($2::uuid[])', [commitmentId, [...ids.values()]]);
  }

  private async mineralCodesOf(manager: EntityManager, commitmentId: string): Promise<string[]> {
    const rows: { code: string }[] = await manager.query(
      'SELECT m.code FROM commitment_minerals cm JOIN minerals m ON m.id = cm.mineral_id WHERE cm.commitment_id = $1 ORDER BY m.code',
      [commitmentId],
    );
    return rows.map((row) => row.code);
  }
}
