import type { DataSource } from 'typeorm';
import { rowKeyOf } from '../../shared/global-id';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { SqlParams } from '../../shared/pagination';
import type { Caller } from '../auth/caller';
import { Action, authorizeRecord, type Scope } from '../auth/policy';
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
  /** Further attributes of the link, as its descriptor's state SQL records them (e.g. consent); absent in older snapshots. */
  [attribute: string]: unknown;
}

/** Country links from a snapshot with their countries loaded, by role then code, as the live lists are ordered. */
export async function loadRecordedCountries<C extends { code: string }>(
  recorded: RecordedCountry[],
  load: (id: string) => Promise<C | undefined>,
) {
  const links = await Promise.all(
    recorded.map(async ({ country_id: countryId, code: _code, ...attributes }) => ({
      ...attributes,
      countryId,
      role: attributes.role,
      country: (await load(countryId)) as C,
    })),
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

/** Rows (subject_id, state): each record's last recorded state at `asOf` (null: its latest, which is its state now). */
export function recordedStates(subject: Pick<SubjectDescriptor, 'subjectType'>, asOf: Date | null, params: SqlParams): string {
  const recordedBy = asOf ? `AND e.occurred_at <= ${params.add(asOf)}` : '';
  return `SELECT DISTINCT ON (e.subject_id) e.subject_id, e.state FROM audit_events e
      WHERE e.subject_type = ${params.add(subject.subjectType)} ${recordedBy} AND e.state IS NOT NULL
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

type TrackedSubject = Pick<SubjectDescriptor, 'subjectType' | 'typeName' | 'table' | 'alias' | 'entity' | 'countryLinks'>;

/** The columns of a row rebuilt as of a past instant: the row, its raw state and the instant (a literal: count queries share the parameters, not the columns). */
export function asOfColumns(db: DataSource, subject: Pick<SubjectDescriptor, 'entity' | 'alias'>, asOf: Date): string {
  return `${entityColumns(db, subject.entity, subject.alias)}, snapshot.state AS "asOfState", '${asOf.toISOString()}'::timestamptz AS "asOf"`;
}

/** One tracked record by global ID; null when it matches none. */
export async function findByGlobalId<T extends { id: string }>(
  db: DataSource,
  subject: TrackedSubject,
  globalId: string,
): Promise<T | null> {
  const id = rowKeyOf(subject.typeName, globalId);
  if (!id) return null;
  const [row] = await rowsByIds<T>(db, subject.entity, [id]);
  return row ?? null;
}

/**
 * One tracked record as it stood at asOf. FORBIDDEN, before anything of its past is shown, unless
 * the caller may read it then; null when it matches none (or did not exist yet).
 */
export async function findTrackedAsOf<T>(
  db: DataSource,
  caller: Caller,
  subject: TrackedSubject,
  countryLink: { table: string; column: string },
  target: { globalId: string; asOf: Date },
): Promise<T | null> {
  const { globalId, asOf } = target;
  const id = rowKeyOf(subject.typeName, globalId);
  await authorizeRecord(caller, Action.READ_PAST_STATES, async () =>
    id ? countriesThenAndNow(db, subject, countryLink, id, asOf) : { countryCodes: [] },
  );
  if (!id) return null;
  const params = new SqlParams();
  const from = asOfSource(subject, asOf, params);
  const [row] = await db.query(
    `SELECT ${asOfColumns(db, subject, asOf)} FROM ${from} WHERE ${subject.alias}.id = ${params.add(id)}`,
    params.values,
  );
  return row ?? null;
}

/** Its countries now and as recorded at asOf: a PARTNER may read the past of a record either binds it to. */
async function countriesThenAndNow(
  db: DataSource,
  subject: TrackedSubject,
  link: { table: string; column: string },
  id: string,
  asOf: Date,
): Promise<Scope> {
  const params = new SqlParams();
  const now = `SELECT k.code FROM ${link.table} l JOIN countries k ON k.id = l.country_id WHERE l.${link.column} = ${params.add(id)}`;
  const rows: { code: string }[] = await db.query(`${now} UNION ${recordedCountryCodes(subject, id, asOf, params)}`, params.values);
  return { countryCodes: rows.map((row) => row.code) };
}

/** A record's country links: as recorded then for a row rebuilt as of a past instant, else as they are now. */
export async function countryLinksAsOf<L, C extends { code: string }>(
  subject: Pick<SubjectDescriptor, 'countryLinks'>,
  row: { id: string } & AsOfSnapshot,
  link: { ownerKey: string; loadCountry: (id: string) => Promise<C | undefined>; loadNow: () => Promise<L[]> },
): Promise<L[]> {
  const recorded = row.asOfState?.[subject.countryLinks as 'parties' | 'participants'];
  if (!recorded) return link.loadNow();
  const links = await loadRecordedCountries(recorded, link.loadCountry);
  return links.map((entry) => ({ ...entry, [link.ownerKey]: row.id }) as L);
}

/** A record's minerals: as recorded then for a row rebuilt as of a past instant, else as they are now. */
export async function mineralsAsOf<M extends { code: string }>(
  row: AsOfSnapshot,
  loadMineral: (id: string) => Promise<M | undefined>,
  loadNow: () => Promise<M[]>,
): Promise<M[]> {
  const recorded = row.asOfState?.mineral_ids;
  return recorded ? loadRecordedMinerals(recorded, loadMineral) : loadNow();
}
