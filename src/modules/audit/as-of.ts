import { SqlParams } from '../../shared/pagination';
import { SubjectType } from './audit-event.entity';

/** Marks a row rebuilt from the audit trail: its links and history stop at `asOf`. */
export interface AsOfSnapshot {
  asOf?: Date;
  /** The subject's stored state (database column names plus its links). */
  asOfState?: { parties?: RecordedCountry[]; participants?: RecordedCountry[]; mineral_ids?: string[] };
}

/** A country link as stored in a snapshot. */
export interface RecordedCountry {
  country_id: string;
  code: string;
  role: string;
}

/** Country links from a snapshot with their countries loaded, by role then code, as the live lists are ordered. */
export async function loadRecordedCountries<C extends { code: string }>(recorded: RecordedCountry[], load: (id: string) => Promise<C | undefined>) {
  const links = await Promise.all(recorded.map(async (link) => ({ countryId: link.country_id, role: link.role, country: (await load(link.country_id)) as C })));
  return links.sort((a, b) => a.role.localeCompare(b.role) || a.country.code.localeCompare(b.country.code));
}

/** Minerals from a snapshot's ids, by code. */
export async function loadRecordedMinerals<M extends { code: string }>(ids: string[], load: (id: string) => Promise<M | undefined>): Promise<M[]> {
  const minerals: (M | undefined)[] = await Promise.all(ids.map(load));
  return minerals.filter((mineral): mineral is M => mineral !== undefined).sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * FROM clause yielding each subject's last recorded state at `asOf` as a row of
 * `table` aliased `alias`, with the raw state as `snapshot.state`. Every event
 * carries the full state, so no replay of earlier events is needed.
 */
export function snapshotSource(subjectType: SubjectType, table: string, alias: string, asOf: Date, params: SqlParams): string {
  return `(${recordedStates(subjectType, asOf, params)}) snapshot
    CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, snapshot.state) ${alias}`;
}

/** Rows (subject_id, state): each subject's last recorded state at `asOf`. */
export function recordedStates(subjectType: SubjectType, asOf: Date, params: SqlParams): string {
  return `SELECT DISTINCT ON (e.subject_id) e.subject_id, e.state FROM audit_events e
      WHERE e.subject_type = ${params.add(subjectType)} AND e.occurred_at <= ${params.add(asOf)} AND e.state IS NOT NULL
      ORDER BY e.subject_id, e.sequence DESC`;
}

/**
 * Rows (code): the countries linked under `linkKey` in the state one subject had at
 * `asOf`; none when it did not exist yet.
 */
export function recordedCountryCodes(subjectType: SubjectType, linkKey: 'parties' | 'participants', subjectId: string, asOf: Date, params: SqlParams): string {
  return `SELECT linked->>'code' AS code FROM (
      SELECT e.state FROM audit_events e
      WHERE e.subject_id = ${params.add(subjectId)} AND e.subject_type = ${params.add(subjectType)} AND e.occurred_at <= ${params.add(asOf)} AND e.state IS NOT NULL
      ORDER BY e.sequence DESC LIMIT 1) recorded
    CROSS JOIN LATERAL jsonb_array_elements(recorded.state->'${linkKey}') linked`;
}
