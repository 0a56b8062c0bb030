import type { DataSource, EntityManager } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Action } from '../auth/policy';
import { assertDateInRange, assertPeriod } from '../funding/funding-dates';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { lockReportedProject, recordProjectUpdate } from '../organisation/reported-project';
import { budgetsByProjectId } from './budget.loaders';
import type { BudgetInput, SetProjectBudgetsInput, SetProjectBudgetsPayload } from './budget.inputs';
import type { Budget } from './budget.types';

/** Budgets as the project's snapshot and history compare them. */
const budgetKey = (b: {
  budgetType: string;
  budgetStatus: string;
  periodStart: string;
  periodEnd: string;
  amount: string;
  currency: string;
  valueDate: string;
}) => `${b.budgetType}/${b.budgetStatus} ${b.periodStart}..${b.periodEnd} ${b.amount} ${b.currency} @${b.valueDate}`;

/** Reads and replaces the budgets of projects. */
export class BudgetService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** The budgets of a project, in order. */
  ofProject(loaders: LoaderRegistry, projectId: string): Promise<Budget[]> {
    return loaders.use(budgetsByProjectId, this.db).load(projectId);
  }

  /** Replaces a project's budgets (the reporting participant's PARTNER, or ADMIN); one UPDATED event of the project when they change. */
  setForProject(caller: Caller, input: SetProjectBudgetsInput): Promise<SetProjectBudgetsPayload> {
    return this.idempotency.run(
      caller,
      Action.REPORT_PROJECT_FUNDING,
      'setProjectBudgets',
      input.idempotencyKey,
      input,
      async (manager) => {
        const current = await lockReportedProject(manager, caller, input.projectId);
        const budgets = input.budgets.map((budget, index) => normalised(budget, `input.budgets[${index}]`));
        const before = await this.replace(manager, current.row.id, budgets);
        const after = budgets.map(budgetKey);
        if (before.join('\n') === after.join('\n')) return { project: current.row };
        const changes = { budgets: { old: before, new: after } };
        const project = await recordProjectUpdate(manager, this.audit, caller, current, {
          expectedVersion: input.expectedVersion,
          changes,
        });
        return { project };
      },
    );
  }

  /** Writes the budgets in place of the project's, returning the ones they replace (as budgetKey writes them). */
  async replace(manager: EntityManager, projectId: string, budgets: ReturnType<typeof normalised>[]): Promise<string[]> {
    const [{ before }] = await manager.query(
      `WITH gone AS (DELETE FROM budgets WHERE project_id = $1 RETURNING *)
       SELECT coalesce(jsonb_agg(jsonb_build_object('budgetType', budget_type, 'budgetStatus', budget_status, 'periodStart', period_start,
         'periodEnd', period_end, 'amount', value::text, 'currency', currency, 'valueDate', value_date) ORDER BY position), '[]') AS before FROM gone`,
      [projectId],
    );
    if (budgets.length)
      await manager.query(
        `INSERT INTO budgets (project_id, position, budget_type, budget_status, period_start, period_end, value, currency, value_date)
         SELECT $1, n - 1, t, s, ps, pe, v, c, vd FROM unnest($2::varchar[], $3::varchar[], $4::date[], $5::date[], $6::numeric[], $7::char(3)[], $8::date[])
           WITH ORDINALITY AS b(t, s, ps, pe, v, c, vd, n)`,
        [
          projectId,
          budgets.map((b) => b.budgetType),
          budgets.map((b) => b.budgetStatus),
          budgets.map((b) => b.periodStart),
          budgets.map((b) => b.periodEnd),
          budgets.map((b) => b.amount),
          budgets.map((b) => b.currency),
          budgets.map((b) => b.valueDate),
        ],
      );
    return (before as Parameters<typeof budgetKey>[0][]).map((b) => budgetKey({ ...b, amount: b.amount }));
  }
}

/** A budget input checked and written as the table holds it (value as numeric(20,2) text). */
function normalised(budget: BudgetInput, argument: string) {
  assertPeriod(budget.periodStart, budget.periodEnd, argument, 1);
  const valueDate = budget.valueDate ?? budget.periodStart;
  assertDateInRange(valueDate, `${argument}.valueDate`);
  const [whole, fraction = ''] = budget.value.amount.split('.');
  return {
    budgetType: budget.budgetType,
    budgetStatus: budget.budgetStatus,
    periodStart: budget.periodStart,
    periodEnd: budget.periodEnd,
    amount: `${BigInt(whole)}.${fraction.padEnd(2, '0')}`,
    currency: budget.value.currency,
    valueDate,
  };
}
