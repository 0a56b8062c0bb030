/**
 * How assessments are written in SQL: which ones count at a read time. Every read that scores
 * (scorecards, commitment summaries, the compliance report) goes through here.
 */
import { SqlParams } from '../../shared/pagination';
import type { ReadTime } from '../obligation/obligation.sql';
import { AssessmentKind } from './assessment.entity';

/**
 * Rows (id, obligation_id, kind, score): per obligation and kind, the latest assessment that stands
 * at the read time. asOf: recorded by then and not corrected by then; validOn: its period begun by that day.
 * With `kind`, that kind alone.
 */
export function countedAssessments(time: ReadTime | null | undefined, params: SqlParams, kind?: AssessmentKind | null): string {
  const where: string[] = [];
  if (time?.asOf) {
    const asOf = params.add(time.asOf);
    where.push(`a.created_at <= ${asOf}`, `(a.corrected_at IS NULL OR a.corrected_at > ${asOf})`);
  } else where.push('a.corrected_at IS NULL');
  if (time?.validOn) where.push(`a.period_from <= ${params.add(time.validOn)}::date`);
  if (kind) where.push(`a.kind = ${params.add(kind)}`);
  return `SELECT DISTINCT ON (a.obligation_id, a.kind) a.id, a.obligation_id, a.kind, a.score FROM assessments a
    WHERE ${where.join(' AND ')} ORDER BY a.obligation_id, a.kind, a.created_at DESC, a.id DESC`;
}

/** Rows (obligation_id, kind, score): per obligation, the counted FINAL assessment, else the counted INTERIM one. */
export function effectiveAssessments(time: ReadTime | null | undefined, params: SqlParams): string {
  return `SELECT DISTINCT ON (ca.obligation_id) ca.obligation_id, ca.kind, ca.score FROM (${countedAssessments(time, params)}) ca
    ORDER BY ca.obligation_id, (ca.kind = '${AssessmentKind.FINAL}') DESC`;
}

/** The G7 Research Group's percentage of an average score (SQL): (average + 1) / 2 × 100. */
export const percentOf = (average: string) => `((${average}) + 1) / 2 * 100`;

/** The scoring rule in words, for the schema. */
export const ASSESSED_RULE =
  'Per obligation, the latest FINAL assessment that stands counts, else the latest INTERIM one (a corrected assessment never counts); ' +
  'averageScore is the mean of those scores (−1 to +1) and percent is (averageScore + 1) / 2 × 100, as the G7 Research Group reports.';
