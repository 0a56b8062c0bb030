import type { DataSource, EntityManager } from 'typeorm';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import type { Caller } from '../auth/caller';
import { takeChainAlone } from '../audit/append-lock';
import { Action, authorize } from '../auth/policy';
import type { OrganisationMutationService } from '../organisation/organisation-mutation.service';
import { OrganisationType } from '../organisation/organisation.codes';
import { iatiActivities } from './iati-export.service';
import { IatiFileRefusedError, readIatiFile } from './iati-file';
import { KnownOrganisation, keptActivity, organisationRefs, Organisations, projectProblems } from './iati-kept';
import { IatiActivity, IatiProblem } from './iati.model';
import { createProject, ImportServices, updateProject } from './iati-project-writer';

/** What an import did, per activity. */
export interface IatiImportSummary {
  activities: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Audit events the import appended: 0 for a file imported before. */
  auditEvents: number;
}

/** An organisation a file names without a type is recorded as IATI's 90, Other. */
const UNKNOWN_TYPE = OrganisationType.OTHER;

/**
 * Loads IATI activity files into projects: validated (schema, codelists, the rules a project
 * holds) before anything is written, then written in one transaction through the services that
 * own each part, keyed by iati-identifier, recording only what differs from what is held.
 */
export class IatiImportService {
  constructor(
    private readonly db: DataSource,
    private readonly services: ImportServices & { organisationMutations: OrganisationMutationService },
  ) {}

  /** Imports one file (ADMIN only). Refused as a whole with INVALID_IATI_FILE, each problem with its line; nothing is written then. */
  async importFile(caller: Caller, xml: Buffer): Promise<IatiImportSummary> {
    authorize(caller, Action.IMPORT_IATI);
    const activities = await readIatiFile(xml);
    const today = new Date().toISOString().slice(0, 10);
    const problems = activities.flatMap((activity) => projectProblems(activity, today));
    if (problems.length) throw new IatiFileRefusedError(problems);
    return this.db.transaction(async (manager) => {
      // The chain first and then rows, as a write group running alone takes them: the other way round, an import
      // and such a group changing the same project could wait for each other.
      await takeChainAlone(manager);
      // The sequence has no gaps: its highest is the count, read from the index.
      const [{ head: before }] = await manager.query('SELECT coalesce(max(sequence), 0)::int AS head FROM audit_events');
      const known = await this.organisations(manager, caller, activities);
      const summary = { activities: activities.length, created: 0, updated: 0, unchanged: 0, auditEvents: 0 };
      for (const activity of activities) summary[await this.importActivity(manager, caller, activity, known)] += 1;
      const [{ head: after }] = await manager.query('SELECT coalesce(max(sequence), 0)::int AS head FROM audit_events');
      return { ...summary, auditEvents: after - before };
    });
  }

  /** The organisations the file names, each recorded (STATED) if it is not yet, by identifier. */
  private async organisations(manager: EntityManager, caller: Caller, activities: IatiActivity[]): Promise<Organisations> {
    const named = activities.flatMap(organisationRefs);
    const refs = [...new Set(named.map((n) => n.ref))];
    const rows: { ref: string; id: string; type: string; name: string }[] = await manager.query(
      'SELECT iati_identifier AS ref, id, organisation_type AS type, name FROM organisations WHERE iati_identifier = ANY($1::text[])',
      [refs],
    );
    const known = new Map<string, KnownOrganisation>(rows.map((row) => [row.ref, row]));
    for (const ref of refs) {
      if (known.has(ref)) continue;
      const first = named.find((n) => n.ref === ref && n.name) ?? named.find((n) => n.ref === ref)!;
      const type = named.find((n) => n.ref === ref && n.type)?.type ?? UNKNOWN_TYPE;
      const input = { iatiIdentifier: ref, name: (first.name ?? ref).slice(0, 300), organisationType: type as OrganisationType };
      const organisation = await this.services.organisationMutations.insert(manager, caller, input, null);
      known.set(ref, { id: organisation.id, type: input.organisationType, name: organisation.name });
    }
    return known;
  }

  private async importActivity(manager: EntityManager, caller: Caller, activity: IatiActivity, known: Organisations) {
    const query = async (sql: string, params: unknown[]) => manager.query(sql, params);
    const held = await iatiActivities(query, { identifiers: [activity.identifier] }, { pageSize: 1, evidenceUrl: () => '' }).next();
    try {
      if (held.done) {
        await this.assertCountries(manager, activity);
        const countries = [...new Map(activity.recipientCountries.map((c) => [c.code, { code: c.code, line: 0 }])).values()];
        const kept = keptActivity(activity, known, {
          recipientCountries: countries.sort((a, b) => a.code.localeCompare(b.code)),
          documentLinks: [],
        });
        await createProject(manager, this.services, caller, kept, known);
        return 'created' as const;
      }
      const kept = keptActivity(activity, known, held.value);
      if (JSON.stringify(stripLines(kept)) === JSON.stringify(stripLines(held.value))) return 'unchanged' as const;
      await updateProject(manager, this.services, caller, kept, held.value, known);
      return 'updated' as const;
    } catch (error) {
      throw refusalAt(activity, error);
    }
  }

  /** Recipient countries become participants: each must be a country this service knows. */
  private async assertCountries(manager: EntityManager, activity: IatiActivity): Promise<void> {
    const codes = activity.recipientCountries.map((c) => c.code);
    if (codes.length === 0) return;
    const rows: { code: string }[] = await manager.query('SELECT code FROM countries WHERE code = ANY($1::text[])', [codes]);
    const problems: IatiProblem[] = activity.recipientCountries
      .filter((c) => !rows.some((row) => row.code === c.code))
      .map((c) => ({ line: c.line, reason: `recipient-country ${c.code} is not a country this service records`, code: c.code }));
    if (problems.length) throw new IatiFileRefusedError(problems);
  }
}

const stripLines = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'line' ? undefined : v)));

/**
 * A rule a service refused (an invalid move of status, a constraint, a value the column refuses) becomes a
 * problem at the activity's line. A statement the database cancelled (a timeout, a deadlock) is no fault of
 * the file: it stays what it is, and the client gets QUERY_TIMEOUT or WRITE_CONTENTION, to send it again.
 */
function refusalAt(activity: IatiActivity, error: unknown): unknown {
  if (error instanceof IatiFileRefusedError) return error;
  if (error instanceof GraphQLError) return new IatiFileRefusedError([{ line: activity.line, reason: error.message }]);
  // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation).
  if (error instanceof QueryFailedError && /^2[23]/.test(String((error.driverError as { code?: string }).code)))
    return new IatiFileRefusedError([
      {
        line: activity.line,
        reason: `the database refused the activity (${(error.driverError as { constraint?: string }).constraint ?? error.message})`,
      },
    ]);
  return error;
}
