import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { type CountryLink, countryCodesOf, linkedCountries } from '../../shared/link-tables';
import { assertDateOrder, diffFields, existingId } from '../../shared/mutation-rules';
import { assertVersion, insertRow, lockRow, updateVersioned } from '../../shared/versioned-row';
import { changeOf } from '../../shared/relay-mutation';
import { AuditService } from '../audit/audit.service';
import { addLinkChanges, linkCreated, lockWithCountries, saveLinkChanges, type TrackedLinks } from '../audit/tracked-mutation';
import { writeAlone } from '../audit/chain-writer';
import { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { acceptedCodes, answerInvitation, consentedLinks, PartyConsent } from '../linked-record/consent';
import type { ObligationMutationService } from '../obligation/obligation-mutation.service';
import { Commitment } from './commitment.entity';
import { CommitmentStatusChanges } from './commitment-status-changes';
import { PartyRole } from './commitment.enums';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import {
  ChangeCommitmentStatusInput,
  ChangeCommitmentStatusPayload,
  CreateCommitmentInput,
  CreateCommitmentPayload,
  RespondToCommitmentInvitationInput,
  RespondToCommitmentInvitationPayload,
  UpdateCommitmentInput,
  UpdateCommitmentPayload,
} from './commitment.inputs';
import { CommitmentStatus, INITIAL_COMMITMENT_STATUSES } from './commitment.status';

const LINKS: TrackedLinks = {
  countries: { table: 'commitment_parties', column: 'commitment_id' },
  minerals: { table: 'commitment_minerals', column: 'commitment_id' },
  countryField: 'parties',
  countryArgument: 'input.parties',
};

/** The rules for changing commitments: who may, in which order, and what each change records. */
export class CommitmentMutationService {
  private readonly statusChanges: CommitmentStatusChanges;

  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly obligations: ObligationMutationService,
  ) {
    this.statusChanges = new CommitmentStatusChanges(audit);
  }

  /**
   * Records a new commitment with its parties and minerals; its first status enters the history.
   * A PARTNER's own country is ACCEPTED and the others it names are INVITED (never LEAD); ADMIN's are ACCEPTED.
   */
  create(caller: Caller, input: CreateCommitmentInput): Promise<CreateCommitmentPayload> {
    return this.idempotency.run(caller, Action.CHANGE_COMMITMENT, 'createCommitment', input.idempotencyKey, input, async (manager) => {
      const codes = countryCodesOf(input.parties, 'input.parties');
      authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: codes });
      const { links, invited } = consentedLinks(caller, [], input.parties, 'input.parties', PartyRole.PARTY);
      if (!(INITIAL_COMMITMENT_STATUSES as readonly CommitmentStatus[]).includes(input.status)) {
        throw new BadUserInputError(`A new commitment starts as ${INITIAL_COMMITMENT_STATUSES.join(' or ')}, not ${input.status}`, {
          argument: 'input.status',
        });
      }
      assertDateOrder(input.announcedOn, input.targetOn);
      const meetingId = input.meetingId
        ? await existingId(manager, 'meetings', fromGlobalId('Meeting', input.meetingId, 'input.meetingId'), 'input.meetingId')
        : null;
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
      // Obligations first: the commitment's first entry is then the last of the creation, so any
      // instant at or after it (its recordedAt, as the payload gives it) finds every party's share.
      await this.obligations.syncParties(manager, caller, commitment, input.parties, input.amount, consentsOf(links));
      const statusChange = await linkCreated(
        manager,
        this.audit,
        COMMITMENT_SUBJECT,
        LINKS,
        { row: commitment, input: { countries: links, mineralCodes: input.mineralCodes } },
        { caller, countryCodes: codes, changes: { ...changeOf(input), ...(invited.length ? { invited } : {}) } },
      );
      return { commitment, statusChange };
    });
  }

  /**
   * Changes fields of a commitment at the version the caller read; records a field-level diff.
   * A new party list keeps each listed country's consent; countries it adds are consented as on create;
   * a PARTNER may drop pending invitations, but not another country that has accepted.
   */
  update(caller: Caller, input: UpdateCommitmentInput): Promise<UpdateCommitmentPayload> {
    return this.idempotency.run(caller, Action.CHANGE_COMMITMENT, 'updateCommitment', input.idempotencyKey, input, async (manager) => {
      const current = await this.lockAuthorized(manager, caller, input.commitmentId);
      const newCodes = input.parties ? countryCodesOf(input.parties, 'input.parties') : undefined;
      // A partner may not hand a commitment over to other countries.
      if (newCodes) authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: newCodes });
      const consented = input.parties
        ? consentedLinks(caller, current.parties, input.parties, 'input.parties', PartyRole.PARTY)
        : undefined;
      assertVersion('Commitment', current.row, input.expectedVersion);
      const next = {
        title: input.title ?? current.row.title,
        description: input.description ?? current.row.description,
        amount: input.amount === undefined ? current.row.amount : (input.amount?.amount ?? null),
        currency: input.amount === undefined ? current.row.currency : (input.amount?.currency ?? null),
        announcedOn: input.announcedOn === undefined ? current.row.announcedOn : input.announcedOn,
        targetOn: input.targetOn === undefined ? current.row.targetOn : input.targetOn,
      };
      assertDateOrder(next.announcedOn, next.targetOn);
      const changes = diffFields(current.row as unknown as Record<string, unknown>, next);
      const linkInput = { countries: consented?.links, mineralCodes: input.mineralCodes };
      await addLinkChanges(manager, LINKS, { id: current.row.id, countries: current.parties }, linkInput, changes);
      if (consented?.invited.length) (changes as Record<string, unknown>).invited = consented.invited;
      if (Object.keys(changes).length === 0) return { commitment: current.row };
      if (changes.parties || changes.amount || input.parties?.some((party) => party.amount)) {
        const parties = input.parties ?? current.parties.map((p) => ({ countryCode: p.code, role: p.role }));
        const amount = next.amount === null ? null : { amount: next.amount, currency: next.currency! };
        await this.obligations.syncParties(manager, caller, current.row, parties, amount, consentsOf(consented?.links ?? current.parties));
      }
      const status = await this.obligations.rolledUpStatus(manager, current.row);
      if (status !== current.row.status) changes.status = { old: current.row.status, new: status };
      const commitment = await updateVersioned<Commitment>(manager, Commitment, 'Commitment', current.row, {
        title: next.title,
        description: next.description,
        amount: next.amount,
        currency: next.currency,
        announced_on: next.announcedOn,
        target_on: next.targetOn,
        status,
      });
      await saveLinkChanges(
        manager,
        this.audit,
        COMMITMENT_SUBJECT,
        LINKS,
        { row: commitment, input: linkInput, changes },
        {
          caller,
          countryCodes: [...current.parties.map((p) => p.code), ...(newCodes ?? [])],
        },
      );
      return { commitment };
    });
  }

  /**
   * Moves one party's obligation along the workflow (a PARTNER's own country's; ADMIN names the party
   * unless there is only one), then rolls the commitment's status up; all in one transaction.
   */
  changeStatus(caller: Caller, input: ChangeCommitmentStatusInput): Promise<ChangeCommitmentStatusPayload> {
    const change = { caller, input };
    return this.idempotency.run(
      caller,
      Action.CHANGE_COMMITMENT,
      'changeCommitmentStatus',
      input.idempotencyKey,
      input,
      (manager) => writeAlone(manager, this.statusChanges, change) as Promise<ChangeCommitmentStatusPayload>,
      // It reads no history, so its events may go in with the rest of its group's, and the group's status changes are written together.
      { holdsEvents: true, batch: { of: this.statusChanges, item: change } },
    );
  }

  /**
   * An invited country's answer: accepted, it becomes a party that counts; declined, it is no
   * longer a party. Either way the history records the answer beside the invitation.
   */
  respond(caller: Caller, input: RespondToCommitmentInvitationInput): Promise<RespondToCommitmentInvitationPayload> {
    const operation = 'respondToCommitmentInvitation';
    return this.idempotency.run(caller, Action.CHANGE_COMMITMENT, operation, input.idempotencyKey, input, async (manager) => {
      const { row, countries } = await lockWithCountries<Commitment>(
        manager,
        COMMITMENT_SUBJECT,
        LINKS,
        input.commitmentId,
        'input.commitmentId',
      );
      const on = { subject: COMMITMENT_SUBJECT, links: LINKS, action: Action.CHANGE_COMMITMENT };
      const answered = await answerInvitation(manager, this.audit, on, { caller, row, countries }, input);
      if (input.accept) await this.obligations.accept(manager, caller, row.id, answered.code);
      else await this.obligations.removeParty(manager, caller, row.id, answered.code);
      let commitment = answered.row;
      // Its obligation now counts (or is gone), which can move the rolled-up status.
      if ((await this.obligations.rolledUpStatus(manager, commitment)) !== commitment.status) {
        const countryCodes = acceptedCodes(countries).concat(input.accept ? [answered.code] : []);
        ({ commitment } = await this.obligations.rollUp(manager, caller, commitment, {
          countryCodes,
          party: answered.code,
          changes: { consent: { [answered.code]: input.accept ? PartyConsent.ACCEPTED : null } },
        }));
      }
      return { commitment, consent: input.accept ? PartyConsent.ACCEPTED : null };
    });
  }

  /**
   * Locks the commitment and checks the caller may change it, before anything is written:
   * a PARTNER's country must be a party that has accepted.
   */
  async lockAuthorized(manager: EntityManager, caller: Caller, globalId: string) {
    authorize(caller, Action.CHANGE_COMMITMENT);
    const row = await lockRow<Commitment>(manager, Commitment, COMMITMENT_SUBJECT.typeName, globalId, 'input.commitmentId');
    const parties = await linkedCountries(manager, LINKS.countries, row.id);
    authorize(caller, Action.CHANGE_COMMITMENT, { countryCodes: acceptedCodes(parties) });
    return { row, parties };
  }
}

/** Each listed country's consent, as its obligation records it. */
function consentsOf(links: readonly CountryLink[]): Map<string, PartyConsent> {
  return new Map(links.map((link) => [link.code, (link.consent as PartyConsent) ?? PartyConsent.ACCEPTED]));
}
