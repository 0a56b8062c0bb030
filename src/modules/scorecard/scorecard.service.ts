import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { formatMoneyList, Money } from '../../shared/money';
import { SqlParams } from '../../shared/pagination';
import { asOfSource } from '../audit/as-of';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import { effectiveAssessments } from '../assessment/assessment.sql';
import { assessedScore, type AssessmentDisagreement } from '../assessment/assessment.types';
import { COMMITMENT_SUBJECT } from '../commitment/commitment.subject';
import { countedObligations, EFFECTIVE_DAY, obligationOverdue, todayAt, type ReadTime } from '../obligation/obligation.sql';
import { CommitmentStatus } from '../commitment/commitment.status';
import { statedDateSql } from '../provenance/provenance.service';
import { claimAndReview, DELIVERY_STATE } from '../delivery/delivery.sql';
import { DeliveryState } from '../delivery/delivery.types';
import { scorecardByCountryId } from './scorecard.loaders';
import { CountryScorecard } from './scorecard.types';

const STATUSES = Object.values(CommitmentStatus);
const DELIVERED = CommitmentStatus.DELIVERED;
const DELIVERY_STATES = Object.values(DeliveryState);

/**
 * The score of one commitment (NULL: not scorable), the rule documented on
 * CountryScorecard.complianceScore; `overdue` is a column of the scoped rows.
 */
const SCORE = `CASE
    WHEN status = '${DELIVERED}' THEN 1
    WHEN status IN ('${CommitmentStatus.DELAYED}', '${CommitmentStatus.WITHDRAWN}') OR overdue THEN -1
    WHEN status = '${CommitmentStatus.IN_PROGRESS}' THEN 0
  END`;

/** SQL true when the scoped row `alias` reports one thing and is assessed the opposite. */
const DISAGREES = (alias: string) => `((${alias}.status = '${DELIVERED}' AND ${alias}.assessed = -1)
  OR (${alias}.status IN ('${CommitmentStatus.DELAYED}', '${CommitmentStatus.WITHDRAWN}') AND ${alias}.assessed = 1))`;

interface ScorecardRow {
  countryId: string;
  counts: Record<CommitmentStatus, number>;
  overdueCount: number;
  onTimeDeliveryPercent: number | null;
  complianceScore: number | null;
  scoredCommitments: number;
  pledged: Money[];
  delivered: Money[];
  assessedAverage: number | null;
  assessedCount: number;
  disagreements: AssessmentDisagreement[];
  deliveredCLAIMED: number;
  deliveredCONFIRMED: number;
  deliveredREFUSED: number;
}

/** A scorecard as computed, before the resolver names its country and read time. */
export type ScorecardCounts = Omit<CountryScorecard, 'countryId' | 'readTime'>;

export class ScorecardService {
  constructor(private readonly db: DataSource) {}

  /**
   * The scorecard of a country, now, as recorded at asOf and/or as valid on validOn; batched over all countries of the request.
   * A deadline (targetOn) that no source states, only an inference, counts only with includeInferredDeadlines.
   */
  scorecard(loaders: LoaderRegistry, countryId: string, time: ReadTime, includeInferredDeadlines = false): Promise<ScorecardCounts> {
    const key = { asOf: time.asOf?.toISOString() ?? null, validOn: time.validOn ?? null, inferred: includeInferredDeadlines };
    return loaders.get(scorecardByCountryId, key, (ids) => this.scorecards(ids, time, includeInferredDeadlines)).load(countryId);
  }

  /** One statement for many countries: each country's own obligations, summed per currency, then per country. */
  private async scorecards(countryIds: readonly string[], time: ReadTime, inferred: boolean): Promise<ScorecardCounts[]> {
    const params = new SqlParams();
    const rows: ScorecardRow[] = await this.db.query(scorecardSql(countryIds, time, inferred, params), params.values);
    const byCountry = new Map(rows.map((row) => [row.countryId, row]));
    return countryIds.map((id) => toScorecard(byCountry.get(id)));
  }
}

/**
 * Each country's own obligations (the counted ones, at the read time) with what the rules need: the
 * commitment's due date (as recorded at asOf, if given; an inferred one only when asked), whether the
 * obligation is overdue, and when it was delivered (the effectiveOn of its latest standing change to DELIVERED).
 */
function scopedObligations(countryIds: readonly string[], time: ReadTime, inferred: boolean, params: SqlParams): string {
  const commitments = time.asOf ? asOfSource(COMMITMENT_SUBJECT, time.asOf, params) : 'commitments c';
  const deadline = inferred ? 'c.target_on' : statedDateSql('COMMITMENT', 'c.id', 'targetOn', 'c.target_on');
  const overdue = obligationOverdue(todayAt(time, params), 'ob', `(${deadline})`);
  const recordedBy = time.asOf ? `AND e.occurred_at <= ${params.add(time.asOf)}` : '';
  return `SELECT ob.id, ob.country_id, ob.status, ob.amount, ob.currency, ${deadline} AS target_on, delivery.delivered_on, ${overdue} AS overdue,
      ea.score AS assessed, c.title, ${DELIVERY_STATE} AS delivery_state
    FROM (${countedObligations(time, params)}) ob
    JOIN ${commitments} ON c.id = ob.commitment_id
    LEFT JOIN (${effectiveAssessments(time, params)}) ea ON ea.obligation_id = ob.id
    LEFT JOIN LATERAL (
      SELECT ${EFFECTIVE_DAY('e')} AS delivered_on FROM audit_events e
      WHERE ob.status = '${DELIVERED}' AND e.subject_type = '${SubjectType.OBLIGATION}' AND e.subject_id = ob.id AND e.to_status = '${DELIVERED}'
        AND e.action <> '${AuditAction.STATUS_CORRECTED}' ${recordedBy}
      ORDER BY e.sequence DESC LIMIT 1
    ) delivery ON true
    ${claimAndReview('ob.id', time.asOf, params)}
    WHERE ob.country_id = ANY(${params.add(countryIds)}::uuid[])`;
}

/** Sums per country and currency first, so money is totalled per currency while counts add up across currencies. */
function scorecardSql(countryIds: readonly string[], time: ReadTime, inferred: boolean, params: SqlParams): string {
  return `WITH scoped AS (${scopedObligations(countryIds, time, inferred, params)}),
    per_currency AS (
      SELECT country_id, currency,
        ${STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}') AS "${status}"`).join(', ')},
        count(*) FILTER (WHERE overdue) AS overdue,
        count(*) FILTER (WHERE target_on IS NOT NULL AND (status = '${DELIVERED}' OR overdue)) AS due,
        count(*) FILTER (WHERE status = '${DELIVERED}' AND delivered_on <= target_on) AS on_time,
        count(${SCORE}) AS scored, sum(${SCORE}) AS score_sum,
        sum(amount) FILTER (WHERE status <> '${CommitmentStatus.WITHDRAWN}') AS pledged,
        sum(amount) FILTER (WHERE status = '${DELIVERED}') AS delivered,
        ${DELIVERY_STATES.map((state) => `count(*) FILTER (WHERE status = '${DELIVERED}' AND delivery_state = '${state}') AS "delivered${state}"`).join(', ')},
        count(assessed) AS assessed_count, sum(assessed) AS assessed_sum
      FROM scoped GROUP BY country_id, currency
    )
    SELECT country_id AS "countryId",
      jsonb_build_object(${STATUSES.map((status) => `'${status}', sum("${status}")::int`).join(', ')}) AS counts,
      sum(overdue)::int AS "overdueCount",
      (100 * sum(on_time) / nullif(sum(due), 0))::float8 AS "onTimeDeliveryPercent",
      (sum(score_sum) / nullif(sum(scored), 0))::float8 AS "complianceScore",
      sum(scored)::int AS "scoredCommitments",
      ${moneyList('pledged')} AS pledged,
      ${moneyList('delivered')} AS delivered,
      (sum(assessed_sum) / nullif(sum(assessed_count), 0))::float8 AS "assessedAverage",
      sum(assessed_count)::int AS "assessedCount",
      ${DELIVERY_STATES.map((state) => `sum("delivered${state}")::int AS "delivered${state}"`).join(', ')},
      (SELECT coalesce(jsonb_agg(jsonb_build_object('obligationId', d.id, 'reportedStatus', d.status, 'assessedScore', d.assessed) ORDER BY d.title, d.id), '[]')
        FROM scoped d WHERE d.country_id = per_currency.country_id AND ${DISAGREES('d')}) AS disagreements
    FROM per_currency GROUP BY country_id`;
}

function moneyList(column: string): string {
  return `coalesce(jsonb_agg(jsonb_build_object('amount', ${column}::text, 'currency', currency) ORDER BY currency) FILTER (WHERE ${column} IS NOT NULL), '[]'::jsonb)`;
}

/** A country without commitments has a scorecard of zeros and no rates. */
function toScorecard(row: ScorecardRow | undefined): ScorecardCounts {
  return {
    countsByStatus: STATUSES.map((status) => ({ status, count: row?.counts[status] ?? 0 })),
    overdueCount: row?.overdueCount ?? 0,
    onTimeDeliveryPercent: row?.onTimeDeliveryPercent ?? null,
    pledged: formatMoneyList(row?.pledged ?? []),
    delivered: formatMoneyList(row?.delivered ?? []),
    complianceScore: row?.complianceScore ?? null,
    scoredCommitments: row?.scoredCommitments ?? 0,
    assessed: assessedScore(row?.assessedAverage, row?.assessedCount),
    disagreements: row?.disagreements ?? [],
    deliveredClaimed: row?.deliveredCLAIMED ?? 0,
    deliveredConfirmed: row?.deliveredCONFIRMED ?? 0,
    deliveredRefused: row?.deliveredREFUSED ?? 0,
  };
}
