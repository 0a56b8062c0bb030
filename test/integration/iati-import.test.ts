import { Role } from '../../src/modules/auth/caller';
import { IatiFileRefusedError } from '../../src/modules/iati/iati-file';
import { createIatiImportService } from '../../src/modules/iati/iati-import.factory';
import { schemaProblems } from '../../src/modules/iati/iati-schema';
import { iatiExample, iatiExamples, insertSyntheticProjects, withRealCodes } from '../helpers/iati';
import { toGlobalId } from '../../src/shared/global-id';
import { authHeader, startTestApi, TestApi, useTestApi } from '../helpers/test-api';

const ADMIN = { sub: 'test-admin', role: Role.ADMIN, country: null };
const source = useTestApi();

async function exportOf(api: TestApi): Promise<string> {
  const response = await fetch(new URL('/export/iati-activities.xml', api.url));
  expect(response.status).toBe(200);
  return response.text();
}

/** The file with its activities (one a line) in identifier order: exports list them in the order of the projects' random ids. */
const canonical = (xml: string): string => {
  const lines = xml.split('\n');
  const activities = lines.filter((line) => line.startsWith('<iati-activity>'));
  const sorted = activities.sort((a, b) => (identifierOf(a) < identifierOf(b) ? -1 : 1));
  return [...lines.filter((line) => !line.startsWith('<iati-activity>')).slice(0, 2), ...sorted, ...lines.slice(-2)].join('\n');
};
const identifierOf = (activity: string) => activity.match(/<iati-identifier>([^<]*)</)![1];

async function postImport(api: TestApi, xml: string, claims: Parameters<typeof authHeader>[0] = { sub: 'admin', role: Role.ADMIN }) {
  const response = await fetch(new URL('/import/iati', api.url), {
    method: 'POST',
    headers: { 'content-type': 'application/xml', ...(await authHeader(claims)) },
    body: xml,
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

/** Row counts of every table an import writes, and the audit head: equal before and after means nothing was written. */
async function footprint(api: TestApi): Promise<Record<string, number>> {
  const tables = [
    'projects',
    'organisations',
    'project_organisations',
    'project_participants',
    'budgets',
    'transactions',
    'results',
    'audit_events',
  ];
  const [row] = await api.db.query(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`);
  return row;
}

/** Each file is refused, naming a line; the database is unchanged. */
async function expectRefused(api: TestApi, xml: string): Promise<IatiFileRefusedError> {
  const before = await footprint(api);
  const error = await createIatiImportService(api.db)
    .importFile(ADMIN, Buffer.from(xml))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(IatiFileRefusedError);
  const refusal = error as IatiFileRefusedError;
  expect(refusal.problems.length).toBeGreaterThan(0);
  for (const problem of refusal.problems) expect(problem.line).toBeGreaterThan(0);
  expect(await footprint(api)).toEqual(before);
  return refusal;
}

describe('IATI import', () => {
  let target: TestApi;
  let file: string;
  beforeAll(async () => {
    await insertSyntheticProjects(source.db, 25);
    target = await startTestApi();
  });
  afterAll(() => target.close());

  it('round trip: the seeded and synthetic projects exported, schema-valid, imported into an empty database and exported again are identical', async () => {
    file = await exportOf(source);
    expect(await schemaProblems(Buffer.from(file))).toEqual([]);
    const imported = await postImport(target, file);
    expect(imported).toMatchObject({ status: 200, body: { data: { activities: 25, created: 25, updated: 0, unchanged: 0 } } });
    expect(canonical(await exportOf(target))).toBe(canonical(file));
    expect(canonical(file).split('\n')).toHaveLength(25 + 4);
  });

  it('a second import of the same file changes nothing: zero audit events', async () => {
    const before = await footprint(target);
    const again = await postImport(target, file);
    expect(again.body.data).toEqual({ activities: 25, created: 0, updated: 0, unchanged: 25, auditEvents: 0 });
    expect(await footprint(target)).toEqual(before);
  });

  it('a changed file records only its differences, as audit events', async () => {
    const identifier = file.match(/<iati-identifier>([^<]*-7)<\/iati-identifier>/)![1];
    const changed = file
      .replace('Synthetic project 7 &lt;lithium', 'Synthetic project 7 (renamed) &lt;lithium')
      .replace(/(<transaction ref="[^"]*-T-7-3">.*?<value currency="\w+" value-date="[\d-]+">)[\d.]+/, '$1123.50');
    const before = await footprint(target);
    const result = await postImport(target, changed);
    expect(result.body.data).toMatchObject({ created: 0, updated: 1, unchanged: 24 });
    // The project's UPDATED event (its new name), and the correction of the changed transaction.
    expect(result.body.data.auditEvents).toBe(2);
    const after = await footprint(target);
    expect(after.audit_events - before.audit_events).toBe(2);
    expect(after.transactions - before.transactions).toBe(1);
    const [event] = await target.db.query(
      `SELECT e.changes FROM audit_events e JOIN projects p ON p.id = e.subject_id WHERE p.iati_identifier = $1 ORDER BY e.sequence DESC LIMIT 1`,
      [identifier],
    );
    expect(Object.keys(event.changes)).toEqual(['name']);
    const [correction] = await target.db.query(`SELECT value::text, corrects_id FROM transactions ORDER BY recorded_at DESC LIMIT 1`);
    expect(correction.value).toBe('123.50');
    expect(correction.corrects_id).not.toBeNull();
    expect((await exportOf(target)).includes('Synthetic project 7 (renamed)')).toBe(true);
  });

  it('refuses a caller who is not ADMIN, with 403 and nothing written', async () => {
    const before = await footprint(target);
    const partner = await postImport(target, file, { sub: 'partner', role: Role.PARTNER, country: 'US' });
    expect(partner.status).toBe(403);
    expect(partner.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await footprint(target)).toEqual(before);
  });
});

describe("IATI's own example files", () => {
  it.each(iatiExamples())('%s: refused for its placeholder codes (each named with its line), nothing written', async (name) => {
    const refusal = await expectRefused(source, iatiExample(name));
    expect(refusal.problems.some((p) => p.code === 'xx')).toBe(true);
  });

  it.each(iatiExamples())('%s with real codes imports', async (name) => {
    const summary = await createIatiImportService(source.db).importFile(ADMIN, Buffer.from(withRealCodes(name)));
    expect(summary).toMatchObject({ activities: 1, created: 1 });
  });

  it('answers a refused file over HTTP with 422 INVALID_IATI_FILE and every problem with its line', async () => {
    const refused = await postImport(source, iatiExample('19-budget.xml'));
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].extensions.code).toBe('INVALID_IATI_FILE');
    expect(refused.body.errors[0].extensions.problems).toContainEqual({
      line: 6,
      reason: 'reporting-org/@type: "xx" is not a code of IATI\'s OrganisationType codelist',
      code: 'xx',
    });
  });
});

/** A valid one-activity file; each broken file below changes one thing in it. Line numbers are the file's. */
const activity = (identifier: string, status = '2') => `  <iati-activity default-currency="EUR">
    <iati-identifier>${identifier}</iati-identifier>
    <reporting-org ref="XM-DAC-CORRUPT" type="10"><narrative>Corruption test agency</narrative></reporting-org>
    <title><narrative>Broken files</narrative></title>
    <description><narrative>Each test breaks one thing</narrative></description>
    <participating-org ref="XM-DAC-CORRUPT" role="1"/>
    <activity-status code="${status}"/>
    <activity-date type="2" iso-date="2024-01-01"/>
    <budget type="1" status="1">
      <period-start iso-date="2024-01-01"/>
      <period-end iso-date="2024-12-31"/>
      <value value-date="2024-01-01">1000</value>
    </budget>
    <transaction>
      <transaction-type code="3"/>
      <transaction-date iso-date="2024-02-01"/>
      <value value-date="2024-02-01">250.50</value>
    </transaction>
  </iati-activity>
`;
const fileOf = (...activities: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n${activities.join('')}</iati-activities>\n`;
const VALID = fileOf(activity('XM-DAC-CORRUPT-1'));

describe('corrupt files: each refused with the line of what is wrong, and the database unchanged', () => {
  it('the file they are made from imports', async () => {
    expect(await schemaProblems(Buffer.from(VALID))).toEqual([]);
    const base = fileOf(activity('XM-DAC-CORRUPT-BASE'));
    expect(await createIatiImportService(source.db).importFile(ADMIN, Buffer.from(base))).toMatchObject({ created: 1 });
  });

  it.each([
    [
      'a missing iati-identifier',
      VALID.replace('    <iati-identifier>XM-DAC-CORRUPT-1</iati-identifier>\n', ''),
      4,
      'Expected is ( iati-identifier )',
    ],
    ['a bad date', VALID.replace('iso-date="2024-02-01"', 'iso-date="2024-02-30"'), 18, '2024-02-30'],
    [
      'an unknown TransactionType',
      VALID.replace('<transaction-type code="3"/>', '<transaction-type code="99"/>'),
      17,
      '"99" is not a code of IATI\'s TransactionType',
    ],
    [
      'two reporting-orgs',
      VALID.replace('<title>', '<reporting-org ref="XM-DAC-OTHER" type="10"/>\n    <title>'),
      6,
      "Element 'reporting-org': This element is not expected",
    ],
    ['a bad currency', VALID.replace('default-currency="EUR"', 'default-currency="EUX"'), 3, '"EUX" is not a code of IATI\'s Currency'],
    ['malformed XML', VALID.replace('</title>', '</titel>'), 6, 'mismatch'],
    ['an unknown element', VALID.replace('<activity-date', '<activity-mood/>\n    <activity-date'), 10, "Element 'activity-mood'"],
    [
      'a value that is not a number',
      VALID.replace('>250.50<', '>250,50<'),
      19,
      "'250,50' is not a valid value of the atomic type 'xs:decimal'",
    ],
    [
      'a period that ends before it starts',
      VALID.replace('<period-end iso-date="2024-12-31"/>', '<period-end iso-date="2023-12-31"/>'),
      13,
      'period-end 2023-12-31 is before period-start 2024-01-01',
    ],
    [
      'one iati-identifier twice',
      fileOf(activity('XM-DAC-CORRUPT-1'), activity('XM-DAC-CORRUPT-1')),
      22,
      'is already the identifier of the activity on line 3',
    ],
    [
      'a transaction in the future',
      VALID.replace('<transaction-date iso-date="2024-02-01"/>', '<transaction-date iso-date="2999-02-01"/>'),
      16,
      'in the future',
    ],
    ['a DOCTYPE with an entity', VALID.replace('<iati-activities', '<!DOCTYPE x [<!ENTITY e "boom">]>\n<iati-activities'), 2, 'DOCTYPE'],
  ])('%s', async (_what, xml, line, reason) => {
    const refusal = await expectRefused(source, xml);
    expect(refusal.problems).toContainEqual(expect.objectContaining({ line, reason: expect.stringContaining(reason) }));
  });

  it('a file whose second activity a service refuses (a status move the workflow forbids) writes none of the first', async () => {
    // BASE is in IMPLEMENTATION: back to PIPELINE is not a move the project workflow allows.
    const xml = fileOf(activity('XM-DAC-CORRUPT-NEW'), activity('XM-DAC-CORRUPT-BASE', '1'));
    const refusal = await expectRefused(source, xml);
    expect(refusal.problems).toEqual([{ line: 22, reason: expect.stringContaining('PIPELINE') }]);
    expect(await source.db.query(`SELECT 1 FROM projects WHERE iati_identifier = 'XM-DAC-CORRUPT-NEW'`)).toEqual([]);
  });
});

describe("an import beside the API's own writes", () => {
  // No statement timeout: the waits below last as long as the test holds the blocker, however busy the machine.
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({}, { statementTimeoutMs: 0 });
  });
  afterAll(() => api.close());

  // As from the CLI or another process: a group that runs alone takes the chain first and then rows, so an
  // import that took rows first and the chain then could wait for it while it waits for the import.
  it('takes the chain before any row: a change to the same project waits for it, not for the row, and meets its new version as a CONFLICT', async () => {
    const identifier = 'XM-DAC-BESIDE-1';
    await createIatiImportService(api.db).importFile(ADMIN, Buffer.from(fileOf(activity(identifier))));
    const [{ id, version }] = await api.db.query('SELECT id, version FROM projects WHERE iati_identifier = $1', [identifier]);
    const blocker = api.db.createQueryRunner('master');
    await blocker.startTransaction();
    let imported: Promise<unknown> | undefined;
    let updated: ReturnType<TestApi['graphql']> | undefined;
    let waits: { onRow: number; onChain: number } | undefined;
    try {
      await blocker.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [id]);
      const [{ xid }] = await blocker.query('SELECT pg_current_xact_id()::xid::text AS xid');
      const waiting = async (): Promise<{ onRow: number; onChain: number }> =>
        (
          await api.db.query(
            // A second waiter for a row queues on its tuple lock, behind the first.
            `SELECT count(*) FILTER (WHERE (locktype = 'transactionid' AND transactionid = $1::xid)
                      OR (locktype = 'tuple' AND relation = 'projects'::regclass))::int AS "onRow",
                    count(*) FILTER (WHERE locktype = 'advisory')::int AS "onChain"
               FROM pg_locks WHERE NOT granted
                 AND (database IS NULL OR database = (SELECT oid FROM pg_database WHERE datname = current_database()))`,
            [xid],
          )
        )[0];
      const until = async (check: (w: { onRow: number; onChain: number }) => boolean, what: string) => {
        for (
          const deadline = Date.now() + 50_000;
          !check((waits = await waiting()));
          await new Promise((resolve) => setTimeout(resolve, 20))
        )
          if (Date.now() > deadline) throw new Error(`never ${what}: ${JSON.stringify(waits)}`);
      };
      // The import moves the project to the next status, so it locks it: it waits for the blocker.
      imported = createIatiImportService(api.db).importFile(ADMIN, Buffer.from(fileOf(activity(identifier, '3'))));
      await until((w) => w.onRow === 1, 'did the import wait for the project');
      updated = api.graphql(
        'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { version } } }',
        { input: { projectId: toGlobalId('Project', id), expectedVersion: version, name: 'Renamed beside an import' } },
        await authHeader({ sub: 'beside-admin', role: Role.ADMIN }),
      );
      await until((w) => w.onRow + w.onChain >= 2, 'did the change wait');
      await blocker.commitTransaction();
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    // The change waited for the chain the import holds, not for the project's row: the import could not wait for it.
    expect(waits).toEqual({ onRow: 1, onChain: 1 });
    expect(await imported).toMatchObject({ updated: 1 });
    expect((await updated!).body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) })]);
  }, 240_000);
});

describe('an import the database cancels', () => {
  let slow: TestApi;
  beforeAll(async () => {
    // Short enough to be met while the blocker holds the project, long enough for the setup on a busy machine.
    slow = await startTestApi({}, { statementTimeoutMs: 2_000 });
  });
  afterAll(() => slow.close());

  it('is 503 QUERY_TIMEOUT, not a refused file, and writes nothing', async () => {
    const identifier = 'XM-DAC-TIMEOUT-1';
    expect((await postImport(slow, fileOf(activity(identifier)))).status).toBe(200);
    const [{ id }] = await slow.db.query('SELECT id FROM projects WHERE iati_identifier = $1', [identifier]);
    const blocker = slow.db.createQueryRunner('master');
    await blocker.startTransaction();
    try {
      await blocker.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [id]);
      const before = await footprint(slow);
      // The change of status locks the project, which the blocker holds past the statement timeout.
      const refused = await postImport(slow, fileOf(activity(identifier, '3')));
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBe('1');
      expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/took too long/), extensions: { code: 'QUERY_TIMEOUT' } }]);
      expect(await footprint(slow)).toEqual(before);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
  });
});
