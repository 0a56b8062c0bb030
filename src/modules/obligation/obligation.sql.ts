/**
 * How obligations are written in SQL: which ones count, as they stand now, as recorded at an
 * instant (asOf) or as valid on a day (validOn), and the roll-up of a commitment's status.
 */
import { SqlParams } from '../../shared/pagination';
import { acceptedLink } from '../linked-record/consent';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import { overdueCondition, todayInSql } from '../../shared/overdue';
import { CommitmentStatus, SETTLED_COMMITMENT_STATUSES } from '../commitment/commitment.status';

/** When a read is answered: asOf (record time: what had been recorded by then) and validOn (valid time: what was true that day). */
export interface ReadTime {
  asOf?: Date | null;
  /** A LocalDate, YYYY-MM-DD. */
  validOn?: string | null;
}

/** A read answered from the past (either axis), so from the audit trail rather than the tables. */
export const isRebuilt = (time: ReadTime | null | undefined): boolean => Boolean(time?.asOf || time?.validOn);

/** The day of a status change in valid time: its effectiveOn, else the UTC day it was recorded. */
export const EFFECTIVE_DAY = (alias: string) => `coalesce(${alias}.effective_on, (${alias}.occurred_at AT TIME ZONE 'UTC')::date)`;

/** SQL true when the status change `alias` had been corrected by asOf (or at all, without asOf). */
export function correctedCondition(alias: string, asOf: Date | null | undefined, params: SqlParams): string {
  const recordedBy = asOf ? `AND x.occurred_at <= ${params.add(asOf)}` : '';
  return `EXISTS (SELECT 1 FROM audit_events x WHERE x.action = '${AuditAction.STATUS_CORRECTED}' AND x.changes->>'corrects' = ${alias}.id::text ${recordedBy})`;
}

/**
 * Rows of the obligations table's shape (all its columns), alias-free:
 * - now: the table;
 * - asOf alone: each obligation's last recorded state at that instant (corrections included as recorded);
 * - validOn: each obligation's status from its latest change effective on or before that day and not
 *   corrected (as known at asOf, if given, else now); obligations not yet in effect that day are absent.
 */
export function obligationsAt(time: ReadTime | null | undefined, params: SqlParams): string {
  const asOf = time?.asOf ?? null;
  if (!time?.validOn) {
    if (!asOf) return 'SELECT * FROM obligations';
    // Each one's last event by then; one whose party was removed by then ended with an event without state.
    return `SELECT r.* FROM (
        SELECT DISTINCT ON (e.subject_id) e.subject_id, e.state FROM audit_events e
        WHERE e.subject_type = '${SubjectType.OBLIGATION}' AND e.occurred_at <= ${params.add(asOf)}
        ORDER BY e.subject_id, e.sequence DESC) s
      CROSS JOIN LATERAL jsonb_populate_record(NULL::obligations, s.state) r WHERE s.state IS NOT NULL`;
  }
  const recordedBy = asOf
    ? `AND e.occurred_at <= ${params.add(asOf)} AND NOT EXISTS (SELECT 1 FROM audit_events gone WHERE gone.subject_id = e.subject_id
        AND gone.subject_type = '${SubjectType.OBLIGATION}' AND gone.state IS NULL AND gone.occurred_at <= ${params.add(asOf)})`
    : 'AND EXISTS (SELECT 1 FROM obligations now WHERE now.id = e.subject_id)';
  return `SELECT r.* FROM (
      SELECT DISTINCT ON (e.subject_id) e.subject_id, e.state || jsonb_build_object('status', e.to_status) AS state FROM audit_events e
      WHERE e.subject_type = '${SubjectType.OBLIGATION}' AND e.to_status IS NOT NULL AND e.state IS NOT NULL
        AND e.action <> '${AuditAction.STATUS_CORRECTED}' AND ${EFFECTIVE_DAY('e')} <= ${params.add(time.validOn)}::date ${recordedBy}
        AND NOT ${correctedCondition('e', asOf, params)}
      ORDER BY e.subject_id, e.sequence DESC) s
    CROSS JOIN LATERAL jsonb_populate_record(NULL::obligations, s.state) r`;
}

/**
 * THE obligations that count, at the given time: for commitment roll-ups, scorecards, stats and
 * country totals alike. Every read that decides what counts goes through here: only the obligations
 * of parties that have accepted to be named count (an invited party's waits, uncounted, for its answer).
 */
export function countedObligations(time: ReadTime | null | undefined, params: SqlParams): string {
  return `SELECT counted.* FROM (${obligationsAt(time, params)}) counted WHERE ${acceptedLink('counted')}`;
}

const S = CommitmentStatus;

/**
 * The roll-up of a commitment's status from its counted obligations (rows `alias` with a status),
 * as an aggregate expression; NULL when it has none. Stated in the schema (Commitment.status).
 */
export function rollupStatus(alias: string): string {
  const status = `${alias}.status`;
  return `CASE
    WHEN count(*) = 0 THEN NULL
    WHEN bool_and(${status} = '${S.WITHDRAWN}') THEN '${S.WITHDRAWN}'
    WHEN bool_and(${status} IN ('${S.DELIVERED}', '${S.WITHDRAWN}')) THEN '${S.DELIVERED}'
    WHEN bool_or(${status} = '${S.DELAYED}') THEN '${S.DELAYED}'
    WHEN bool_or(${status} = '${S.PROPOSED}') THEN '${S.PROPOSED}'
    WHEN bool_or(${status} = '${S.ANNOUNCED}') THEN '${S.ANNOUNCED}'
    ELSE '${S.IN_PROGRESS}' END`;
}

/** The roll-up rule in words, for the schema. */
export const ROLLUP_RULE =
  "Rolled up from the obligations of its parties: WITHDRAWN when every party withdrew; DELIVERED when every party delivered or withdrew and at least one delivered; otherwise, among the parties' open obligations, DELAYED if any is DELAYED, else PROPOSED if any is PROPOSED, else ANNOUNCED if any is ANNOUNCED, else IN_PROGRESS (the least advanced counts). " +
  'A single-party commitment has the status of its one obligation.';

/** Rows (commitment_id, status): the rolled-up status of every commitment with counted obligations at the given time. */
export function rollups(time: ReadTime | null | undefined, params: SqlParams): string {
  return `SELECT ob.commitment_id, ${rollupStatus('ob')} AS status FROM (${countedObligations(time, params)}) ob GROUP BY ob.commitment_id`;
}

/** The commitment's own date, before which none of its changes can take effect: announcedOn, else its meeting's first day; NULL when neither is known. */
export const COMMITMENT_DATE = `coalesce(c.announced_on, (SELECT m.starts_on FROM meetings m WHERE m.id = c.meeting_id))`;

/** The validOn argument, described once for every read that takes it. */
export const VALID_ON_DESCRIPTION =
  'Answer for this day in the world (valid time), from the effectiveOn of each recorded change: what was true that day, as known now, or as known at asOf when both are given (bitemporal). ' +
  'Corrections count from when they were recorded; a record not yet in effect that day is left out.';

/** "Today" for due dates at a read time: the day asked about (validOn), else the date of asOf, else now. */
export function todayAt(time: ReadTime | null | undefined, params: SqlParams): string {
  return time?.validOn ? `${params.add(time.validOn)}::date` : todayInSql(time?.asOf, params);
}

/** SQL true when obligation `o` of commitment `c` is overdue at the given "today". */
export const obligationOverdue = (today: string, obligation = 'o', due = 'c.target_on') =>
  overdueCondition({ dueColumn: due, statusColumn: `${obligation}.status`, settledStatuses: SETTLED_COMMITMENT_STATUSES }, today);
