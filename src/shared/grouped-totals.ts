import type { DataSource } from 'typeorm';
import { formatMoneyList, Money } from './money';
import type { SqlParams } from './pagination';

/** One thing a count can be grouped by. */
export interface GroupDimension {
  /** Name of the key in the result rows. */
  alias: string;
  expression: string;
  /** A LEFT JOIN the expression needs; a row then counts once per joined row (e.g. per party country). */
  join?: string;
}

/** Rows to count and total: a FROM clause (with its alias), conditions, and the amount and currency columns. */
export interface GroupedTotalsQuery {
  from: string;
  where: string[];
  params: SqlParams;
  dimensions: GroupDimension[];
  amount: string;
  currency: string;
}

/** One group: the dimension values by alias, how many rows, and the amount totals per currency. */
export type GroupTotals = Record<string, unknown> & { count: number; totals: Money[] };

/**
 * Counts and per-currency totals for every combination of the dimensions, in one
 * statement: rows are first summed per group and currency, then each group's
 * currencies are gathered, so amounts in different currencies are never added.
 * Totals are exact decimal strings (sum(numeric)::text) written with their
 * currency's minor units. Largest groups first.
 */
export async function groupedTotals(db: Pick<DataSource, 'query'>, query: GroupedTotalsQuery): Promise<GroupTotals[]> {
  const { dimensions } = query;
  const keys = dimensions.map((d) => `"${d.alias}"`);
  const inner = [
    ...dimensions.map((d) => `${d.expression} AS "${d.alias}"`),
    `${query.currency} AS currency`,
    'count(*) AS n',
    `sum(${query.amount}) AS total`,
  ];
  const joins = dimensions.map((d) => d.join ?? '').join(' ');
  const where = query.where.length ? `WHERE ${query.where.join(' AND ')}` : '';
  const innerGroups = [...dimensions.map((_, index) => String(index + 1)), String(dimensions.length + 1)].join(', ');
  const outer = [
    ...keys,
    'coalesce(sum(n), 0)::int AS count',
    `coalesce(jsonb_agg(jsonb_build_object('amount', total::text, 'currency', currency) ORDER BY currency) FILTER (WHERE currency IS NOT NULL), '[]'::jsonb) AS totals`,
  ];
  const sql = `SELECT ${outer.join(', ')}
    FROM (SELECT ${inner.join(', ')} FROM ${query.from} ${joins} ${where} GROUP BY ${innerGroups}) per_currency
    ${keys.length ? `GROUP BY ${keys.join(', ')}` : ''}
    ORDER BY count DESC${keys.map((key) => `, ${key} NULLS LAST`).join('')}`;
  const rows: GroupTotals[] = await db.query(sql, query.params.values);
  return rows.map((row) => ({ ...row, totals: formatMoneyList(row.totals) }));
}
