import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { formatMoneyList, Money } from '../../shared/money';
import { overdueCondition, todayInSql } from '../../shared/overdue';
import { SqlParams } from '../../shared/pagination';
import { SubjectType } from '../audit/audit-event.entity';
import { BY_COUNTRY, COMMITMENT_OVERDUE, commitmentSource } from '../commitment/commitment.sql';
import { CommitmentStatus } from '../commitment/commitment.status';
import { statedDateSql } from '../provenance/provenance.service';
import { scorecardByCountryId } from './scorecard.loaders';
import { CountryScorecard } from './scorecard.types';

const STATUSES = Object.values(CommitmentStatus);
const DELIVERED = CommitmentStatus.DELIVERED;

/**
 * The score of one commitment (NULL: not scorable), the rule documented on
 * CountryScorecard.complianceScore; `overdue` is a column of the scoped rows.
 */
const SCORE = `CASE
    WHEN status = '${DELIVERED}' THEN 1
    WHEN status IN ('${CommitmentStatus.DELAYED}', '${CommitmentStatus.WITHDRAWN}') OR overdue THEN -1
    WHEN status = '${CommitmentStatus.IN_PROGRESS}' THEN 0
  END`;

interface ScorecardRow {
  countryId: string;
  counts: Record<CommitmentStatus, number>;
  overdueCount: number;
  onTimeDeliveryPercent: number | null;
  complianceScore: number | null;
  scoredCommitments: number;
  pledged: Money[];
  delivered: Money[];
}

export class ScorecardService {
  constructor(private readonly db: DataSource) {}

  /**
   * The scorecard of a country, now or as it stood at asOf; batched over all countries of the request.
   * A deadline (targetOn) that no source states, only an inference, counts only with includeInferredDeadlines.
   */
  scorecard(loaders: LoaderRegistry, countryId: string, asOf?: Date | null, includeInferredDeadlines = false): Promise<CountryScorecard> {
    return loaders
      .get(scorecardByCountryId, [asOf?.toISOString() ?? null, includeInferredDeadlines], (ids) =>
        this.scorecards(ids, asOf, includeInferredDeadlines),
      )
      .load(countryId);
  }

  /** One statement for many countries: each commitment row per party country, summed per currency, then per country. */
  private async scorecards(countryIds: readonly string[], asOf: Date | null | undefined, inferred: boolean): Promise<CountryScorecard[]> {
    const params = new SqlParams();
    const rows: ScorecardRow[] = await this.db.query(scorecardSql(countryIds, asOf, inferred, params), params.values);
    const byCountry = new Map(rows.map((row) => [row.countryId, row]));
    return countryIds.map((id) => toScorecard(byCountry.get(id)));
  }
}

/** Each party country's commitments (as recorded at asOf, if given) with what the rules need: whether it is overdue, and when it was delivered. */
function scopedCommitments(countryIds: readonly string[], asOf: Date | null | undefined, inferred: boolean, params: SqlParams): string {
  const from = commitmentSource(asOf, params, BY_COUNTRY);
  const deadline = inferred ? COMMITMENT_OVERDUE.dueColumn : statedDateSql('COMMITMENT', 'c.id', 'targetOn', COMMITMENT_OVERDUE.dueColumn);
  const overdue = overdueCondition({ ...COMMITMENT_OVERDUE, dueColumn: `(${deadline})` }, todayInSql(asOf, params));
  const recordedBy = asOf ? `AND e.occurred_at <= ${params.add(asOf)}` : '';
  return `SELECT parent.country_id, c.status, c.amount, c.currency, ${deadline} AS target_on, delivery.delivered_on, ${overdue} AS overdue
    FROM ${from}
    LEFT JOIN LATERAL (
      SELECT coalesce(e.effective_on, (e.occurred_at AT TIME ZONE 'UTC')::date) AS delivered_on FROM audit_events e
      WHERE c.status = '${DELIVERED}' AND e.subject_type = '${SubjectType.COMMITMENT}' AND e.subject_id = c.id AND e.to_status = '${DELIVERED}' ${recordedBy}
      ORDER BY e.sequence DESC LIMIT 1
    ) delivery ON true
    WHERE parent.country_id = ANY(${params.add(countryIds)}::uuid[])`;
}

/** Sums per country and currency first, so money is totalled per currency while counts add up across currencies. */
function scorecardSql(countryIds: readonly string[], asOf: Date | null | undefined, inferred: boolean, params: SqlParams): string {
  return `WITH scoped AS (${scopedCommitments(countryIds, asOf, inferred, params)}),
    per_currency AS (
      SELECT country_id, currency,
        ${STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}') AS "${status}"`).join(', ')},
        count(*) FILTER (WHERE overdue) AS overdue,
        count(*) FILTER (WHERE target_on IS NOT NULL AND (status = '${DELIVERED}' OR overdue)) AS due,
        count(*) FILTER (WHERE status = '${DELIVERED}' AND delivered_on <= target_on) AS on_time,
        count(${SCORE}) AS scored, sum(${SCORE}) AS score_sum,
        sum(amount) FILTER (WHERE status <> '${CommitmentStatus.WITHDRAWN}') AS pledged,
        sum(amount) FILTER (WHERE status = '${DELIVERED}') AS delivered
      FROM scoped GROUP BY country_id, currency
    )
    SELECT country_id AS "countryId",
      jsonb_build_object(${STATUSES.map((status) => `'${status}', sum("${status}")::int`).join(', ')}) AS counts,
      sum(overdue)::int AS "overdueCount",
      (100 * sum(on_time) / nullif(sum(due), 0))::float8 AS "onTimeDeliveryPercent",
      (sum(score_sum) / nullif(sum(scored), 0))::float8 AS "complianceScore",
      sum(scored)::int AS "scoredCommitments",
      ${moneyList('pledged')} AS pledged,
      ${moneyList('delivered')} AS delivered
    FROM per_currency GROUP BY country_id`;
}

function moneyList(column: string): string {
  return `coalesce(jsonb_agg(jsonb_build_object('amount', ${column}::text, 'currency', currency) ORDER BY currency) FILTER (WHERE ${column} IS NOT NULL), '[]'::jsonb)`;
}

/** A country without commitments has a scorecard of zeros and no rates. */
function toScorecard(row: ScorecardRow | undefined): CountryScorecard {
  return {
    countsByStatus: STATUSES.map((status) => ({ status, count: row?.counts[status] ?? 0 })),
    overdueCount: row?.overdueCount ?? 0,
    onTimeDeliveryPercent: row?.onTimeDeliveryPercent ?? null,
    pledged: formatMoneyList(row?.pledged ?? []),
    delivered: formatMoneyList(row?.delivered ?? []),
    complianceScore: row?.complianceScore ?? null,
    scoredCommitments: row?.scoredCommitments ?? 0,
  };
}
