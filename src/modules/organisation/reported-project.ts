/**
 * The steps every change to what a project reports shares (its organisations, budgets, results,
 * transactions): lock the project, judge the caller against its reporting participant, make sure it
 * has its reporting organisation, and record the change as the project's UPDATED event.
 */
import type { EntityManager } from 'typeorm';
import { type CountryLink, linkedCountries } from '../../shared/link-tables';
import { assertVersion, lockRow, updateVersioned } from '../../shared/versioned-row';
import { AuditAction } from '../audit/audit-event.entity';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { Project } from '../project/project.entity';
import { PROJECT_SUBJECT } from '../project/project.subject';
import { ProvenanceBasis } from '../provenance/provenance.types';
import { derivedProjectIdentifier, governmentOrganisationId } from './organisation.rules';

const PARTICIPANTS = { table: 'project_participants', column: 'project_id', reporting: true };

export interface ReportedProject {
  row: Project;
  participants: CountryLink[];
  /** The reporting participant's country, if the project has one. */
  reporter: string | null;
}

/** Locks the project and reads its participants and reporting participant; judges no one. */
export async function lockProject(manager: EntityManager, globalId: string, argument = 'input.projectId'): Promise<ReportedProject> {
  const row = await lockRow<Project>(manager, Project, 'Project', globalId, argument);
  const participants = await linkedCountries(manager, PARTICIPANTS, row.id);
  return { row, participants, reporter: participants.find((p) => p.reporting)?.code ?? null };
}

/** Locks the project and refuses a caller who is neither ADMIN nor of its reporting participant's country. */
export async function lockReportedProject(
  manager: EntityManager,
  caller: Caller,
  globalId: string,
  argument = 'input.projectId',
): Promise<ReportedProject> {
  const project = await lockProject(manager, globalId, argument);
  authorize(caller, Action.REPORT_PROJECT_FUNDING, { countryCodes: project.reporter ? [project.reporter] : [] });
  return project;
}

/**
 * The columns that give a project its reporting organisation where it has none, or where the one it
 * has was inferred from a reporting participant that no longer reports: the government of the
 * reporting participant's country, INFERRED; and its activity identifier, if it has none. Empty when
 * nothing changes (or the project has no reporting participant to infer from).
 */
export async function derivedReporting(
  manager: EntityManager,
  recorder: { audit: AuditService; caller: Caller },
  project: { id: string; iatiIdentifier: string | null; reportingOrganisationId: string | null; reportingOrganisationBasis: string | null },
  reporter: string | null,
): Promise<Record<string, string>> {
  if (!reporter) return {};
  if (project.reportingOrganisationId && project.reportingOrganisationBasis !== ProvenanceBasis.INFERRED) return {};
  const government = await governmentOrganisationId(manager, recorder, reporter);
  if (government.id === project.reportingOrganisationId) return {};
  return {
    reporting_organisation_id: government.id,
    reporting_organisation_basis: ProvenanceBasis.INFERRED,
    ...(project.iatiIdentifier ? {} : { iati_identifier: derivedProjectIdentifier(government.identifier, project.id) }),
  };
}

/**
 * Bumps the project's version (with `columns` changed) and records the change as its UPDATED event,
 * whose state snapshot then holds the project's organisations, budgets and results as they are now.
 */
export async function recordProjectUpdate(
  manager: EntityManager,
  audit: AuditService,
  caller: Caller,
  current: ReportedProject,
  update: { expectedVersion: number; columns?: Record<string, unknown>; changes: Record<string, unknown>; note?: string | null },
): Promise<Project> {
  assertVersion('Project', current.row, update.expectedVersion);
  const derived = await derivedReporting(manager, { audit, caller }, current.row, current.reporter);
  const changes = { ...update.changes };
  if (derived.reporting_organisation_id)
    changes.reportingOrganisationId = { old: current.row.reportingOrganisationId, new: derived.reporting_organisation_id };
  const project = await updateVersioned<Project>(manager, Project, 'Project', current.row, { ...derived, ...update.columns });
  await audit.record(manager, {
    subjectType: PROJECT_SUBJECT.subjectType,
    subjectId: project.id,
    action: AuditAction.UPDATED,
    actor: caller,
    countryCodes: current.participants.map((p) => p.code),
    version: project.version,
    note: update.note ?? null,
    changes,
  });
  return project;
}
