import { SqlParams } from '../../shared/pagination';
import type { SubjectDescriptor } from './subject-registry';

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
export async function loadRecordedCountries<C extends { code: string }>(
  recorded: RecordedCountry[],
  load: (id: string) => Promise<C | undefined>,
) {
  const links = await Promise.all(
    recorded.map(async (link) => ({ countryId: link.country_id, role: link.role, country: (await load(link.country_id)) as C })),
  );
  return links.sort((a, b) => a.role.localeCompare(b.role) || a.country.code.localeCompare(b.country.code));
}

/** Minerals from a snapshot's ids, by code. */
export async function loadRecordedMinerals<M extends { code: string }>(
  ids: string[],
  load: (id: string) => Promise<M | undefined>,
): Promise<M[]> {
  const minerals: (M | undefined)[] = await Promise.all(ids.map(load));
  return minerals.filter((mineral): mineral is M => mineral !== undefined).sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The as-of source of a tracked record: a FROM clause yielding each one's last recorded state
 * at `asOf` as a row of its table under its alias, with the raw state as `snapshot.state`.
 * Every event carries the full state, so no replay of earlier events is needed.
 */
export function asOfSource(subject: Pick<SubjectDescriptor, 'subjectType' | 'table' | 'alias'>, asOf: Date, params: SqlParams): string {
  return `(${recordedStates(subject, asOf, params)}) snapshot
    CROSS JOIN LATERAL jsonb_populate_record(NULL::${subject.table}, snapshot.state) ${subject.alias}`;
}

/** Rows (subject_id, state): each record's last recorded state at `asOf`. */
export function recordedStates(subject: Pick<SubjectDescriptor, 'subjectType'>, asOf: Date, params: SqlParams): string {
  return `SELECT DISTINCT ON (e.subject_id) e.subject_id, e.state FROM audit_events e
      WHERE e.subject_type = ${params.add(subject.subjectType)} AND e.occurred_at <= ${params.add(asOf)} AND e.state IS NOT NULL
      ORDER BY e.subject_id, e.sequence DESC`;
}

/**
 * Rows (code): the countries linked (under the descriptor's countryLinks) in the state one
 * record had at `asOf`; none when it did not exist yet.
 */
export function recordedCountryCodes(
  subject: Pick<SubjectDescriptor, 'subjectType' | 'countryLinks'>,
  subjectId: string,
  asOf: Date,
  params: SqlParams,
): string {
  if (!subject.countryLinks) throw new Error(`${subject.subjectType} records link no countries`);
  return `SELECT linked->>'code' AS code FROM (
      SELECT e.state FROM audit_events e
      WHERE e.subject_id = ${params.add(subjectId)} AND e.subject_type = ${params.add(subject.subjectType)} AND e.occurred_at <= ${params.add(asOf)} AND e.state IS NOT NULL
      ORDER BY e.sequence DESC LIMIT 1) recorded
    CROSS JOIN LATERAL jsonb_array_elements(recorded.state->'${subject.countryLinks}') linked`;
}
