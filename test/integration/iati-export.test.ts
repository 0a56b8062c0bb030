import { readIatiFile } from '../../src/modules/iati/iati-file';
import { schemaProblems } from '../../src/modules/iati/iati-schema';
import { iatiActivities } from '../../src/modules/iati/iati-export.service';
import type { IatiActivity } from '../../src/modules/iati/iati.model';
import { ACTIVITIES_FOOTER, ACTIVITIES_HEADER, activitiesXml, activityXml } from '../../src/modules/iati/iati-xml-writer';
import { Factory } from '../helpers/factories';
import { insertSyntheticProjects } from '../helpers/iati';
import { useTestApi } from '../helpers/test-api';

const api = useTestApi();

const exportUrl = (query = '') => new URL(`/export/iati-activities.xml${query}`, api.url).toString();

async function exported(query = ''): Promise<string> {
  const response = await fetch(exportUrl(query));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  return response.text();
}

describe('GET /export/iati-activities.xml', () => {
  let prefix: string;
  beforeAll(async () => {
    prefix = await insertSyntheticProjects(api.db, 30);
  });

  it('writes the seeded and synthetic projects as schema-valid IATI 2.03, in a canonical form that reads and writes back unchanged', async () => {
    const xml = await exported();
    expect(await schemaProblems(Buffer.from(xml))).toEqual([]);
    const activities = await readIatiFile(Buffer.from(xml));
    expect(activities.filter((a) => a.identifier.startsWith(`${prefix}-`))).toHaveLength(30);
    expect(activitiesXml(activities)).toBe(xml);
  });

  it('keeps what the project holds: organisations, dates, budgets, transactions and results', async () => {
    const activities = await readIatiFile(Buffer.from(await exported()));
    const activity = activities.find((a) => a.identifier === `${prefix}-4`)!;
    expect(activity).toMatchObject({
      reportingOrg: { ref: prefix, type: '10', narratives: [{ text: 'Synthetic reporting agency & co' }] },
      title: [{ text: 'Synthetic project 4 <lithium & cobalt>' }],
      description: [{ text: 'Refining capacity, phase 4' }],
      participatingOrgs: [
        { ref: prefix, type: '10', role: '1' },
        { ref: `${prefix}-IMPL`, type: '70', role: '4', narratives: [{ text: 'Synthetic <implementer>' }] },
      ],
      // g = 4: status CANCELLED (ended), currency EUR.
      status: '5',
      dates: [
        { type: '2', isoDate: '2020-01-05' },
        { type: '4', isoDate: '2022-06-23' },
      ],
      recipientCountries: [{ code: 'AU' }],
      budgets: [
        { type: '1', status: '2', periodStart: '2020-01-05', periodEnd: '2021-01-03', value: { amount: '4000.25', currency: 'EUR' } },
      ],
      transactions: [
        { type: '2', date: '2020-01-15', value: { amount: '3200.50', currency: 'EUR' }, receiver: { ref: `${prefix}-IMPL` } },
        { type: '3', value: { amount: '1200.50', currency: 'EUR' }, receiver: { narratives: [{ text: 'Site contractor 4' }] } },
      ],
      results: [
        {
          type: '2',
          indicators: [{ measure: '1', ascending: true, baseline: { year: 2019, value: '4' }, periods: [{ target: { value: '1004' } }] }],
        },
      ],
    });
    const yen = activities.find((a) => a.identifier === `${prefix}-5`)!;
    expect(yen.budgets[0].value).toMatchObject({ amount: '5000', currency: 'JPY' });
    const withActual = activities.find((a) => a.identifier === `${prefix}-3`)!;
    expect(withActual.results[0].indicators[0].periods[0].actual).toEqual({ value: '900.125', comment: [{ text: 'Audited' }] });
  });

  it('writes a correction in place of the transaction it corrects, and evidence in force as a document-link', async () => {
    const [project] = await api.db.query('SELECT id FROM projects WHERE iati_identifier = $1', [`${prefix}-7`]);
    await api.db.query(
      `INSERT INTO transactions (project_id, transaction_type, transaction_date, value, currency, value_date, corrects_id)
       SELECT project_id, '3', transaction_date, 999, currency, value_date, id FROM transactions WHERE project_id = $1 AND transaction_type = '3'`,
      [project.id],
    );
    const [document] = await api.db.query(
      `INSERT INTO evidence_documents (title, url, document_category, language, published_on, sha256, hash_basis)
       VALUES ('Site inspection report', 'https://example.org/report.pdf', 'A07', 'en', '2021-03-01', repeat('a', 64), 'DECLARED') RETURNING id`,
    );
    await api.db.query(`INSERT INTO evidence_attachments (evidence_id, subject_type, subject_id) VALUES ($1, 'PROJECT', $2)`, [
      document.id,
      project.id,
    ]);
    const xml = await exported();
    expect(await schemaProblems(Buffer.from(xml))).toEqual([]);
    const activity = (await readIatiFile(Buffer.from(xml))).find((a) => a.identifier === `${prefix}-7`)!;
    expect(activity.transactions.map((t) => [t.type, t.value.amount])).toEqual([
      ['2', '5600.50'],
      ['3', '999.00'],
    ]);
    expect(activity.documentLinks).toEqual([
      {
        url: 'https://example.org/report.pdf',
        format: 'application/octet-stream',
        title: [{ text: 'Site inspection report' }],
        categories: ['A07'],
        languages: ['en'],
        documentDate: '2021-03-01',
        line: expect.any(Number),
      },
    ]);
  });

  it('writes in Postgres exactly what the Node writer writes for the same projects: odd text, every kind of currency, empty parts', async () => {
    const odd = `${prefix}-ODD`;
    await api.db.transaction(async (manager) => {
      const q = (sql: string, params: unknown[] = []) => manager.query(sql, params);
      const [org] = await q(`INSERT INTO organisations (iati_identifier, name, organisation_type) VALUES ($1, $2, '21') RETURNING id`, [
        `${odd}-ORG`,
        'Tab\there, "quoted" & <angled>\r\nline two',
      ]);
      const [reporting] = await q('SELECT reporting_organisation_id AS id FROM projects WHERE iati_identifier = $1', [`${prefix}-1`]);
      // Text XML cannot carry (a C0 control, U+FFFE, U+FFFF); a description that is only white space as JavaScript sees it.
      const [project] = await q(
        `INSERT INTO projects (name, description, kind, status, starts_on, iati_identifier, reporting_organisation_id, reporting_organisation_basis)
         VALUES ($1, $2, 'FUNDING', 'PIPELINE', '2024-02-29', $3, $4, 'STATED') RETURNING id`,
        ['Bell\u0007 and \uFFFE\uFFFF, café 日本', '\u00a0\u3000 \t', odd, reporting.id],
      );
      await q(`INSERT INTO project_organisations (project_id, organisation_id, role, position) VALUES ($1, $2, '3', 0)`, [
        project.id,
        org.id,
      ]);
      await q(
        `INSERT INTO budgets (project_id, position, budget_type, budget_status, period_start, period_end, value, currency, value_date)
         SELECT $1, n, '2', '1', '2024-03-01', '2024-12-31', v, c, '2024-03-01'
         FROM (VALUES (0, 1.5, 'BHD'), (1, 12.5, 'JPY'), (2, 7, 'KWD'), (3, 0, 'CLF'), (4, 10, 'USD')) AS b(n, v, c)`,
        [project.id],
      );
      await q(
        `INSERT INTO transactions (project_id, transaction_type, transaction_date, value, currency, value_date, provider_narrative, description)
         VALUES ($1, '1', '2024-04-01', 42.10, 'ISK', '2024-04-01', $2, E'First line\\nsecond line')`,
        [project.id, 'Fund "A" & co'],
      );
      const [, impact] = await q(
        `INSERT INTO results (id, project_id, position, result_type, title) VALUES ($1, $1, 0, '1', 'Output'), (gen_random_uuid(), $1, 1, '3', 'Impact')
         RETURNING id`,
        [project.id],
      );
      await q(
        `INSERT INTO result_indicators (id, result_id, position, measure, ascending, title, baseline_year, baseline_date, baseline_value, baseline_comment)
         VALUES ($1, $1, 0, '5', true, 'Share', 2023, '2023-06-30', 0, E'\r'), ($2, $3, 0, '1', false, 'Count', NULL, NULL, NULL, NULL)`,
        [project.id, impact.id, impact.id],
      );
      await q(
        `INSERT INTO result_indicator_periods (indicator_id, position, period_start, period_end, target_value, target_comment, actual_value)
         VALUES ($1, 0, '2024-01-01', '2024-12-31', NULL, E'\\u3000', -2.500000), ($1, 1, '2025-01-01', '2025-12-31', 1000000.000001, NULL, NULL)`,
        [project.id],
      );
      const [document] = await q(
        `INSERT INTO evidence_documents (title, url, document_category, language, published_on, sha256, hash_basis, media_type, byte_size)
         VALUES (E'Report\\tannex', NULL, 'A01', 'fr', '2024-05-01', repeat('b', 64), 'COMPUTED', 'application/pdf', 10) RETURNING id`,
      );
      await q(`INSERT INTO evidence_attachments (evidence_id, subject_type, subject_id) VALUES ($1, 'PROJECT', $2)`, [
        document.id,
        project.id,
      ]);
    });
    const xml = await exported();
    expect(xml).toContain(`<iati-identifier>${odd}</iati-identifier>`);
    expect(await schemaProblems(Buffer.from(xml))).toEqual([]);

    const origin = new URL(api.url).origin;
    const written: string[] = [];
    const query = async (sql: string, params: unknown[]) => api.db.query(sql, params) as Promise<Record<string, unknown>[]>;
    const evidenceUrl = (globalId: string) => `${origin}/evidence/${encodeURIComponent(globalId)}`;
    for await (const activity of iatiActivities(query, {}, { pageSize: 7, evidenceUrl }) as AsyncIterable<IatiActivity>)
      written.push(activityXml(activity));
    expect(written.length).toBeGreaterThan(30);
    expect(xml).toBe(ACTIVITIES_HEADER + written.join('') + ACTIVITIES_FOOTER);
    const start = xml.indexOf(`<iati-identifier>${odd}<`);
    const line = xml.slice(start, xml.indexOf('</iati-activity>', start));
    expect(line).toContain('<title><narrative>Bell\uFFFD and \uFFFD\uFFFD, café 日本</narrative></title>');
    expect(line).toContain('<description type="1"><narrative/></description>');
    expect(line).toContain('>1.500</value>');
    expect(line).toContain('>12.5</value>');
    expect(line).toContain('>0.0000</value>');
    expect(line).toContain('>42.1</value>');
    expect(line).toContain(`url="${origin}/evidence/`);
  });

  it('filters by status, country and commitment', async () => {
    // A filter that matches nothing gives a file with no activity, which IATI's schema does not allow: read the identifiers as text.
    const identifiers = async (query: string) =>
      [...(await exported(query)).matchAll(/<iati-identifier>([^<]+)<\/iati-identifier>/g)]
        .map((m) => m[1])
        .filter((id) => id.startsWith(`${prefix}-`));
    // g % 6 = 3: CLOSED.
    expect((await identifiers('?statuses=CLOSED')).sort()).toEqual([3, 9, 15, 21, 27].map((g) => `${prefix}-${g}`).sort());
    expect(await identifiers('?countryCodes=AU&statuses=CLOSED,CANCELLED')).toHaveLength(10);
    expect(await identifiers('?countryCodes=FR')).toEqual([]);
    const commitment = await new Factory(api.db).commitment();
    await api.db.query(
      `INSERT INTO project_commitments (project_id, commitment_id) SELECT id, $1 FROM projects WHERE iati_identifier = ANY($2::text[])`,
      [commitment.id, [`${prefix}-1`, `${prefix}-2`]],
    );
    expect((await identifiers(`?commitmentIds=${encodeURIComponent(commitment.globalId)}`)).sort()).toEqual([`${prefix}-1`, `${prefix}-2`]);
  });

  it.each([
    ['an unknown parameter', '?country=AU', 'Unknown query parameter "country"'],
    ['an unknown status', '?statuses=FINISHED', 'Unknown statuses: FINISHED'],
    ['a commitment id that is not one', '?commitmentIds=nope', 'commitmentIds[0]'],
    ['an empty list', '?countryCodes=', 'countryCodes needs at least one value'],
  ])('refuses %s with 400 BAD_USER_INPUT, before writing anything', async (_what, query, message) => {
    const response = await fetch(exportUrl(query));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain(message);
  });
});
