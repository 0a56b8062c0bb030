import type { SqlParams } from './pagination';

/**
 * "Today" in SQL for due dates: the UTC calendar date now, or at `asOf` when a
 * list or scorecard is answered as things stood then.
 */
export function todayInSql(asOf: Date | null | undefined, params: SqlParams): string {
  return asOf ? `(${params.add(asOf)}::timestamptz AT TIME ZONE 'UTC')::date` : `(now() AT TIME ZONE 'UTC')::date`;
}

/** The rule for anything with a due date: the date has passed (before today) and it is not settled. */
export interface OverdueRule {
  dueColumn: string;
  statusColumn: string;
  /** Statuses after which the item can no longer be late (delivered, withdrawn, closed...). */
  settledStatuses: readonly string[];
}

/** SQL true when the row is overdue; false (never NULL) otherwise, so NOT (...) reads as "not overdue". */
export function overdueCondition(rule: OverdueRule, today: string): string {
  const settled = rule.settledStatuses.map((status) => `'${status}'`).join(', ');
  return `coalesce(${rule.dueColumn} < ${today} AND ${rule.statusColumn} NOT IN (${settled}), false)`;
}

/** Adds the overdue condition (or its negation) when the filter asks for one; today is read only then. */
export function addOverdueFilter(where: string[], overdue: boolean | null | undefined, rule: OverdueRule, today: () => string): void {
  if (overdue == null) return;
  const condition = overdueCondition(rule, today());
  where.push(overdue ? condition : `NOT ${condition}`);
}
