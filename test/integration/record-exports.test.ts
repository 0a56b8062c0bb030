import http from 'node:http';
import { Role } from '../../src/modules/auth/caller';
import { FORMULA_TRIGGERS } from '../../src/shared/csv-export';
import { toGlobalId } from '../../src/shared/global-id';
import { parseCsv } from '../helpers/csv';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

/**
 * GET /export/commitments.{csv,jsonl} and /export/projects.{csv,jsonl}: the GraphQL lists, every
 * row, with the same filters as query parameters, spreadsheet-safe CSV and exact amounts.
 */
const api = useTestApi();
let factory: Factory;
let lead: { id: string; code: string };
let partner: { id: string; code: string };
let invited: { id: string; code: string };
let mineral: { id: string; code: string };

type Rows = Record<string, unknown>[];

const exportUrl = (path: string) => `${api.url.replace(/\/graphql$/, '')}/export/${path}`;

async function download(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(exportUrl(path), { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function lines(path: string): Promise<Rows> {
  const { status, text } = await download(path);
  expect([path, status]).toEqual([path, 200]);
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

async function csvRows(path: string): Promise<{ header: string[]; rows: (string | null)[][] }> {
  const { status, text } = await download(path);
  expect([path, status]).toEqual([path, 200]);
  const [header, ...rows] = parseCsv(text);
  return { header: header as string[], rows };
}

const ids = (rows: Rows) => rows.map((row) => row.id);

/** Every id the GraphQL list returns for the filter, page after page. */
async function listIds(list: 'commitments' | 'projects', filter: Record<string, unknown>): Promise<string[]> {
  const type = list === 'commitments' ? 'CommitmentFilter' : 'ProjectFilter';
  const found: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = dataOf(
      await api.graphql(
        `query($filter: ${type}, $after: String) { ${list}(filter: $filter, first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { filter, after },
      ),
    )[list];
    found.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return found;
    after = page.pageInfo.endCursor;
  }
}

async function inviteCountry(table: 'commitment_parties' | 'project_participants', key: string, id: string, countryId: string) {
  const role = table === 'commitment_parties' ? 'PARTY' : 'PARTNER';
  await api.db.query(`INSERT INTO ${table} (${key}, country_id, role, consent) VALUES ($1, $2, $3, 'INVITED')`, [id, countryId, role]);
}

beforeAll(async () => {
  factory = new Factory(api.db);
  [lead, partner, invited] = [await factory.country(), await factory.country(), await factory.country()];
  mineral = await factory.mineral();
});

describe('commitments', () => {
  let exact: { id: string; globalId: string };
  let other: { id: string; globalId: string };
  let meeting: { id: string; globalId: string };

  beforeAll(async () => {
    meeting = await factory.meeting();
    // More digits than a double holds: the export must not round it.
    exact = await factory.commitment({
      title: 'Exact amounts',
      partyIds: [lead.id, partner.id],
      mineralIds: [mineral.id],
      meetingId: meeting.id,
      amount: '123456789012345678.91',
      currency: 'USD',
    });
    other = await factory.commitment({ title: 'Other kind', kind: 'SUPPLY_AGREEMENT', status: 'PROPOSED', partyIds: [partner.id] });
    await inviteCountry('commitment_parties', 'commitment_id', exact.id, invited.id);
    await inviteCountry('commitment_parties', 'commitment_id', other.id, invited.id);
  });

  it('writes every commitment of the list in its order, with the documented columns, as JSON Lines and CSV', async () => {
    const response = await download('commitments.jsonl');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="commitments.jsonl"');
    const all = await lines('commitments.jsonl');
    expect(ids(all)).toEqual(await listIds('commitments', {}));
    expect(all.find((row) => row.id === exact.globalId)).toEqual({
      id: exact.globalId,
      title: 'Exact amounts',
      description: '',
      kind: 'FUNDING',
      instrument: 'STATEMENT',
      status: 'ANNOUNCED',
      leadCountry: lead.code,
      // The invited country is named nowhere.
      partyCountries: [lead.code, partner.code],
      mineralCodes: [mineral.code],
      valueChainStages: [],
      meetingId: meeting.globalId,
      amount: '123456789012345678.91',
      currency: 'USD',
      announcedOn: null,
      targetOn: null,
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    const csv = await download('commitments.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="commitments.csv"');
    const { header, rows } = await csvRows('commitments.csv');
    expect(header).toEqual(Object.keys(all[0]));
    expect(rows.map((row) => row[0])).toEqual(ids(all));
    const row = Object.fromEntries(header.map((name, i) => [name, rows.find((r) => r[0] === exact.globalId)![i]]));
    expect(row).toMatchObject({ partyCountries: `${lead.code};${partner.code}`, amount: '123456789012345678.91', announcedOn: null });
  });

  it('takes the filters of commitments(filter:) as query parameters and returns what the list returns', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`countryCodes=${lead.code}`, { countryCodes: [lead.code] }],
      [`countryCodes=${lead.code.toLowerCase()},${partner.code}`, { countryCodes: [lead.code, partner.code] }],
      // An invited country's commitments are not its own.
      [`countryCodes=${invited.code}`, { countryCodes: [invited.code] }],
      ['kinds=SUPPLY_AGREEMENT', { kinds: ['SUPPLY_AGREEMENT'] }],
      ['statuses=PROPOSED&statuses=ANNOUNCED', { statuses: ['PROPOSED', 'ANNOUNCED'] }],
      [`mineralCodes=${mineral.code}`, { mineralCodes: [mineral.code] }],
      [`meetingId=${meeting.globalId}`, { meetingId: meeting.globalId }],
      ['amountMin=1000000&amountCurrency=USD', { amountMin: '1000000', amountCurrency: 'USD' }],
      ['overdue=false', { overdue: false }],
      ['search=lithium', { search: 'lithium' }],
      ['targetOnFrom=2020-01-01&targetOnTo=2030-12-31', { targetOnFrom: '2020-01-01', targetOnTo: '2030-12-31' }],
    ];
    for (const [query, filter] of cases) {
      const expected = await listIds('commitments', filter);
      expect([query, ids(await lines(`commitments.jsonl?${query}`))]).toEqual([query, expected]);
      const { rows } = await csvRows(`commitments.csv?${query}`);
      expect([query, rows.map((row) => row[0])]).toEqual([query, expected]);
    }
    expect(await listIds('commitments', { countryCodes: [invited.code] })).toEqual([]);
    expect(await listIds('commitments', { meetingId: meeting.globalId })).toEqual([exact.globalId]);
    expect(ids(await lines('commitments.jsonl?kinds=SUPPLY_AGREEMENT'))).toContain(other.globalId);
  });

  it.each([
    ['bogus', 'bogus=1'],
    ['countryCodes[]', 'countryCodes[]=IN'],
    ['search', 'search=a&search=b'],
    ['kinds', 'kinds=NOT_A_KIND'],
    ['statuses', 'statuses='],
    ['targetOnFrom', 'targetOnFrom=2026-13-01'],
    ['amountMin', 'amountMin=lots'],
    ['amountCurrency', 'amountCurrency=dollars'],
    ['overdue', 'overdue=yes'],
    ['filter.meetingId', 'meetingId=not-an-id'],
    ['filter.meetingId', `meetingId=${toGlobalId('Project', '00000000-0000-4000-8000-000000000000')}`],
    ['search', `search=${'x'.repeat(2000)}`],
    ['search', 'search=%00'],
  ])('a bad %s is refused with 400 BAD_USER_INPUT naming it, before anything is streamed', async (argument, query) => {
    for (const format of ['csv', 'jsonl']) {
      const response = await download(`commitments.${format}?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const { errors } = JSON.parse(response.text);
      expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: expect.stringContaining(argument) });
    }
  });

  it('protects CSV cells against formula injection and quotes them per RFC 4180; the lines keep the stored text', async () => {
    const titles = [...FORMULA_TRIGGERS.map((trigger) => `${trigger}HYPERLINK("http://evil.example")`), "=cmd|' /C calc'!A0"];
    const description = 'a "quoted", comma\nand a line break';
    const made = [];
    for (const title of titles) {
      const commitment = await factory.commitment({ title, partyIds: [partner.id] });
      await api.db.query('UPDATE commitments SET description = $1 WHERE id = $2', [description, commitment.id]);
      made.push(commitment.globalId);
    }
    const { header, rows } = await csvRows(`commitments.csv?countryCodes=${partner.code}`);
    const byId = new Map(rows.map((row) => [row[0], row]));
    made.forEach((id, i) => {
      const row = byId.get(id)!;
      expect(row[header.indexOf('title')]).toBe(`'${titles[i]}`);
      expect(row[header.indexOf('description')]).toBe(description);
    });
    const jsonl = new Map((await lines(`commitments.jsonl?countryCodes=${partner.code}`)).map((row) => [row.id, row]));
    made.forEach((id, i) => expect(jsonl.get(id)).toMatchObject({ title: titles[i], description }));
  });

  it('is public like the list; a token that is sent must be valid', async () => {
    expect((await download('commitments.csv', await authHeader({ sub: 'p@example.gov', role: Role.PARTNER, country: 'IN' }))).status).toBe(
      200,
    );
    const bad = await download('commitments.jsonl', { authorization: 'Bearer not-a-token' });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('projects', () => {
  let funded: { id: string; globalId: string };
  let commitment: { id: string; globalId: string };

  beforeAll(async () => {
    commitment = await factory.commitment({ partyIds: [lead.id] });
    funded = await factory.project({
      name: '@SUM(A1:A9)',
      kind: 'FUNDING',
      participantIds: [lead.id, partner.id],
      commitmentIds: [commitment.id],
      mineralIds: [mineral.id],
      budget: ['98765432109876543.21', 'EUR'],
    });
    await inviteCountry('project_participants', 'project_id', funded.id, invited.id);
  });

  it('writes every project of the list in its order, with the documented columns', async () => {
    const all = await lines('projects.jsonl');
    expect(ids(all)).toEqual(await listIds('projects', {}));
    expect(all.find((row) => row.id === funded.globalId)).toEqual({
      id: funded.globalId,
      name: '@SUM(A1:A9)',
      description: '',
      kind: 'FUNDING',
      status: 'PIPELINE',
      reportingCountry: lead.code,
      participantCountries: [lead.code, partner.code],
      commitmentIds: [commitment.globalId],
      mineralCodes: [mineral.code],
      budgetAmount: '98765432109876543.21',
      budgetCurrency: 'EUR',
      startsOn: null,
      endsOn: null,
      location: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const { header, rows } = await csvRows('projects.csv');
    expect(header).toEqual(Object.keys(all[0]));
    const row = rows.find((r) => r[0] === funded.globalId)!;
    expect(row[header.indexOf('name')]).toBe("'@SUM(A1:A9)");
    expect(row[header.indexOf('budgetAmount')]).toBe('98765432109876543.21');
  });

  it('takes the filters of projects(filter:) as query parameters; bad ones are refused', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`countryCodes=${partner.code}`, { countryCodes: [partner.code] }],
      [`countryCodes=${invited.code}`, { countryCodes: [invited.code] }],
      ['kinds=FUNDING&statuses=PIPELINE', { kinds: ['FUNDING'], statuses: ['PIPELINE'] }],
      [`mineralCodes=${mineral.code}`, { mineralCodes: [mineral.code] }],
      ['budgetMin=1&budgetCurrency=EUR', { budgetMin: '1', budgetCurrency: 'EUR' }],
      ['overdue=true', { overdue: true }],
    ];
    for (const [query, filter] of cases) {
      expect([query, ids(await lines(`projects.jsonl?${query}`))]).toEqual([query, await listIds('projects', filter)]);
    }
    for (const query of ['statuses=DONE', 'amountMin=1', 'endsOnTo=tomorrow', 'overdue=true&overdue=false']) {
      const response = await download(`projects.csv?${query}`);
      expect([query, response.status, JSON.parse(response.text).errors[0].extensions.code]).toEqual([query, 400, 'BAD_USER_INPUT']);
    }
  });
});

describe('transactions', () => {
  let project: { id: string; globalId: string };
  let original: string;
  let correction: string;
  let provider: string;

  /** A transaction written straight to the append-only table; its id. */
  async function transaction(fields: { type: string; value: string; description?: string; corrects?: string; receiver?: string }) {
    const [row] = await api.db.query(
      `INSERT INTO transactions (project_id, transaction_type, transaction_date, value, currency, value_date,
         provider_organisation_id, receiver_narrative, description, corrects_id)
       VALUES ($1, $2, '2026-03-01', $3, 'USD', '2026-03-01', $4, $5, $6, $7) RETURNING id`,
      [project.id, fields.type, fields.value, provider, fields.receiver ?? null, fields.description ?? null, fields.corrects ?? null],
    );
    return row.id as string;
  }

  beforeAll(async () => {
    project = await factory.project({ name: 'Funded refinery', kind: 'FUNDING', participantIds: [partner.id] });
    await api.db.query(`UPDATE projects SET iati_identifier = $1 WHERE id = $2`, [`XM-EXPORTS-${project.id}`, project.id]);
    [{ id: provider }] = await api.db.query(
      `INSERT INTO organisations (iati_identifier, name, organisation_type, country_id) VALUES ('XM-EXPORTS-BANK', '+Bank of Tests', '40', $1) RETURNING id`,
      [partner.id],
    );
    original = await transaction({ type: '3', value: '12345678901234567.89', description: '-1 typo', receiver: 'Mine operator' });
    correction = await transaction({ type: '3', value: '12345678901234567.98', corrects: original, receiver: 'Mine operator' });
  });

  it('writes the transactions of the projects the filter selects, corrections naming what they correct', async () => {
    const rows = await lines(`transactions.jsonl?countryCodes=${partner.code}`);
    expect(rows.map((row) => row.id)).toEqual([original, correction].map((id) => toGlobalId('Transaction', id)));
    expect(rows[0]).toEqual({
      id: toGlobalId('Transaction', original),
      projectId: project.globalId,
      projectIatiIdentifier: `XM-EXPORTS-${project.id}`,
      transactionType: 'DISBURSEMENT',
      transactionTypeCode: '3',
      transactionDate: '2026-03-01',
      value: '12345678901234567.89',
      currency: 'USD',
      valueDate: '2026-03-01',
      providerOrganisation: 'XM-EXPORTS-BANK',
      providerName: '+Bank of Tests',
      receiverOrganisation: null,
      receiverName: 'Mine operator',
      description: '-1 typo',
      reference: null,
      corrects: null,
      correctedBy: toGlobalId('Transaction', correction),
      recordedAt: expect.stringMatching(/Z$/),
    });
    expect(rows[1]).toMatchObject({ corrects: toGlobalId('Transaction', original), correctedBy: null });
    const { header, rows: csv } = await csvRows(`transactions.csv?countryCodes=${partner.code}`);
    expect(header).toEqual(Object.keys(rows[0]));
    expect(csv[0][header.indexOf('providerName')]).toBe("'+Bank of Tests");
    expect(csv[0][header.indexOf('description')]).toBe("'-1 typo");
    expect(ids(await lines(`transactions.jsonl?countryCodes=${invited.code}`))).toEqual([]);
    expect((await download('transactions.csv?transactionType=3')).status).toBe(400);
  });
});

it('a client that hangs up mid-download gives its export connection back', async () => {
  // More abandoned downloads than EXPORT_CONCURRENCY: each must have freed its connection for the next.
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve, reject) => {
      const request = http.get(exportUrl('commitments.jsonl'), (response) => {
        if (response.statusCode === 429) {
          response.resume();
          return setTimeout(resolve, 100);
        }
        expect(response.statusCode).toBe(200);
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error)));
    });
  }
  const deadline = Date.now() + 10_000;
  let status = 429;
  while (status === 429 && Date.now() < deadline) {
    status = (await download('projects.csv')).status;
    if (status === 429) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(status).toBe(200);
});
