import type { EntityManager } from 'typeorm';
import { idsForCodes } from '../../shared/code-lookup';
import { AppError, BadUserInputError, ErrorCode } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { listChange } from '../../shared/link-tables';
import { insertRow } from '../../shared/versioned-row';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { organisationConsent, PartyConsent } from '../linked-record/consent';
import { ProvenanceBasis } from '../provenance/provenance.types';
import { Organisation } from './organisation.entity';
import {
  CreateOrganisationInput,
  CreateOrganisationPayload,
  RespondToOrganisationInvitationInput,
  RespondToOrganisationInvitationPayload,
  SetProjectOrganisationsInput,
  SetProjectOrganisationsPayload,
} from './organisation.inputs';
import { recordOrganisationCreated } from './organisation.rules';
import { lockProject, lockReportedProject, recordProjectUpdate } from './reported-project';

interface NamedOrganisation {
  id: string;
  iatiIdentifier: string;
  country: string | null;
}

/** The organisations behind global IDs, with their countries; an ID naming nothing is the caller's mistake. */
async function organisationsOf(manager: EntityManager, globalIds: readonly string[], argument: string): Promise<NamedOrganisation[]> {
  const ids = globalIds.map((globalId, index) => fromGlobalId('Organisation', globalId, `${argument}[${index}]`));
  const rows: NamedOrganisation[] = await manager.query(
    `SELECT o.id, o.iati_identifier AS "iatiIdentifier", k.code AS country
     FROM organisations o LEFT JOIN countries k ON k.id = o.country_id WHERE o.id = ANY($1::uuid[])`,
    [ids],
  );
  return ids.map((id, index) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new BadUserInputError(`${argument}[${index}] names no organisation`, { argument: `${argument}[${index}]` });
    return row;
  });
}

type Participation = { organisationId: string; role: string; consent: PartyConsent };

const keyOf = (p: { organisationId: string; role: string }) => `${p.organisationId}:${p.role}`;

/** The rules for recording organisations and naming them on projects. */
export class OrganisationMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Records an organisation: a PARTNER one of its own country, ADMIN any (one of no country too). The identifier is unique. */
  create(caller: Caller, input: CreateOrganisationInput): Promise<CreateOrganisationPayload> {
    return this.idempotency.run(caller, Action.CHANGE_ORGANISATION, 'createOrganisation', input.idempotencyKey, input, async (manager) => {
      const country = input.countryCode?.trim().toUpperCase() ?? null;
      authorize(caller, Action.CHANGE_ORGANISATION, { countryCodes: country ? [country] : [] });
      const organisation = await this.insert(manager, caller, input, country);
      return { organisation };
    });
  }

  /**
   * Inserts an organisation, STATED, and enters it in the audit trail; a taken identifier is BAD_USER_INPUT
   * naming it. For importers too, once they have judged the caller (Action.CHANGE_ORGANISATION).
   */
  async insert(
    manager: EntityManager,
    caller: Caller,
    input: Pick<CreateOrganisationInput, 'iatiIdentifier' | 'name' | 'organisationType'>,
    country: string | null,
  ): Promise<Organisation> {
    const countryId = country ? (await idsForCodes(manager, 'countries', [country], 'input.countryCode')).get(country) : null;
    const organisation = await insertRow<Organisation>(
      manager,
      Organisation,
      {
        iati_identifier: input.iatiIdentifier,
        name: input.name.trim(),
        organisation_type: input.organisationType,
        country_id: countryId,
        basis: ProvenanceBasis.STATED,
      },
      { ifAbsent: true },
    );
    if (!organisation)
      throw new BadUserInputError(`An organisation with the identifier ${input.iatiIdentifier} is already recorded`, {
        argument: 'input.iatiIdentifier',
      });
    await recordOrganisationCreated(manager, { audit: this.audit, caller }, organisation.id, country, {
      iatiIdentifier: organisation.iatiIdentifier,
      name: organisation.name,
      organisationType: organisation.organisationType,
      basis: ProvenanceBasis.STATED,
    });
    return organisation;
  }

  /**
   * Replaces the organisations a project names (and, if given, its reporting organisation). Each keeps the
   * consent it had; a new one of another country is INVITED (see organisationConsent). The reporting
   * organisation must be one the caller may name without consent. One UPDATED event of the project.
   */
  setForProject(caller: Caller, input: SetProjectOrganisationsInput): Promise<SetProjectOrganisationsPayload> {
    const operation = 'setProjectOrganisations';
    return this.idempotency.run(caller, Action.REPORT_PROJECT_FUNDING, operation, input.idempotencyKey, input, async (manager) => {
      const current = await lockReportedProject(manager, caller, input.projectId);
      const named = await organisationsOf(
        manager,
        input.organisations.map((o) => o.organisationId),
        'input.organisations',
      );
      const before: Participation[] = await manager.query(
        'SELECT organisation_id AS "organisationId", role, consent FROM project_organisations WHERE project_id = $1 ORDER BY position',
        [current.row.id],
      );
      const after = input.organisations.map((entry, index): Participation => {
        const organisationId = named[index].id;
        const kept = before.find((p) => keyOf(p) === keyOf({ organisationId, role: entry.role }))?.consent;
        return { organisationId, role: entry.role, consent: organisationConsent(caller, named[index].country, kept) };
      });
      const repeated = after.findIndex((p, index) => after.findIndex((q) => keyOf(q) === keyOf(p)) !== index);
      if (repeated >= 0)
        throw new BadUserInputError(`input.organisations[${repeated}] names an organisation in a role it already has`, {
          argument: `input.organisations[${repeated}]`,
        });
      const columns = await this.reportingColumns(manager, caller, input.reportingOrganisationId, current.row.reportingOrganisationId);
      const changes: Record<string, unknown> = {};
      const listed = (list: Participation[]) =>
        list.map((p) => `${named.find((n) => n.id === p.organisationId)?.iatiIdentifier ?? p.organisationId}:${p.role}`);
      const diff = listChange(await this.identifiedList(manager, before), listed(after));
      if (diff) changes.organisations = diff;
      const invited = after.filter((p) => p.consent === PartyConsent.INVITED && !before.some((b) => keyOf(b) === keyOf(p)));
      if (invited.length) changes.invited = [...new Set(invited.map((p) => named.find((n) => n.id === p.organisationId)!.iatiIdentifier))];
      if (columns.reporting_organisation_id)
        changes.reportingOrganisationId = { old: current.row.reportingOrganisationId, new: columns.reporting_organisation_id };
      if (Object.keys(changes).length === 0) return { project: current.row };
      await manager.query('DELETE FROM project_organisations WHERE project_id = $1', [current.row.id]);
      await manager.query(
        `INSERT INTO project_organisations (project_id, organisation_id, role, consent, position)
         SELECT $1, unnest($2::uuid[]), unnest($3::varchar[]), unnest($4::varchar[]), generate_series(0, $5::int - 1)`,
        [current.row.id, after.map((p) => p.organisationId), after.map((p) => p.role), after.map((p) => p.consent), after.length],
      );
      const project = await recordProjectUpdate(manager, this.audit, caller, current, {
        expectedVersion: input.expectedVersion,
        columns,
        changes,
      });
      return { project };
    });
  }

  /**
   * The answer of an invited organisation's country: accepted, it takes part in every role it was
   * named in; declined, it is no longer named. That country's PARTNER, or ADMIN.
   */
  respond(caller: Caller, input: RespondToOrganisationInvitationInput): Promise<RespondToOrganisationInvitationPayload> {
    const operation = 'respondToOrganisationInvitation';
    return this.idempotency.run(caller, Action.CHANGE_ORGANISATION, operation, input.idempotencyKey, input, async (manager) => {
      const [organisation] = await organisationsOf(manager, [input.organisationId], 'input.organisationId');
      authorize(caller, Action.CHANGE_ORGANISATION, { countryCodes: organisation.country ? [organisation.country] : [] });
      // The invited organisation's country answers for itself, whether or not it takes part in the project.
      const current = await lockProject(manager, input.projectId);
      const invited = await manager.query(
        `SELECT role FROM project_organisations WHERE project_id = $1 AND organisation_id = $2 AND consent = $3`,
        [current.row.id, organisation.id, PartyConsent.INVITED],
      );
      if (invited.length === 0)
        throw new AppError(ErrorCode.INVALID_TRANSITION, `${organisation.iatiIdentifier} has no invitation to answer on this project`, {
          argument: 'input.organisationId',
        });
      if (input.accept)
        await manager.query(`UPDATE project_organisations SET consent = $3 WHERE project_id = $1 AND organisation_id = $2`, [
          current.row.id,
          organisation.id,
          PartyConsent.ACCEPTED,
        ]);
      else
        await manager.query('DELETE FROM project_organisations WHERE project_id = $1 AND organisation_id = $2 AND consent = $3', [
          current.row.id,
          organisation.id,
          PartyConsent.INVITED,
        ]);
      const changes = {
        organisationConsent: {
          [organisation.iatiIdentifier]: { old: PartyConsent.INVITED, new: input.accept ? PartyConsent.ACCEPTED : null },
        },
      };
      const project = await recordProjectUpdate(manager, this.audit, caller, current, {
        expectedVersion: current.row.version,
        changes,
        note: input.note,
      });
      return { project, consent: input.accept ? PartyConsent.ACCEPTED : null };
    });
  }

  /** The columns naming a new reporting organisation: one the caller may name without anyone's consent. */
  private async reportingColumns(manager: EntityManager, caller: Caller, globalId: string | null | undefined, currentId: string | null) {
    if (!globalId) return {};
    const [organisation] = await organisationsOf(manager, [globalId], 'input.reportingOrganisationId');
    if (organisation.id === currentId) return {};
    if (organisationConsent(caller, organisation.country) !== PartyConsent.ACCEPTED)
      throw new BadUserInputError(
        `${organisation.iatiIdentifier} cannot report the project: a reporting organisation must be of your own country or of none (another country's needs an ADMIN)`,
        { argument: 'input.reportingOrganisationId' },
      );
    return { reporting_organisation_id: organisation.id, reporting_organisation_basis: ProvenanceBasis.STATED };
  }

  private async identifiedList(manager: EntityManager, list: Participation[]): Promise<string[]> {
    if (list.length === 0) return [];
    const rows: { id: string; iati_identifier: string }[] = await manager.query(
      'SELECT id, iati_identifier FROM organisations WHERE id = ANY($1::uuid[])',
      [list.map((p) => p.organisationId)],
    );
    return list.map((p) => `${rows.find((r) => r.id === p.organisationId)?.iati_identifier}:${p.role}`);
  }
}
