import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { moneyOf } from '../../shared/money';
import type { Budget } from './budget.types';

type BudgetRow = Omit<Budget, 'value'> & { amount: string; currency: string };

/** The budgets of each project, in the order they were given. */
export const budgetsByProjectId = defineLoader<string, Budget[]>('budgetsByProjectId', (db) => async (ids) => {
  const rows: BudgetRow[] = await db.query(
    `SELECT b.project_id AS "projectId", b.budget_type AS "budgetType", b.budget_status AS "budgetStatus",
       to_char(b.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(b.period_end, 'YYYY-MM-DD') AS "periodEnd",
       b.value::text AS amount, b.currency, to_char(b.value_date, 'YYYY-MM-DD') AS "valueDate"
     FROM budgets b WHERE b.project_id = ANY($1::uuid[]) ORDER BY b.project_id, b.position`,
    [ids],
  );
  const budgets = rows.map(({ amount, currency, ...budget }) => ({ ...budget, value: moneyOf(amount, currency)! }));
  return groupByKey(budgets, 'projectId', ids);
});
