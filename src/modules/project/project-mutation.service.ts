import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import { toGlobalId } from '../../shared/global-id';
import { countryCodesOf } from '../../shared/link-tables';
import { assertDateOrder, diffFields } from '../../shared/mutation-rules';
import { assertVersion, insertRow, updateVersioned } from '../../shared/versioned-row';
import { changeOf } from '../../shared/relay-mutation';
import { applyStatusChange } from '../audit/apply-status-change';
import { AuditAction } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { addLinkChanges, linkCreated, lockWithCountries, saveLinkChanges, type TrackedLinks } from '../audit/tracked-mutation';
import { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { CommitmentMutationService } from '../commitment/commitment-mutation.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { acceptedCodes, answerInvitation, PartyConsent } from '../linked-record/consent';
import { derivedReporting } from '../organisation/reported-project';
import { Project } from './project.entity';
import {
  ChangeProjectStatusInput,
  ChangeProjectStatusPayload,
  CreateProjectInput,
  CreateProjectPayload,
  LinkProjectToCommitmentInput,
  LinkProjectToCommitmentPayload,
  RespondToProjectInvitationInput,
  RespondToProjectInvitationPayload,
  UpdateProjectInput,
  UpdateProjectPayload,
} from './project.inputs';
import { ProjectStatus } from './project.status';
import { PROJECT_SUBJECT } from './project.subject';
import { participantChanges, participantsFor } from './project.reporting';

/** The countries and minerals a project links to, as the tracked-mutation steps write them (the IATI import creates projects with them too). */
export const PROJECT_LINKS: TrackedLinks = {
  countries: { table: 'project_participants', column: 'project_id', reporting: true },
  minerals: { table: 'project_minerals', column: 'project_id' },
  countryField: 'participants',
  countryArgument: 'input.participants',
  countryAttributes: ['reporting'],
};
const DATE_NAMES = ['startsOn', 'endsOn'];

/** The rules for changing projects and their links to commitments. */
export class ProjectMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly commitments: CommitmentMutationService,
  ) {}

  /**
   * Records a new project in the PIPELINE status with its participants and minerals. Participants are
   * consented as commitment parties are (a PARTNER's others are INVITED), and one of them reports.
   */
  create(caller: Caller, input: CreateProjectInput): Promise<CreateProjectPayload> {
    return this.idempotency.run(caller, Action.CHANGE_PROJECT, 'createProject', input.idempotencyKey, input, async (manager) => {
      const codes = countryCodesOf(input.participants, 'input.participants');
      authorize(caller, Action.CHANGE_PROJECT, { countryCodes: codes });
      const { participants, invited } = participantsFor(caller, input.participants);
      assertDateOrder(input.startsOn, input.endsOn, DATE_NAMES);
      const id = randomUUID();
      const reporter = participants.find((p) => p.reporting)?.code ?? null;
      const unreported = { id, iatiIdentifier: null, reportingOrganisationId: null, reportingOrganisationBasis: null };
      const project = await insertRow<Project>(manager, Project, {
        id,
        ...(await derivedReporting(manager, { audit: this.audit, caller }, unreported, reporter)),
        name: input.name,
        description: input.description,
        kind: input.kind,
        status: ProjectStatus.PIPELINE,
        budget_amount: input.budget?.amount ?? null,
        budget_currency: input.budget?.currency ?? null,
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        location: input.location ?? null,
      });
      const statusChange = await linkCreated(
        manager,
        this.audit,
        PROJECT_SUBJECT,
        PROJECT_LINKS,
        { row: project, input: { countries: participants, mineralCodes: input.mineralCodes } },
        { caller, countryCodes: codes, changes: { ...changeOf(input), ...(invited.length ? { invited } : {}) } },
      );
      return { project, statusChange };
    });
  }

  /** Changes fields of a project at the version the caller read; records a field-level diff. */
  update(caller: Caller, input: UpdateProjectInput): Promise<UpdateProjectPayload> {
    return this.idempotency.run(caller, Action.CHANGE_PROJECT, 'updateProject', input.idempotencyKey, input, async (manager) => {
      const current = await this.lockAuthorized(manager, caller, input.projectId);
      const newCodes = input.participants ? countryCodesOf(input.participants, 'input.participants') : undefined;
      if (newCodes) authorize(caller, Action.CHANGE_PROJECT, { countryCodes: newCodes });
      const updated = input.participants && participantsFor(caller, input.participants, current.participants);
      assertVersion('Project', current.row, input.expectedVersion);
      const row = current.row;
      const next = {
        name: input.name ?? row.name,
        description: input.description ?? row.description,
        budgetAmount: input.budget === undefined ? row.budgetAmount : (input.budget?.amount ?? null),
        budgetCurrency: input.budget === undefined ? row.budgetCurrency : (input.budget?.currency ?? null),
        startsOn: input.startsOn === undefined ? row.startsOn : input.startsOn,
        endsOn: input.endsOn === undefined ? row.endsOn : input.endsOn,
        location: input.location === undefined ? row.location : input.location,
      };
      assertDateOrder(next.startsOn, next.endsOn, DATE_NAMES);
      const changes = diffFields(row as unknown as Record<string, unknown>, next);
      const reporting = updated
        ? await derivedReporting(manager, { audit: this.audit, caller }, row, updated.participants.find((p) => p.reporting)?.code ?? null)
        : {};
      if (reporting.reporting_organisation_id)
        changes.reportingOrganisationId = { old: row.reportingOrganisationId, new: reporting.reporting_organisation_id };
      const linkInput = { countries: updated?.participants, mineralCodes: input.mineralCodes };
      await addLinkChanges(manager, PROJECT_LINKS, { id: row.id, countries: current.participants }, linkInput, changes);
      if (updated) Object.assign(changes, participantChanges(current.participants, updated));
      if (Object.keys(changes).length === 0) return { project: row };
      const project = await updateVersioned<Project>(manager, Project, 'Project', row, {
        ...reporting,
        name: next.name,
        description: next.description,
        budget_amount: next.budgetAmount,
        budget_currency: next.budgetCurrency,
        starts_on: next.startsOn,
        ends_on: next.endsOn,
        location: next.location,
      });
      await saveLinkChanges(
        manager,
        this.audit,
        PROJECT_SUBJECT,
        PROJECT_LINKS,
        { row: project, input: linkInput, changes },
        {
          caller,
          countryCodes: [...current.participants.map((p) => p.code), ...(newCodes ?? [])],
        },
      );
      return { project };
    });
  }

  /**
   * Moves a project along the IATI workflow; the row and its history entry commit together.
   * A PARTNER must be the project's reporting participant.
   */
  changeStatus(caller: Caller, input: ChangeProjectStatusInput): Promise<ChangeProjectStatusPayload> {
    return this.idempotency.run(caller, Action.CHANGE_PROJECT, 'changeProjectStatus', input.idempotencyKey, input, async (manager) => {
      const current = await this.lockAuthorized(manager, caller, input.projectId);
      const reporter = current.participants.find((p) => p.reporting)?.code;
      authorize(caller, Action.CHANGE_PROJECT_STATUS, { countryCodes: reporter ? [reporter] : [] });
      const countryCodes = current.participants.map((p) => p.code);
      const { row: project, statusChange } = await applyStatusChange(
        manager,
        this.audit,
        PROJECT_SUBJECT,
        current.row,
        countryCodes,
        caller,
        input,
      );
      return { project, statusChange };
    });
  }

  /**
   * An invited country's answer: accepted, it takes part and counts; declined, it no longer takes
   * part. Either way the history records the answer beside the invitation.
   */
  respond(caller: Caller, input: RespondToProjectInvitationInput): Promise<RespondToProjectInvitationPayload> {
    const operation = 'respondToProjectInvitation';
    return this.idempotency.run(caller, Action.CHANGE_PROJECT, operation, input.idempotencyKey, input, async (manager) => {
      const { row, countries } = await lockWithCountries<Project>(
        manager,
        PROJECT_SUBJECT,
        PROJECT_LINKS,
        input.projectId,
        'input.projectId',
      );
      const on = { subject: PROJECT_SUBJECT, links: PROJECT_LINKS, action: Action.CHANGE_PROJECT };
      const answered = await answerInvitation(manager, this.audit, on, { caller, row, countries }, input);
      return { project: answered.row, consent: input.accept ? PartyConsent.ACCEPTED : null };
    });
  }

  /** Links a project to a commitment; a PARTNER must take part in both. */
  link(caller: Caller, input: LinkProjectToCommitmentInput): Promise<LinkProjectToCommitmentPayload> {
    return this.changeLink(caller, input, true);
  }

  unlink(caller: Caller, input: LinkProjectToCommitmentInput): Promise<LinkProjectToCommitmentPayload> {
    return this.changeLink(caller, input, false);
  }

  private changeLink(caller: Caller, input: LinkProjectToCommitmentInput, linked: boolean): Promise<LinkProjectToCommitmentPayload> {
    const operation = linked ? 'linkProjectToCommitment' : 'unlinkProjectFromCommitment';
    return this.idempotency.run(caller, Action.CHANGE_PROJECT, operation, input.idempotencyKey, input, async (manager) => {
      const current = await this.lockAuthorized(manager, caller, input.projectId);
      const commitment = await this.commitments.lockAuthorized(manager, caller, input.commitmentId);
      assertVersion('Project', current.row, input.expectedVersion);
      const link = [current.row.id, commitment.row.id];
      const changed: unknown[] = linked
        ? await manager.query(
            'INSERT INTO project_commitments (project_id, commitment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING project_id',
            link,
          )
        : (
            await manager.query('DELETE FROM project_commitments WHERE project_id = $1 AND commitment_id = $2 RETURNING project_id', link)
          )[0];
      if (changed.length === 0) {
        throw new BadUserInputError(`The project is ${linked ? 'already' : 'not'} linked to commitment ${input.commitmentId}`, {
          argument: 'input.commitmentId',
        });
      }
      const project = await updateVersioned<Project>(manager, Project, 'Project', current.row, {});
      const countries = [...current.participants.map((p) => p.code), ...commitment.parties.map((p) => p.code)];
      const action = linked ? AuditAction.LINKED : AuditAction.UNLINKED;
      await this.recordChange(manager, caller, project, countries, action, { commitmentId: toGlobalId('Commitment', commitment.row.id) });
      return { project, commitment: commitment.row };
    });
  }

  /** Locks the project and checks the caller's country takes part and has accepted; the role was judged before the transaction began. */
  private async lockAuthorized(manager: EntityManager, caller: Caller, globalId: string) {
    const { row, countries: participants } = await lockWithCountries<Project>(
      manager,
      PROJECT_SUBJECT,
      PROJECT_LINKS,
      globalId,
      'input.projectId',
    );
    authorize(caller, Action.CHANGE_PROJECT, { countryCodes: acceptedCodes(participants) });
    return { row, participants };
  }

  private recordChange(
    manager: EntityManager,
    caller: Caller,
    project: Project,
    countryCodes: string[],
    action: AuditAction,
    changes: Record<string, unknown>,
  ) {
    return this.audit.record(manager, {
      subjectType: PROJECT_SUBJECT.subjectType,
      subjectId: project.id,
      action,
      actor: caller,
      countryCodes: [...new Set(countryCodes)],
      version: project.version,
      changes,
    });
  }
}
