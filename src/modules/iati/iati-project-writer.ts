/**
 * Writes one kept activity into a project through the services that own each part (organisations,
 * budgets, results, transactions, the project's status and its tracked links), inside the import's
 * transaction, so every change enters the audit chain as a change made by hand would.
 */
import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../../shared/global-id';
import { listChange } from '../../shared/link-tables';
import { insertRow } from '../../shared/versioned-row';
import { applyStatusChange } from '../audit/apply-status-change';
import type { AuditService } from '../audit/audit.service';
import { linkCreated } from '../audit/tracked-mutation';
import type { Caller } from '../auth/caller';
import { BudgetStatus, BudgetType } from '../budget/budget.codes';
import type { BudgetService } from '../budget/budget.service';
import { PartyConsent } from '../linked-record/consent';
import { lockProject, recordProjectUpdate } from '../organisation/reported-project';
import { Project, ProjectKind, ProjectRole } from '../project/project.entity';
import { PROJECT_LINKS } from '../project/project-mutation.service';
import { ProjectStatus } from '../project/project.status';
import { PROJECT_SUBJECT } from '../project/project.subject';
import { ProvenanceBasis } from '../provenance/provenance.types';
import type { ResultInput } from '../result/result.inputs';
import type { ResultService } from '../result/result.service';
import { IndicatorMeasure, ResultType } from '../result/result.codes';
import type { TransactionMutationService } from '../transaction/transaction-mutation.service';
import { TransactionType } from '../transaction/transaction.codes';
import { firstText, Organisations, PROJECT_STATUSES, projectDates } from './iati-kept';
import { IatiActivity, IatiIndicatorValue, IatiTransaction } from './iati.model';

/** The services an import writes through. */
export interface ImportServices {
  audit: AuditService;
  budgets: BudgetService;
  results: ResultService;
  transactionMutations: TransactionMutationService;
}

const NOTE = 'Imported from an IATI activity file';

const budgetRows = (activity: IatiActivity) =>
  activity.budgets.map((b) => ({
    budgetType: b.type as BudgetType,
    budgetStatus: b.status as BudgetStatus,
    periodStart: b.periodStart,
    periodEnd: b.periodEnd,
    amount: b.value.amount,
    currency: b.value.currency,
    valueDate: b.value.valueDate,
  }));

const valueInput = (value: IatiIndicatorValue | undefined) =>
  value && { value: value.value ?? null, comment: firstText(value.comment) ?? null };

const resultInputs = (activity: IatiActivity): ResultInput[] =>
  activity.results.map((r) => ({
    resultType: r.type as ResultType,
    title: firstText(r.title)!,
    description: firstText(r.description) ?? null,
    indicators: r.indicators.map((i) => ({
      measure: i.measure as IndicatorMeasure,
      ascending: i.ascending,
      title: firstText(i.title)!,
      description: firstText(i.description) ?? null,
      baseline: i.baseline ? { year: i.baseline.year, date: i.baseline.isoDate ?? null, ...valueInput(i.baseline)! } : null,
      periods: i.periods.map((p) => ({
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        target: valueInput(p.target) ?? null,
        actual: valueInput(p.actual) ?? null,
      })),
    })),
  })) as ResultInput[];

/** Replaces the project's organisations (accepted: an ADMIN names them) with the activity's, in order. */
async function replaceOrganisations(manager: EntityManager, projectId: string, activity: IatiActivity, known: Organisations) {
  await manager.query('DELETE FROM project_organisations WHERE project_id = $1', [projectId]);
  const orgs = activity.participatingOrgs.map((org) => known.get(org.ref!)!.id);
  await manager.query(
    `INSERT INTO project_organisations (project_id, organisation_id, role, consent, position)
     SELECT $1, o, r, $4, n - 1 FROM unnest($2::uuid[], $3::varchar[]) WITH ORDINALITY AS x(o, r, n)`,
    [projectId, orgs, activity.participatingOrgs.map((org) => org.role), PartyConsent.ACCEPTED],
  );
}

/** The transaction as the funding service records it. */
function transactionInput(t: IatiTransaction, known: Organisations) {
  const party = (org: IatiTransaction['provider']) => {
    const recorded = org?.ref ? known.get(org.ref) : undefined;
    return { id: recorded ? toGlobalId('Organisation', recorded.id) : null, narrative: firstText(org?.narratives ?? []) ?? null };
  };
  const provider = party(t.provider);
  const receiver = party(t.receiver);
  return {
    transactionType: t.type as TransactionType,
    transactionDate: t.date,
    value: { amount: t.value.amount, currency: t.value.currency },
    valueDate: t.value.valueDate,
    providerOrganisationId: provider.id,
    providerNarrative: provider.narrative,
    receiverOrganisationId: receiver.id,
    receiverNarrative: receiver.narrative,
    description: firstText(t.description) ?? null,
    reference: t.ref ?? null,
    reason: NOTE,
  };
}

/**
 * Records a new project for the activity: its row, organisations, budgets and results, then its
 * CREATED event (whose snapshot holds them) with its recipient countries as IMPLEMENTER participants,
 * then each transaction with its own CREATED event.
 */
export async function createProject(
  manager: EntityManager,
  services: ImportServices,
  caller: Caller,
  activity: IatiActivity,
  known: Organisations,
): Promise<void> {
  const { startsOn, endsOn } = projectDates(activity);
  const project = await insertRow<Project>(manager, Project, {
    name: firstText(activity.title),
    description: firstText(activity.description) ?? '',
    // IATI has no kind of project; an activity that reports money is taken as funding work.
    kind: ProjectKind.FUNDING,
    status: PROJECT_STATUSES[activity.status],
    starts_on: startsOn,
    ends_on: endsOn,
    iati_identifier: activity.identifier,
    reporting_organisation_id: known.get(activity.reportingOrg.ref!)!.id,
    reporting_organisation_basis: ProvenanceBasis.STATED,
  });
  await replaceOrganisations(manager, project.id, activity, known);
  await services.budgets.replace(manager, project.id, budgetRows(activity));
  await services.results.replace(manager, project.id, resultInputs(activity));
  const countries = activity.recipientCountries.map((c) => ({
    code: c.code,
    role: ProjectRole.IMPLEMENTER,
    consent: PartyConsent.ACCEPTED,
  }));
  await linkCreated(
    manager,
    services.audit,
    PROJECT_SUBJECT,
    PROJECT_LINKS,
    { row: project, input: { countries, mineralCodes: [] } },
    { caller, countryCodes: countries.map((c) => c.code), changes: { iatiIdentifier: activity.identifier, note: NOTE } },
  );
  const current = await lockProject(manager, toGlobalId('Project', project.id));
  for (const t of activity.transactions) await services.transactionMutations.insert(manager, caller, current, transactionInput(t, known));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const withoutLines = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'line' ? undefined : v)));

/** The project's own columns that the activity changes, and the changes as its UPDATED event records them. */
function fieldChanges(row: Project, kept: IatiActivity, held: IatiActivity, known: Organisations) {
  const changes: Record<string, unknown> = {};
  const columns: Record<string, unknown> = {};
  const { startsOn, endsOn } = projectDates(kept);
  const fields = { name: firstText(kept.title), description: firstText(kept.description) ?? '', startsOn, endsOn };
  const before = { name: row.name, description: row.description, startsOn: row.startsOn, endsOn: row.endsOn };
  for (const [field, value] of Object.entries(fields))
    if (before[field as keyof typeof before] !== value) {
      changes[field] = { old: before[field as keyof typeof before], new: value };
      columns[field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    }
  if (kept.reportingOrg.ref !== held.reportingOrg.ref) {
    columns.reporting_organisation_id = known.get(kept.reportingOrg.ref!)!.id;
    columns.reporting_organisation_basis = ProvenanceBasis.STATED;
    changes.reportingOrganisation = { old: held.reportingOrg.ref ?? null, new: kept.reportingOrg.ref };
  }
  return { changes, columns };
}

/**
 * Brings an existing project to the activity, recording only what differs: one UPDATED event with
 * the changed parts, a status change along the workflow, and the transactions it does not have yet
 * (a changed transaction with a reference is recorded as a correction of the one with that reference).
 */
export async function updateProject(
  manager: EntityManager,
  services: ImportServices,
  caller: Caller,
  kept: IatiActivity,
  held: IatiActivity,
  known: Organisations,
): Promise<void> {
  const [{ id }] = await manager.query('SELECT id FROM projects WHERE iati_identifier = $1', [kept.identifier]);
  let current = await lockProject(manager, toGlobalId('Project', id));
  const { changes, columns } = fieldChanges(current.row, kept, held, known);
  const orgList = (a: IatiActivity) => a.participatingOrgs.map((org) => `${org.ref}:${org.role}`);
  const orgChange = listChange(orgList(held), orgList(kept));
  if (orgChange || !same(orgList(held), orgList(kept))) {
    await replaceOrganisations(manager, id, kept, known);
    changes.organisations = orgChange ?? { old: orgList(held), new: orgList(kept) };
  }
  if (!same(withoutLines(held.budgets), withoutLines(kept.budgets)))
    changes.budgets = { old: await services.budgets.replace(manager, id, budgetRows(kept)), new: kept.budgets.length };
  if (!same(withoutLines(held.results), withoutLines(kept.results))) {
    await services.results.replace(manager, id, resultInputs(kept));
    changes.results = { old: held.results.length, new: kept.results.length };
  }
  if (Object.keys(changes).length > 0) {
    const project = await recordProjectUpdate(manager, services.audit, caller, current, {
      expectedVersion: current.row.version,
      columns,
      changes,
      note: NOTE,
    });
    current = { ...current, row: project };
  }
  const status = PROJECT_STATUSES[kept.status] as ProjectStatus;
  if (status !== current.row.status) {
    const codes = current.participants.map((p) => p.code);
    await applyStatusChange(manager, services.audit, PROJECT_SUBJECT, current.row, codes, caller, {
      status,
      expectedVersion: current.row.version,
      note: NOTE,
    });
  }
  await appendTransactions(manager, services, caller, kept, held, known, id);
}

/** The file's transactions the project does not have, appended; a changed one with a known reference corrects the one it replaces. */
async function appendTransactions(
  manager: EntityManager,
  services: ImportServices,
  caller: Caller,
  kept: IatiActivity,
  held: IatiActivity,
  known: Organisations,
  projectId: string,
) {
  const unmatched = held.transactions.map((t) => JSON.stringify(withoutLines(t)));
  const fresh = kept.transactions.filter((t) => {
    const index = unmatched.indexOf(JSON.stringify(withoutLines(t)));
    if (index >= 0) unmatched.splice(index, 1);
    return index < 0;
  });
  if (fresh.length === 0) return;
  const current = await lockProject(manager, toGlobalId('Project', projectId));
  for (const t of fresh) {
    const [replaced] = t.ref
      ? await manager.query(
          `SELECT t.id FROM transactions t WHERE t.project_id = $1 AND t.reference = $2 AND NOT EXISTS (SELECT 1 FROM transactions c WHERE c.corrects_id = t.id)`,
          [projectId, t.ref],
        )
      : [];
    await services.transactionMutations.insert(manager, caller, current, transactionInput(t, known), replaced?.id ?? null);
  }
}
