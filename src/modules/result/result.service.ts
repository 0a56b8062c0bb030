import type { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import type { LoaderRegistry } from '../../shared/loader-registry';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Action } from '../auth/policy';
import { assertDateInRange, assertPeriod } from '../funding/funding-dates';
import { RESULTS } from '../funding/project-funding.state';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { lockReportedProject, recordProjectUpdate } from '../organisation/reported-project';
import { IndicatorMeasure } from './result.codes';
import type { IndicatorValueInput, ResultInput, SetProjectResultsInput, SetProjectResultsPayload } from './result.inputs';
import { resultsByProjectId } from './result.loaders';
import type { Result } from './result.types';

/** Refuses what the types cannot: periods out of order, dates out of bounds, numbers on a qualitative indicator. */
function assertResults(results: readonly ResultInput[]): void {
  results.forEach((result, r) =>
    result.indicators.forEach((indicator, i) => {
      const at = `input.results[${r}].indicators[${i}]`;
      assertDateInRange(indicator.baseline?.date, `${at}.baseline.date`);
      const values: [IndicatorValueInput | null | undefined, string][] = [[indicator.baseline, `${at}.baseline`]];
      indicator.periods.forEach((period, p) => {
        assertPeriod(period.periodStart, period.periodEnd, `${at}.periods[${p}]`);
        values.push([period.target, `${at}.periods[${p}].target`], [period.actual, `${at}.periods[${p}].actual`]);
      });
      if (indicator.measure !== IndicatorMeasure.QUALITATIVE) return;
      const numbered = values.find(([value]) => value?.value != null);
      if (numbered)
        throw new BadUserInputError(`${numbered[1]}.value: a QUALITATIVE indicator takes comments, not numbers`, {
          argument: `${numbered[1]}.value`,
        });
    }),
  );
}

/** Reads and replaces the results of projects. */
export class ResultService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** A project's results with their indicators and periods, in order. */
  ofProject(loaders: LoaderRegistry, projectId: string): Promise<Result[]> {
    return loaders.use(resultsByProjectId, this.db).load(projectId);
  }

  /** Replaces a project's results (the reporting participant's PARTNER, or ADMIN); one UPDATED event of the project when they change. */
  setForProject(caller: Caller, input: SetProjectResultsInput): Promise<SetProjectResultsPayload> {
    return this.idempotency.run(
      caller,
      Action.REPORT_PROJECT_FUNDING,
      'setProjectResults',
      input.idempotencyKey,
      input,
      async (manager) => {
        const current = await lockReportedProject(manager, caller, input.projectId);
        assertResults(input.results);
        const before = await resultsJson(manager, current.row.id);
        await this.replace(manager, current.row.id, input.results);
        const after = await resultsJson(manager, current.row.id);
        if (JSON.stringify(before) === JSON.stringify(after)) return { project: current.row };
        const changes = { results: { old: before, new: after } };
        const project = await recordProjectUpdate(manager, this.audit, caller, current, {
          expectedVersion: input.expectedVersion,
          changes,
        });
        return { project };
      },
    );
  }

  /** Writes the results, indicators and periods in place of the project's: three statements whatever their number. */
  async replace(manager: EntityManager, projectId: string, results: readonly ResultInput[]): Promise<void> {
    await manager.query('DELETE FROM results WHERE project_id = $1', [projectId]);
    if (results.length === 0) return;
    const resultRows: { id: string; position: number }[] = await manager.query(
      `INSERT INTO results (project_id, position, result_type, title, description)
       SELECT $1, x.position, x.result_type, x.title, x.description
       FROM jsonb_to_recordset($2::jsonb) AS x(position int, result_type varchar, title text, description text) RETURNING id, position`,
      [
        projectId,
        JSON.stringify(
          results.map((r, position) => ({ position, result_type: r.resultType, title: r.title, description: r.description ?? null })),
        ),
      ],
    );
    const resultIds = new Map(resultRows.map((row) => [row.position, row.id]));
    const indicators = results.flatMap((r, rp) => r.indicators.map((indicator, position) => ({ rp, position, indicator })));
    if (indicators.length === 0) return;
    const indicatorRows: { id: string; result_id: string; position: number }[] = await manager.query(
      `INSERT INTO result_indicators (result_id, position, measure, ascending, title, description, baseline_year, baseline_date, baseline_value, baseline_comment)
       SELECT x.result_id, x.position, x.measure, x.ascending, x.title, x.description, x.baseline_year, x.baseline_date, x.baseline_value, x.baseline_comment
       FROM jsonb_to_recordset($1::jsonb) AS x(result_id uuid, position int, measure varchar, ascending boolean, title text, description text,
         baseline_year int, baseline_date date, baseline_value numeric, baseline_comment text)
       RETURNING id, result_id, position`,
      [
        JSON.stringify(
          indicators.map(({ rp, position, indicator: i }) => ({
            result_id: resultIds.get(rp),
            position,
            measure: i.measure,
            ascending: i.ascending,
            title: i.title,
            description: i.description ?? null,
            baseline_year: i.baseline?.year ?? null,
            baseline_date: i.baseline?.date ?? null,
            baseline_value: i.baseline?.value ?? null,
            baseline_comment: i.baseline?.comment ?? null,
          })),
        ),
      ],
    );
    const indicatorIds = new Map(indicatorRows.map((row) => [`${row.result_id}:${row.position}`, row.id]));
    const periods = indicators.flatMap(({ rp, position, indicator }) =>
      indicator.periods.map((p, index) => ({
        indicator_id: indicatorIds.get(`${resultIds.get(rp)}:${position}`),
        position: index,
        period_start: p.periodStart,
        period_end: p.periodEnd,
        target_value: p.target?.value ?? null,
        target_comment: p.target?.comment ?? null,
        actual_value: p.actual?.value ?? null,
        actual_comment: p.actual?.comment ?? null,
      })),
    );
    if (periods.length)
      await manager.query(
        `INSERT INTO result_indicator_periods (indicator_id, position, period_start, period_end, target_value, target_comment, actual_value, actual_comment)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(indicator_id uuid, position int, period_start date, period_end date,
           target_value numeric, target_comment text, actual_value numeric, actual_comment text)`,
        [JSON.stringify(periods)],
      );
  }
}

/** The project's results as its snapshot writes them: the history's before and after. */
async function resultsJson(manager: EntityManager, projectId: string): Promise<unknown> {
  const [row] = await manager.query(`SELECT ${RESULTS} AS results FROM projects p WHERE p.id = $1`, [projectId]);
  return row.results;
}
