/**
 * How the funding roll-ups are written in SQL: which transactions count at a read time, which
 * projects a commitment leads to, and the totals per parent and currency.
 */
import { SqlParams } from '../../shared/pagination';
import { recordedStates } from '../audit/as-of';
import { SubjectType } from '../audit/audit-event.entity';
import { CommitmentStatus } from '../commitment/commitment.status';
import { countedObligations, type ReadTime } from '../obligation/obligation.sql';
import { FUNDING_MEASURES } from '../transaction/transaction.codes';

/**
 * THE transactions that count at a read time: recorded by asOf (transaction time: recorded_at), dated on
 * or before validOn (valid time: transaction_date), and not replaced by a correction recorded by asOf.
 * A correction stands in for the one it corrects whatever its own date: it says the record was wrong.
 */
export function countedTransactions(time: ReadTime | null | undefined, params: SqlParams): string {
  const asOf = time?.asOf ? params.add(time.asOf) : null;
  const where = [
    `NOT EXISTS (SELECT 1 FROM transactions fix WHERE fix.corrects_id = t.id ${asOf ? `AND fix.recorded_at <= ${asOf}` : ''})`,
  ];
  if (asOf) where.push(`t.recorded_at <= ${asOf}`);
  if (time?.validOn) where.push(`t.transaction_date <= ${params.add(time.validOn)}::date`);
  return `SELECT t.* FROM transactions t WHERE ${where.join(' AND ')}`;
}

/** Rows (project_id, commitment_id): which projects deliver on which commitments, as recorded at asOf (the projects' snapshots) or now. */
export function projectCommitmentLinks(time: ReadTime | null | undefined, params: SqlParams): string {
  if (!time?.asOf) return 'SELECT project_id, commitment_id FROM project_commitments';
  return `SELECT s.subject_id AS project_id, link.id::uuid AS commitment_id
    FROM (${recordedStates({ subjectType: SubjectType.PROJECT }, time.asOf, params)}) s
    CROSS JOIN LATERAL jsonb_array_elements_text(s.state->'commitment_ids') link(id)`;
}

const inCodes = (codes: readonly string[]) => `(${codes.map((code) => `'${code}'`).join(', ')})`;
const MEASURED = inCodes(Object.values(FUNDING_MEASURES).flat());

/** Per-currency sums of the measures over counted transactions `t`, as numeric columns named after them. */
const MEASURE_SUMS = Object.entries(FUNDING_MEASURES)
  .map(([measure, codes]) => `coalesce(sum(t.value) FILTER (WHERE t.transaction_type IN ${inCodes(codes)}), 0) AS ${measure}`)
  .join(', ');

/**
 * Totals per (parent, currency) as rows { parent, currency, pledged, committed, disbursed, spent } (amounts as text),
 * from `projects`: rows (parent, project_id), each project once per parent; and `pledges`: rows (parent, currency, amount)
 * or null when the parent pledges nothing (a project).
 */
export function fundingTotalsSql(time: ReadTime, params: SqlParams, projects: string, pledges: string | null): string {
  const measured = `SELECT p.parent, t.currency, ${MEASURE_SUMS}
    FROM (${projects}) p JOIN (${countedTransactions(time, params)}) t ON t.project_id = p.project_id
    WHERE t.transaction_type IN ${MEASURED} GROUP BY p.parent, t.currency`;
  const pledged = pledges ?? 'SELECT NULL::uuid AS parent, NULL::char(3) AS currency, NULL::numeric AS amount WHERE false';
  return `SELECT coalesce(m.parent, pl.parent) AS parent, coalesce(m.currency, pl.currency) AS currency,
      coalesce(pl.amount, 0)::text AS pledged, ${Object.keys(FUNDING_MEASURES)
        .map((measure) => `coalesce(m.${measure}, 0)::text AS ${measure}`)
        .join(', ')}
    FROM (${measured}) m FULL JOIN (SELECT parent, currency, sum(amount) AS amount FROM (${pledged}) pledge GROUP BY parent, currency) pl
      ON pl.parent = m.parent AND pl.currency = m.currency
    ORDER BY 1, 2`;
}

/** Rows (parent, currency, amount): what each commitment (by = 'commitment_id') or country (by = 'country_id') pledged, from its counted, unwithdrawn obligations. */
export function pledgesSql(time: ReadTime, params: SqlParams, by: 'commitment_id' | 'country_id', ids: readonly string[]): string {
  return `SELECT ob.${by} AS parent, ob.currency, ob.amount FROM (${countedObligations(time, params)}) ob
    WHERE ob.${by} = ANY(${params.add(ids)}::uuid[]) AND ob.amount IS NOT NULL AND ob.status <> '${CommitmentStatus.WITHDRAWN}'`;
}
