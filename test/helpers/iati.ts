import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';

/** IATI's own schema-test files (IATI-Schemas), copied unchanged into the fixtures. */
export const IATI_EXAMPLES_DIR = path.join(__dirname, '..', 'fixtures', 'iati', 'examples');

export const iatiExamples = (): string[] => fs.readdirSync(IATI_EXAMPLES_DIR).filter((name) => name.endsWith('.xml'));

export const iatiExample = (name: string): string => fs.readFileSync(path.join(IATI_EXAMPLES_DIR, name), 'utf8');

/**
 * The attribute placeholders of the examples (`xx`, `X`, `output`, `Unit`, `NDP`) and the real
 * codes a test copy uses instead, per element and attribute.
 */
const REAL_CODES: ReadonlyArray<[RegExp, string]> = [
  [/<reporting-org type="xx" ref="xx">/g, '<reporting-org type="10" ref="XM-DAC-EXAMPLE">'],
  [/(<participating-org[^>]*?) role="(xx|X)"/g, '$1 role="1"'],
  [/(<participating-org[^>]*?) type="X"/g, '$1 type="70"'],
  [/ ref="X"/g, ' ref="XM-EXAMPLE-ORG"'],
  [/<activity-status code="xx"\/>/g, '<activity-status code="2"/>'],
  [/<activity-date type="xx"/g, '<activity-date type="2"'],
  [/<transaction-type code="X" \/>/g, '<transaction-type code="3" />'],
  [/<recipient-country code="xx" \/>/g, '<recipient-country code="CD" />'],
  [/<budget type="X"/g, '<budget type="1"'],
  [/<result type="output"/g, '<result type="1"'],
  [/measure="Unit"/g, 'measure="1"'],
  [/measure="NDP"/g, 'measure="3"'],
];

/**
 * A test copy of an example with real codes. Two more placeholders are not codes but stand in
 * for data: the empty `iati-identifier` gets one made from the file's name, and the indicator
 * values `N=42;P=57` (a count and a percentage in one string, not a number) keep their count.
 * The transaction example has a value with no currency and no default-currency: the copy
 * gives the activity EUR, the currency of its other values.
 */
export function withRealCodes(name: string, xml = iatiExample(name)): string {
  let copy = xml.replace('<iati-activities version="xx">', '<iati-activities version="2.03">');
  for (const [pattern, code] of REAL_CODES) copy = copy.replace(pattern, code);
  return copy
    .replace('<iati-identifier></iati-identifier>', `<iati-identifier>XM-DAC-EXAMPLE-${path.basename(name, '.xml')}</iati-identifier>`)
    .replace(/value="N=(\d+);P=\d+"/g, 'value="$1"')
    .replace('<iati-activity>', '<iati-activity default-currency="EUR">');
}

/**
 * `count` projects with everything an IATI activity carries, written set-based straight to the
 * tables (like the factories), so the same code makes 20 for a round trip or 100,000 for the
 * memory test. Reported by US (the government of which reports, STATED), implemented in AU,
 * funded by a funding organisation; each has a budget, a commitment and a disbursement, and
 * a result with an indicator, a baseline and a period. Amounts alternate USD, EUR and JPY.
 * Returns the projects' identifiers' common prefix.
 */
export async function insertSyntheticProjects(db: DataSource, count: number, tag = randomUUID().slice(0, 8)): Promise<string> {
  const prefix = `XM-SYN-${tag}`;
  await db.transaction(async (manager) => {
    const q = (sql: string, params: unknown[] = []) => manager.query(sql, params);
    // 100,000 projects take longer than a request's statement timeout.
    await q('SET LOCAL statement_timeout = 0');
    await q(
      `INSERT INTO organisations (iati_identifier, name, organisation_type, country_id)
       SELECT $1 || s.suffix, s.name, s.type, (SELECT id FROM countries WHERE code = s.country)
       FROM (VALUES ('', 'Synthetic reporting agency & co', '10', 'US'), ('-IMPL', 'Synthetic <implementer>', '70', 'AU'),
                    ('-RES', 'Synthetic "research" institute', '80', NULL)) AS s(suffix, name, type, country)`,
      [prefix],
    );
    await q(
      `CREATE TEMP TABLE synthetic ON COMMIT DROP AS
      SELECT g, gen_random_uuid() AS id, date '2020-01-01' + (g % 1500) AS starts_on,
        (ARRAY['USD', 'EUR', 'JPY'])[1 + g % 3] AS currency, (ARRAY['PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED'])[1 + g % 6] AS status
      FROM generate_series(1, $1::int) g`,
      [count],
    );
    const org = (suffix: string) => `(SELECT id FROM organisations WHERE iati_identifier = '${prefix}${suffix}')`;
    await q(`INSERT INTO projects (id, name, description, kind, status, starts_on, ends_on, iati_identifier, reporting_organisation_id, reporting_organisation_basis)
      SELECT id, 'Synthetic project ' || g || ' <lithium & cobalt>', CASE WHEN g % 2 = 0 THEN 'Refining capacity, phase ' || g ELSE '' END, 'FUNDING', status,
        starts_on, starts_on + 900, '${prefix}-' || g, ${org('')}, 'STATED' FROM synthetic`);
    await q(`INSERT INTO project_participants (project_id, country_id, role, reporting)
      SELECT s.id, k.id, r.role, r.reporting FROM synthetic s
      CROSS JOIN (VALUES ('US', 'LEAD', true), ('AU', 'IMPLEMENTER', false)) AS r(code, role, reporting) JOIN countries k ON k.code = r.code`);
    await q(`INSERT INTO project_organisations (project_id, organisation_id, role, position)
      SELECT id, ${org('')}, '1', 0 FROM synthetic UNION ALL SELECT id, ${org('-IMPL')}, '4', 1 FROM synthetic`);
    await q(`INSERT INTO budgets (project_id, position, budget_type, budget_status, period_start, period_end, value, currency, value_date)
      SELECT id, 0, '1', '2', starts_on, starts_on + 364, g * 1000 + CASE WHEN currency = 'JPY' THEN 0 ELSE 0.25 END, currency, starts_on FROM synthetic`);
    await q(`INSERT INTO transactions (project_id, transaction_type, transaction_date, value, currency, value_date, provider_organisation_id,
        receiver_organisation_id, receiver_narrative, description, reference)
      SELECT id, t.type, starts_on + t.days, g * t.share + CASE WHEN currency = 'JPY' THEN 0 ELSE 0.5 END, currency, starts_on + t.days,
        ${org('')}, CASE WHEN t.type = '2' THEN ${org('-IMPL')} END, CASE WHEN t.type = '3' THEN 'Site contractor ' || g END,
        'Tranche ' || t.type || ' of project ' || g, '${prefix}-T-' || g || '-' || t.type
      FROM synthetic CROSS JOIN (VALUES ('2', 10, 800), ('3', 40, 300)) AS t(type, days, share)`);
    await q(`INSERT INTO results (id, project_id, position, result_type, title, description)
      SELECT id, id, 0, '2', 'Tonnes refined, project ' || g, NULL FROM synthetic`);
    await q(`INSERT INTO result_indicators (id, result_id, position, measure, ascending, title, baseline_year, baseline_value, baseline_comment)
      SELECT id, id, 0, '1', g % 2 = 0, 'Refined output (t)', 2019, g % 100, 'Before the plant' FROM synthetic`);
    await q(`INSERT INTO result_indicator_periods (indicator_id, position, period_start, period_end, target_value, actual_value, actual_comment)
      SELECT id, 0, starts_on, starts_on + 364, 1000 + g, CASE WHEN g % 3 = 0 THEN 900.125 END, CASE WHEN g % 3 = 0 THEN 'Audited' END FROM synthetic`);
  });
  return prefix;
}
