import { fromGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
beforeAll(async () => {
  factory = new Factory(api.db);
});

const TODAY = new Date().toISOString().slice(0, 10);
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

interface Dated {
  title: string;
  status?: string;
  kind?: string;
  targetOn?: string | null;
  announcedOn?: string | null;
  amount?: [string, string] | null;
  updatedAt?: string;
}

/** A commitment of one country with the dates and amount the factory does not set. */
async function commitment(countryId: string, fields: Dated, meetingId?: string) {
  const made = await factory.commitment({
    title: fields.title,
    status: fields.status,
    kind: fields.kind,
    partyIds: [countryId],
    meetingId,
    amount: fields.amount?.[0],
    currency: fields.amount?.[1],
  });
  await api.db.query('UPDATE commitments SET target_on = $2, announced_on = $3, updated_at = coalesce($4, updated_at) WHERE id = $1', [
    made.id,
    fields.targetOn ?? null,
    fields.announcedOn ?? null,
    fields.updatedAt ?? null,
  ]);
  return made;
}

const LIST = `query($filter: CommitmentFilter, $orderBy: CommitmentOrder, $first: Int, $after: String, $last: Int, $before: String) {
  commitments(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const list = async (variables: Record<string, unknown>) => dataOf(await api.graphql(LIST, variables)).commitments;
const titlesOf = async (filter: Record<string, unknown>) => (await list({ filter, first: 100 })).edges.map((e: any) => e.node.title).sort();

type SortValue = string | number | bigint | null;

/** The order Postgres must return: values with NULLS LAST in both directions, then id, both in the direction asked. */
function expectedOrder(rows: { id: string; value: SortValue }[], direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  const compare = (a: SortValue, b: SortValue) => (a! < b! ? -1 : a! > b! ? 1 : 0);
  return [...rows]
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? sign * compare(a.id, b.id) : a.value === null ? 1 : -1;
      return sign * (compare(a.value, b.value) || compare(a.id, b.id));
    })
    .map((row) => row.id);
}

/** Every id of a list, paging forward `size` at a time with after-cursors. */
async function pageThrough(query: string, path: (data: any) => any, variables: Record<string, unknown>, size = 3): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const connection = path(dataOf(await api.graphql(query, { ...variables, first: size, after })));
    ids.push(...connection.edges.map((e: any) => fromGlobalId(e.node.__typename ?? 'Commitment', e.node.id)));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;

describe('commitment filters', () => {
  let country: { id: string; code: string };
  beforeAll(async () => {
    country = await factory.country();
    const add = (fields: Dated) => commitment(country.id, fields);
    await add({ title: 'alpha', status: 'ANNOUNCED', targetOn: '2020-06-30', amount: ['100.00', 'USD'] });
    await add({ title: 'bravo', status: 'DELIVERED', targetOn: '2020-06-30', amount: ['250.50', 'USD'] });
    await add({ title: 'charlie', kind: 'RECYCLING', status: 'WITHDRAWN', targetOn: '2021-01-01', amount: ['1000.00', 'EUR'] });
    await add({ title: 'delta', kind: 'RECYCLING', status: 'IN_PROGRESS', targetOn: '2099-12-31', amount: ['50.00', 'EUR'] });
    await add({ title: 'echo', kind: 'POLICY', status: 'DELAYED' });
    await add({ title: 'foxtrot', kind: 'POLICY', status: 'DELAYED', targetOn: '2022-03-15', amount: ['999999999999.99', 'JPY'] });
    await add({ title: 'golf', status: 'PROPOSED', targetOn: TODAY });
    await add({ title: 'hotel', status: 'PROPOSED', targetOn: YESTERDAY, amount: ['100.00', 'EUR'] });
  });
  const mine = (filter: Record<string, unknown>) => titlesOf({ countryCodes: [country.code], ...filter });

  it('targetOnFrom and targetOnTo are inclusive and leave undated commitments out', async () => {
    expect(await mine({ targetOnFrom: '2020-06-30', targetOnTo: '2021-01-01' })).toEqual(['alpha', 'bravo', 'charlie']);
    expect(await mine({ targetOnFrom: '2022-03-15' })).toEqual(['delta', 'foxtrot', 'golf', 'hotel']);
    expect(await mine({ targetOnTo: '2020-06-29' })).toEqual([]);
  });

  it('overdue: target date before today and neither DELIVERED nor WITHDRAWN; false gives exactly the others', async () => {
    expect(await mine({ overdue: true })).toEqual(['alpha', 'foxtrot', 'hotel']);
    expect(await mine({ overdue: false })).toEqual(['bravo', 'charlie', 'delta', 'echo', 'golf']);
  });

  it('amountMin and amountMax are inclusive, compare exact decimals, and leave commitments without an amount out', async () => {
    expect(await mine({ amountMin: '100', amountMax: '250.50' })).toEqual(['alpha', 'bravo', 'hotel']);
    expect(await mine({ amountMin: '250.51' })).toEqual(['charlie', 'foxtrot']);
    expect(await mine({ amountMin: '999999999999.99' })).toEqual(['foxtrot']);
    expect(await mine({ amountMax: '50' })).toEqual(['delta']);
  });

  it('currency matches the amount currency, case-insensitively', async () => {
    expect(await mine({ amountCurrency: 'eur' })).toEqual(['charlie', 'delta', 'hotel']);
    expect(await mine({ amountCurrency: 'CHF' })).toEqual([]);
  });

  it('combines every condition with AND', async () => {
    expect(await mine({ overdue: true, amountCurrency: 'USD' })).toEqual(['alpha']);
    expect(await mine({ overdue: false, amountMin: '60', targetOnTo: '2030-01-01' })).toEqual(['bravo', 'charlie']);
    expect(await mine({ kinds: ['RECYCLING', 'POLICY'], statuses: ['DELAYED', 'IN_PROGRESS'], targetOnFrom: '2022-01-01' })).toEqual([
      'delta',
      'foxtrot',
    ]);
    expect(await mine({ overdue: true, kinds: ['POLICY'], amountMax: '1000' })).toEqual([]);
  });

  it('applies to Country.commitments as well', async () => {
    const data = dataOf(
      await api.graphql(
        `query($code: String!) { country(code: $code) { commitments(filter: { overdue: true, amountCurrency: "EUR" }) { totalCount edges { node { title } } } } }`,
        {
          code: country.code,
        },
      ),
    );
    expect(data.country.commitments).toEqual({ totalCount: 1, edges: [{ node: { title: 'hotel' } }] });
  });

  it('refuses a malformed amount or date with BAD_USER_INPUT', async () => {
    for (const filter of [{ amountMin: '1.234' }, { targetOnFrom: '2026-13-01' }, { amountCurrency: 'EURO' }]) {
      const response = await api.graphql(LIST, { filter });
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('commitment sorting', () => {
  let country: { id: string; code: string };
  let meeting: { id: string; globalId: string };
  const raw: Record<string, { id: string; value: SortValue }[]> = {};
  beforeAll(async () => {
    country = await factory.country();
    meeting = await factory.meeting({ title: 'Sorting meeting' });
    const hour = (n: number) => new Date(Date.UTC(2026, 0, 1, n)).toISOString();
    const rows: Dated[] = [
      { title: 'kilo', targetOn: '2027-01-01', announcedOn: '2024-01-01', amount: ['10.00', 'USD'], updatedAt: hour(5) },
      { title: 'lima', announcedOn: '2025-02-02', updatedAt: hour(1) },
      { title: 'mike', targetOn: '2026-05-05', amount: ['2500.50', 'EUR'], updatedAt: hour(3) },
      { title: 'kilo', targetOn: '2027-01-01', announcedOn: '2024-01-01', amount: ['10.00', 'JPY'], updatedAt: hour(3) },
      { title: 'november', announcedOn: '2023-03-03', amount: ['999.99', 'USD'], updatedAt: hour(7) },
      { title: 'oscar', targetOn: '2025-01-01', updatedAt: hour(2) },
      { title: 'papa', targetOn: '2027-01-01', announcedOn: '2022-01-01', amount: ['0.01', 'USD'], updatedAt: hour(6) },
      { title: 'quebec', targetOn: '2026-05-05', announcedOn: '2024-01-01', amount: ['2500.50', 'USD'], updatedAt: hour(4) },
    ];
    for (const row of rows) await commitment(country.id, row, meeting.id);
    const values: Record<string, string> = {
      TARGET_DATE: 'target_on::text',
      ANNOUNCED_DATE: 'announced_on::text',
      AMOUNT: 'amount::float8',
      TITLE: 'title',
      UPDATED_AT: MICROS('updated_at'),
      CREATED_AT: MICROS('created_at'),
    };
    for (const [field, expression] of Object.entries(values)) {
      const found = await api.db.query(
        `SELECT c.id, ${expression} AS value FROM commitments c JOIN commitment_parties p ON p.commitment_id = c.id WHERE p.country_id = $1`,
        [country.id],
      );
      raw[field] = found.map((row: any) => ({
        id: row.id,
        value: row.value === null ? null : field.endsWith('_AT') ? BigInt(row.value) : row.value,
      }));
    }
  });

  const FIELDS = ['TARGET_DATE', 'ANNOUNCED_DATE', 'AMOUNT', 'UPDATED_AT', 'TITLE', 'CREATED_AT'];
  const CASES = FIELDS.flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const));

  it.each(CASES)('orders by %s %s (NULLS LAST, id tie-break), page by page with first: 3', async (field, direction) => {
    const ids = await pageThrough(LIST, (data) => data.commitments, {
      filter: { countryCodes: [country.code] },
      orderBy: { field, direction },
    });
    expect(ids).toEqual(expectedOrder(raw[field], direction));
  });

  it('defaults to CREATED_AT ASC, as before sorting existed', async () => {
    const ids = await pageThrough(LIST, (data) => data.commitments, { filter: { countryCodes: [country.code] } });
    expect(ids).toEqual(expectedOrder(raw.CREATED_AT, 'ASC'));
  });

  it('orders Country.commitments and Meeting.commitments too', async () => {
    const query = `query($code: String!, $meeting: ID!) {
      country(code: $code) { commitments(orderBy: { field: AMOUNT, direction: DESC }, first: 100) { edges { node { id } } } }
      meeting(id: $meeting) { commitments(orderBy: { field: TITLE, direction: ASC }, first: 100) { edges { node { id } } } }
    }`;
    const data = dataOf(await api.graphql(query, { code: country.code, meeting: meeting.globalId }));
    const ids = (connection: any) => connection.edges.map((e: any) => fromGlobalId('Commitment', e.node.id));
    expect(ids(data.country.commitments)).toEqual(expectedOrder(raw.AMOUNT, 'DESC'));
    expect(ids(data.meeting.commitments)).toEqual(expectedOrder(raw.TITLE, 'ASC'));
  });
});

describe('cursors under sorting by a non-unique field', () => {
  let country: { id: string; code: string };
  let expected: { id: string; value: SortValue }[];
  beforeAll(async () => {
    country = await factory.country();
    for (let i = 0; i < 22; i++) {
      const targetOn = i < 16 ? '2030-06-30' : i < 19 ? null : '2029-01-01';
      await commitment(country.id, { title: `same day ${i}`, targetOn });
    }
    const rows = await api.db.query(
      'SELECT c.id, c.target_on::text AS value FROM commitments c JOIN commitment_parties p ON p.commitment_id = c.id WHERE p.country_id = $1',
      [country.id],
    );
    expected = rows;
  });
  const variables = (direction: string) => ({ filter: { countryCodes: [country.code] }, orderBy: { field: 'TARGET_DATE', direction } });

  it.each(['ASC', 'DESC'] as const)('visit every row exactly once, in order, with first: 3 (%s)', async (direction) => {
    const ids = await pageThrough(LIST, (data) => data.commitments, variables(direction));
    expect(ids).toHaveLength(22);
    expect(new Set(ids).size).toBe(22);
    expect(ids).toEqual(expectedOrder(expected, direction));
  });

  it('visit every row exactly once backward with last: 3 and before', async () => {
    const ids: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: any = await list({ ...variables('ASC'), last: 3, before });
      ids.unshift(...page.edges.map((e: any) => fromGlobalId('Commitment', e.node.id)));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(ids).toEqual(expectedOrder(expected, 'ASC'));
  });

  it('refuse a cursor from another ordering or direction', async () => {
    const page = await list({ ...variables('ASC'), first: 3 });
    const cursor = page.pageInfo.endCursor;
    for (const orderBy of [
      { field: 'TARGET_DATE', direction: 'DESC' },
      { field: 'AMOUNT', direction: 'ASC' },
      { field: 'TITLE', direction: 'ASC' },
      null,
    ]) {
      const response = await api.graphql(LIST, { filter: { countryCodes: [country.code] }, orderBy, first: 3, after: cursor });
      expect(response.body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('another list or ordering'),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });
});

const PROJECTS = `query($filter: ProjectFilter, $orderBy: ProjectOrder, $first: Int, $after: String) {
  projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { node { __typename id name } } pageInfo { hasNextPage endCursor }
  }
}`;

describe('project filters and sorting', () => {
  let country: { id: string; code: string };
  beforeAll(async () => {
    country = await factory.country();
    const rows: { name: string; status: string; startsOn?: string; endsOn?: string; budget?: [string, string] }[] = [
      { name: 'anvil', status: 'IMPLEMENTATION', startsOn: '2019-01-01', endsOn: '2020-12-31', budget: ['5000000.00', 'USD'] },
      { name: 'bellows', status: 'CLOSED', startsOn: '2018-01-01', endsOn: '2020-12-31', budget: ['120.00', 'EUR'] },
      { name: 'crucible', status: 'CANCELLED', endsOn: '2021-06-30' },
      { name: 'dross', status: 'PIPELINE', startsOn: '2026-01-01', endsOn: '2099-01-01', budget: ['120.00', 'USD'] },
      { name: 'ember', status: 'SUSPENDED', startsOn: '2020-01-01', endsOn: YESTERDAY, budget: ['75.25', 'JPY'] },
      { name: 'forge', status: 'FINALISATION' },
    ];
    for (const [index, row] of rows.entries()) {
      const made = await factory.project({ name: row.name, status: row.status, participantIds: [country.id], budget: row.budget });
      await api.db.query(
        `UPDATE projects SET starts_on = $2, ends_on = $3, updated_at = '2026-01-01'::timestamptz + $4 * interval '1 hour' WHERE id = $1`,
        [made.id, row.startsOn ?? null, row.endsOn ?? null, (index * 5) % 6],
      );
    }
  });
  const names = async (filter: Record<string, unknown>) =>
    dataOf(await api.graphql(PROJECTS, { filter: { countryCodes: [country.code], ...filter }, first: 100 }))
      .projects.edges.map((e: any) => e.node.name)
      .sort();

  it('filter by end date range, overdue, budget range and currency, alone and combined', async () => {
    expect(await names({ endsOnFrom: '2020-12-31', endsOnTo: '2021-06-30' })).toEqual(['anvil', 'bellows', 'crucible']);
    expect(await names({ overdue: true })).toEqual(['anvil', 'ember']);
    expect(await names({ overdue: false })).toEqual(['bellows', 'crucible', 'dross', 'forge']);
    expect(await names({ budgetMin: '120', budgetMax: '5000000' })).toEqual(['anvil', 'bellows', 'dross']);
    expect(await names({ budgetCurrency: 'usd' })).toEqual(['anvil', 'dross']);
    expect(await names({ overdue: true, budgetCurrency: 'USD', endsOnTo: '2021-01-01' })).toEqual(['anvil']);
    expect(await names({ overdue: false, budgetMax: '200', statuses: ['PIPELINE', 'CLOSED'] })).toEqual(['bellows', 'dross']);
  });

  const VALUES: Record<string, string> = {
    START_DATE: 'starts_on::text',
    END_DATE: 'ends_on::text',
    BUDGET: 'budget_amount::float8',
    NAME: 'name',
    UPDATED_AT: MICROS('updated_at'),
    CREATED_AT: MICROS('created_at'),
  };
  const CASES = Object.keys(VALUES).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const));

  it.each(CASES)('order by %s %s, NULLS LAST, page by page', async (field, direction) => {
    const rows = await api.db.query(
      `SELECT p.id, ${VALUES[field]} AS value FROM projects p JOIN project_participants pp ON pp.project_id = p.id WHERE pp.country_id = $1`,
      [country.id],
    );
    const values = rows.map((row: any) => ({
      id: row.id,
      value: row.value === null ? null : field.endsWith('_AT') ? BigInt(row.value) : row.value,
    }));
    const ids = await pageThrough(
      PROJECTS,
      (data) => data.projects,
      { filter: { countryCodes: [country.code] }, orderBy: { field, direction } },
      2,
    );
    expect(ids).toEqual(expectedOrder(values, direction));
  });

  it('order Country.projects too', async () => {
    const data = dataOf(
      await api.graphql(
        `query($code: String!) { country(code: $code) { projects(orderBy: { field: NAME, direction: DESC }) { edges { node { name } } } } }`,
        { code: country.code },
      ),
    );
    expect(data.country.projects.edges.map((e: any) => e.node.name)).toEqual(['forge', 'ember', 'dross', 'crucible', 'bellows', 'anvil']);
  });
});

const MEETINGS = `query($filter: MeetingFilter, $orderBy: MeetingOrder, $first: Int, $after: String) {
  meetings(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { edges { node { __typename id title } } pageInfo { hasNextPage endCursor } }
}`;

describe('meeting sorting', () => {
  it.each([
    ['START_DATE', 'ASC'],
    ['START_DATE', 'DESC'],
    ['TITLE', 'ASC'],
    ['TITLE', 'DESC'],
  ] as const)('order by %s %s, undated last, page by page', async (field, direction) => {
    const country = await factory.country();
    const made = [];
    for (const [title, startsOn] of [
      ['sigma', '2025-05-01'],
      ['rho', null],
      ['tau', '2024-01-01'],
      ['sigma', '2025-05-01'],
      ['phi', null],
      ['chi', '2026-02-02'],
    ] as const) {
      made.push({
        ...(await factory.meeting({ title, startsOn, participantIds: [country.id] })),
        value: field === 'TITLE' ? title : startsOn,
      });
    }
    const ids = await pageThrough(
      MEETINGS,
      (data) => data.meetings,
      { filter: { countryCodes: [country.code] }, orderBy: { field, direction } },
      2,
    );
    expect(ids).toEqual(expectedOrder(made, direction));
  });
});
