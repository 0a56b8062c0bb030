/**
 * What the organisations, budgets and results of a project add to its state snapshot (project.subject.ts),
 * with `p` the project's row: every change to them is an UPDATED event of the project whose state holds them.
 * Decimals as text, as every snapshot writes them.
 */
export const PROJECT_FUNDING_TABLES = ['project_organisations', 'budgets', 'results', 'result_indicators', 'result_indicator_periods'];

const ORGANISATIONS = `coalesce((SELECT jsonb_agg(jsonb_build_object('organisation_id', po.organisation_id, 'iati_identifier', o.iati_identifier,
    'role', po.role, 'consent', po.consent) ORDER BY po.position)
  FROM project_organisations po JOIN organisations o ON o.id = po.organisation_id WHERE po.project_id = p.id), '[]')`;

const BUDGETS = `coalesce((SELECT jsonb_agg(jsonb_build_object('budget_type', b.budget_type, 'budget_status', b.budget_status,
    'period_start', b.period_start, 'period_end', b.period_end, 'value', b.value::text, 'currency', b.currency, 'value_date', b.value_date) ORDER BY b.position)
  FROM budgets b WHERE b.project_id = p.id), '[]')`;

const PERIODS = `coalesce((SELECT jsonb_agg(jsonb_build_object('period_start', rp.period_start, 'period_end', rp.period_end,
    'target_value', rp.target_value::text, 'target_comment', rp.target_comment, 'actual_value', rp.actual_value::text, 'actual_comment', rp.actual_comment) ORDER BY rp.position)
  FROM result_indicator_periods rp WHERE rp.indicator_id = ri.id), '[]')`;

const INDICATORS = `coalesce((SELECT jsonb_agg(jsonb_build_object('title', ri.title, 'description', ri.description, 'measure', ri.measure,
    'ascending', ri.ascending, 'baseline_year', ri.baseline_year, 'baseline_date', ri.baseline_date, 'baseline_value', ri.baseline_value::text,
    'baseline_comment', ri.baseline_comment, 'periods', ${PERIODS}) ORDER BY ri.position)
  FROM result_indicators ri WHERE ri.result_id = r.id), '[]')`;

/** The results of project `p`, with their indicators and periods, as one JSON array (also the history's before/after of a change). */
export const RESULTS = `coalesce((SELECT jsonb_agg(jsonb_build_object('result_type', r.result_type, 'title', r.title, 'description', r.description,
    'indicators', ${INDICATORS}) ORDER BY r.position)
  FROM results r WHERE r.project_id = p.id), '[]')`;

export const PROJECT_FUNDING_STATE = `jsonb_build_object('organisations', ${ORGANISATIONS}, 'budgets', ${BUDGETS}, 'results', ${RESULTS})`;
