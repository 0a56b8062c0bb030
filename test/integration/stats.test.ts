import { decodeRecordId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;
const COMMITMENTS = 5000;
const PROJECTS = 800;
let countries: { id: string; code: string }[];
let minerals: { id: string; code: string }[];

/** A bulk insert of the setup: with no statement timeout, which a busy machine could outlast. */
const bulk = (sql: string, params: unknown[] = []) =>
  api.db.transaction(async (manager) => {
    await manager.query('SET LOCAL statement_timeout = 0');
    return manager.query(sql, params);
  });

/** Country codes no seeded or factory-made country uses (the factory takes Q? and X?). */
async function freeCountryCodes(count: number): Promise<string[]> {
  const taken = new Set((await api.db.query('SELECT code FROM countries')).map((row: any) => row.code));
  const letters = 'ABCDEFGHIJKLMNOPRSTUVWYZ';
  const codes = [...letters].flatMap((first) => [...letters].map((second) => first + second)).filter((code) => !taken.has(code));
  return codes.slice(0, count);
}

beforeAll(async () => {
  factory = new Factory(api.db);
  const codes = await freeCountryCodes(60);
  countries = await api.db.query(
    `INSERT INTO countries (code, name, kind) SELECT code, 'Stats land ' || code, 'COUNTRY' FROM unnest($1::text[]) WITH ORDINALITY AS t(code, n) ORDER BY n RETURNING id, code`,
    [codes],
  );
  minerals = [];
  for (let i = 0; i < 8; i++) minerals.push(await factory.mineral(`STATS_M${i}`));
  const meetings = [];
  for (let i = 0; i < 5; i++) meetings.push((await factory.meeting({ title: `Stats meeting ${i}` })).id);
  const countryIds = countries.map((c) => c.id);
  const mineralIds = minerals.map((m) => m.id);

  // Deterministic but uncorrelated-looking columns; amounts up to 10^14 so totals pass 2^53 (exact only as decimals). Yen have no minor unit.
  await bulk(
    `INSERT INTO commitments (id, title, kind, instrument, status, meeting_id, amount, currency, announced_on)
     SELECT md5('stats-' || i)::uuid, 'Generated commitment ' || i,
       (ARRAY['FUNDING','TECHNOLOGY_SHARING','RECYCLING','RESEARCH_SHARING','SUPPLY_AGREEMENT','ALLIANCE_MEMBERSHIP','POLICY'])[1 + i % 7],
       'STATEMENT',
       (ARRAY['PROPOSED','ANNOUNCED','IN_PROGRESS','DELIVERED','DELAYED','WITHDRAWN'])[1 + (i / 7) % 6],
       CASE WHEN i % 9 = 0 THEN NULL ELSE ($1::uuid[])[1 + i % 5] END,
       CASE WHEN i % 4 = 3 THEN NULL WHEN (i / 4) % 3 = 2 THEN round(((i::bigint * 982451653 * 7919) % 10000000000000000) / 100.0) ELSE ((i::bigint * 982451653 * 7919) % 10000000000000000) / 100.0 END,
       CASE WHEN i % 4 = 3 THEN NULL ELSE (ARRAY['USD','EUR','JPY'])[1 + (i / 4) % 3] END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE date '2019-01-01' + (i * 13) % 2500 END
     FROM generate_series(1, ${COMMITMENTS}) i`,
    [meetings],
  );
  // Every fifth commitment has a co-party from the same block of five countries, so a block's commitments have parties only in it.
  await bulk(
    `INSERT INTO commitment_parties (commitment_id, country_id, role)
     SELECT md5('stats-' || i)::uuid, ($1::uuid[])[1 + i % 60], 'LEAD' FROM generate_series(1, ${COMMITMENTS}) i WHERE i % 97 <> 0
     UNION ALL
     SELECT md5('stats-' || i)::uuid, ($1::uuid[])[1 + (i % 60) / 5 * 5 + (i % 5 + 1 + (i / 60) % 4) % 5], 'PARTY'
     FROM generate_series(1, ${COMMITMENTS}) i WHERE i % 97 <> 0 AND i % 3 = 0`,
    [countryIds],
  );
  // Each party's obligation, in the commitment's status; the amount is the lead's alone.
  await bulk(
    `INSERT INTO obligations (commitment_id, country_id, status, amount, currency)
     SELECT p.commitment_id, p.country_id, c.status, CASE WHEN p.role = 'LEAD' THEN c.amount END, CASE WHEN p.role = 'LEAD' THEN c.currency END
     FROM commitment_parties p JOIN commitments c ON c.id = p.commitment_id WHERE c.title LIKE 'Generated commitment %'`,
  );
  await bulk(
    `INSERT INTO commitment_minerals (commitment_id, mineral_id)
     SELECT md5('stats-' || i)::uuid, ($1::uuid[])[1 + i % 8] FROM generate_series(1, ${COMMITMENTS}) i WHERE i % 5 <> 0
     UNION ALL
     SELECT md5('stats-' || i)::uuid, ($1::uuid[])[1 + (i % 8 + 1 + (i / 8) % 7) % 8] FROM generate_series(1, ${COMMITMENTS}) i WHERE i % 5 <> 0 AND i % 2 = 0`,
    [mineralIds],
  );
  await bulk(
    `INSERT INTO projects (id, name, kind, status, budget_amount, budget_currency, starts_on)
     SELECT md5('stats-project-' || i)::uuid, 'Generated project ' || i,
       (ARRAY['FUNDING','TECHNOLOGY_SHARING','RECYCLING','REFINING','RESEARCH'])[1 + i % 5],
       (ARRAY['PIPELINE','IMPLEMENTATION','FINALISATION','CLOSED','CANCELLED','SUSPENDED'])[1 + (i / 5) % 6],
       CASE WHEN i % 6 = 1 THEN NULL ELSE ((i::bigint * 2147483647) % 10000000000000) / 100.0 END,
       CASE WHEN i % 6 = 1 THEN NULL ELSE (ARRAY['USD','EUR','GBP','AUD'])[1 + (i / 3) % 4] END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE date '2018-01-01' + (i * 31) % 3000 END
     FROM generate_series(1, ${PROJECTS}) i`,
  );
  await bulk(
    `INSERT INTO project_participants (project_id, country_id, role)
     SELECT md5('stats-project-' || i)::uuid, ($1::uuid[])[1 + i % 60], 'LEAD' FROM generate_series(1, ${PROJECTS}) i
     UNION ALL
     SELECT md5('stats-project-' || i)::uuid, ($1::uuid[])[1 + (i + 17) % 60], 'FUNDER' FROM generate_series(1, ${PROJECTS}) i WHERE i % 2 = 0`,
    [countryIds],
  );
  await bulk(
    `INSERT INTO project_minerals (project_id, mineral_id)
     SELECT md5('stats-project-' || i)::uuid, ($1::uuid[])[1 + i % 8] FROM generate_series(1, ${PROJECTS}) i WHERE i % 4 <> 0`,
    [mineralIds],
  );
}, 240_000);

/** A row as the test reads it straight from the tables, with its links. */
interface Raw {
  id: string;
  values: Record<string, string | number | null>;
  amount: string | null;
  currency: string | null;
  links: Record<string, string[]>;
  /** For a commitment: the country whose obligation carries its amount (its lead); grouped by country, only that one counts it. */
  pledger?: string | null;
}

async function load(
  table: string,
  columns: Record<string, string>,
  amount: string,
  currency: string,
  linkTables: Record<string, [string, string, string]>,
): Promise<Raw[]> {
  const select = Object.entries(columns)
    .map(([name, sql]) => `${sql} AS "${name}"`)
    .join(', ');
  const rows = await api.db.query(`SELECT id, ${select}, ${amount}::text AS amount, ${currency} AS currency FROM ${table}`);
  const byId = new Map<string, Raw>(
    rows.map((row: any) => {
      const { id, amount: a, currency: c, ...values } = row;
      return [id, { id, values, amount: a, currency: c, links: Object.fromEntries(Object.keys(linkTables).map((name) => [name, []])) }];
    }),
  );
  for (const [name, [link, owner, target]] of Object.entries(linkTables)) {
    for (const row of await api.db.query(`SELECT ${owner} AS owner, ${target} AS target FROM ${link}`))
      byId.get(row.owner)!.links[name].push(row.target);
  }
  return [...byId.values()];
}

const cents = (amount: string): bigint => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
};
/** Totals as the API writes them: with the currency's minor units (none for yen). */
const decimal = (value: bigint, currency: string) =>
  currency === 'JPY' ? `${value / 100n}` : `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

/** The groups computed in the test: one entry per combination, linked dimensions expanded (none linked: null). */
function expectedGroups(rows: Raw[], dimensions: string[]): Map<string, { count: number; totals: Record<string, string> }> {
  const groups = new Map<string, { count: number; sums: Map<string, bigint> }>();
  for (const row of rows) {
    let keys: (string | number | null)[][] = [[]];
    for (const dimension of dimensions) {
      const options = dimension in row.links ? (row.links[dimension].length ? row.links[dimension] : [null]) : [row.values[dimension]];
      keys = keys.flatMap((key) => options.map((option) => [...key, option]));
    }
    const country = dimensions.indexOf('COUNTRY');
    for (const key of keys) {
      const id = JSON.stringify(key);
      const group = groups.get(id) ?? { count: 0, sums: new Map() };
      group.count += 1;
      const pledged = row.pledger === undefined || country < 0 || key[country] === null || key[country] === row.pledger;
      if (row.amount !== null && pledged) group.sums.set(row.currency!, (group.sums.get(row.currency!) ?? 0n) + cents(row.amount));
      groups.set(id, group);
    }
  }
  return new Map(
    [...groups].map(([id, group]) => [
      id,
      { count: group.count, totals: Object.fromEntries([...group.sums].map(([c, s]) => [c, decimal(s, c)])) },
    ]),
  );
}

const GLOBAL = (value: { id: string } | null) => (value ? decodeRecordId(value.id).id : null);
const KEY_FIELDS: Record<string, (key: any) => string | number | null> = {
  COUNTRY: (key) => GLOBAL(key.country),
  MINERAL: (key) => GLOBAL(key.mineral),
  MEETING: (key) => GLOBAL(key.meeting),
  KIND: (key) => key.kind,
  STATUS: (key) => key.status,
  YEAR: (key) => key.year,
};

/** Asks the API for the groups and checks each against the test's own count and exact totals. */
async function expectStats(
  query: string,
  field: string,
  moneyField: string,
  rows: Raw[],
  groupBy: string[],
  filter: Record<string, unknown> | null,
) {
  const response = await api.graphql(query, { groupBy, filter });
  const groups: any[] = dataOf(response)[field];
  const expected = expectedGroups(rows, groupBy);
  expect(groups).toHaveLength(expected.size);
  for (const group of groups) {
    const id = JSON.stringify(groupBy.map((dimension) => KEY_FIELDS[dimension](group.key)));
    expect({ id, count: group.count, totals: Object.fromEntries(group[moneyField].map((m: any) => [m.currency, m.amount])) }).toEqual({
      id,
      ...expected.get(id),
    });
    expect(group[moneyField].map((m: any) => m.currency)).toEqual([...group[moneyField].map((m: any) => m.currency)].sort());
    for (const dimension of Object.keys(KEY_FIELDS).filter((d) => !groupBy.includes(d)))
      expect(KEY_FIELDS[dimension](group.key)).toBeNull();
  }
  const counts = groups.map((group) => group.count);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  return response;
}

const COMMITMENT_STATS = `query($filter: CommitmentFilter, $groupBy: [CommitmentStatsDimension!]!) {
  commitmentStats(filter: $filter, groupBy: $groupBy) {
    key { country { id code name } kind status mineral { id code } meeting { id title } year }
    count amounts { amount currency }
  }
}`;

describe('commitmentStats', () => {
  let rows: Raw[];
  beforeAll(async () => {
    rows = await load(
      'commitments',
      { KIND: 'kind', STATUS: 'status', MEETING: 'meeting_id', YEAR: 'extract(year FROM announced_on)::int' },
      'amount',
      'currency',
      {
        COUNTRY: ['commitment_parties', 'commitment_id', 'country_id'],
        MINERAL: ['commitment_minerals', 'commitment_id', 'mineral_id'],
      },
    );
    expect(rows.length).toBeGreaterThanOrEqual(COMMITMENTS);
    const leads = new Map<string, string>(
      (await api.db.query(`SELECT commitment_id, country_id FROM commitment_parties WHERE role = 'LEAD'`)).map((r: any) => [
        r.commitment_id,
        r.country_id,
      ]),
    );
    for (const row of rows) row.pledger = leads.get(row.id) ?? null;
    const usd = rows.filter((row) => row.currency === 'USD').reduce((sum, row) => sum + cents(row.amount!), 0n);
    expect(usd).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it.each([
    [[]],
    [['COUNTRY']],
    [['KIND', 'STATUS']],
    [['MINERAL', 'YEAR']],
    [['MEETING', 'COUNTRY', 'STATUS']],
    [['YEAR', 'KIND', 'MINERAL', 'MEETING']],
  ])('groups by %j with exact counts and per-currency totals', async (groupBy) => {
    await expectStats(COMMITMENT_STATS, 'commitmentStats', 'amounts', rows, groupBy, null);
  });

  it('applies the filter before grouping (a commitment covering the filtered mineral still counts for its other minerals)', async () => {
    const mineral = minerals[3];
    const matching = rows.filter(
      (row) =>
        row.links.MINERAL.includes(mineral.id) &&
        ['DELIVERED', 'IN_PROGRESS'].includes(row.values.STATUS as string) &&
        row.currency !== 'JPY' &&
        row.amount !== null &&
        cents(row.amount) >= 100_000_000n,
    );
    expect(matching.length).toBeGreaterThan(50);
    const filter = { mineralCodes: [mineral.code], statuses: ['DELIVERED', 'IN_PROGRESS'], amountMin: '1000000.00' };
    for (const currency of ['USD', 'EUR']) {
      await expectStats(
        COMMITMENT_STATS,
        'commitmentStats',
        'amounts',
        matching.filter((row) => row.currency === currency),
        ['MINERAL', 'STATUS'],
        { ...filter, amountCurrency: currency },
      );
    }
  });

  it('costs the same few statements for 5 groups as for 60 (keys resolve through batched loaders)', async () => {
    const blockOfFive = countries.slice(0, 5).map((c) => c.code);
    const few = await api.graphql(COMMITMENT_STATS, { groupBy: ['COUNTRY'], filter: { countryCodes: blockOfFive } });
    const many = await api.graphql(COMMITMENT_STATS, { groupBy: ['COUNTRY'], filter: { countryCodes: countries.map((c) => c.code) } });
    expect(
      dataOf(few)
        .commitmentStats.map((g: any) => g.key.country.code)
        .sort(),
    ).toEqual([...blockOfFive].sort());
    expect(dataOf(many).commitmentStats).toHaveLength(60);
    expect(few.statements).toBeGreaterThan(0);
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBeLessThanOrEqual(3);
  });

  it('refuses an unknown dimension', async () => {
    const response = await api.graphql(COMMITMENT_STATS, { groupBy: ['PLANET'] });
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

const PROJECT_STATS = `query($filter: ProjectFilter, $groupBy: [ProjectStatsDimension!]!) {
  projectStats(filter: $filter, groupBy: $groupBy) { key { country { id code } kind status mineral { id } year } count budgets { amount currency } }
}`;

describe('projectStats', () => {
  let rows: Raw[];
  beforeAll(async () => {
    rows = await load(
      'projects',
      { KIND: 'kind', STATUS: 'status', YEAR: 'extract(year FROM starts_on)::int' },
      'budget_amount',
      'budget_currency',
      {
        COUNTRY: ['project_participants', 'project_id', 'country_id'],
        MINERAL: ['project_minerals', 'project_id', 'mineral_id'],
      },
    );
  });

  it.each([[[]], [['COUNTRY']], [['KIND', 'STATUS']], [['MINERAL', 'YEAR']], [['COUNTRY', 'MINERAL', 'STATUS']]])(
    'groups by %j with exact counts and budget totals',
    async (groupBy) => {
      await expectStats(PROJECT_STATS, 'projectStats', 'budgets', rows, groupBy, null);
    },
  );

  it('applies the filter before grouping', async () => {
    const matching = rows.filter((row) => ['CLOSED', 'PIPELINE'].includes(row.values.STATUS as string) && row.currency === 'AUD');
    await expectStats(PROJECT_STATS, 'projectStats', 'budgets', matching, ['COUNTRY', 'KIND'], {
      statuses: ['CLOSED', 'PIPELINE'],
      budgetCurrency: 'AUD',
    });
  });

  it('costs the same statements whatever the number of groups', async () => {
    const few = await api.graphql(PROJECT_STATS, { groupBy: ['COUNTRY'], filter: { countryCodes: [countries[0].code] } });
    const many = await api.graphql(PROJECT_STATS, { groupBy: ['COUNTRY'] });
    expect(dataOf(many).projectStats.length).toBeGreaterThan(50);
    expect(many.statements).toBe(few.statements);
  });
});
