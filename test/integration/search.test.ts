import { Role } from '../../src/modules/auth/caller';
import { printSdl } from '../../src/schema';
import { fromGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
beforeAll(async () => {
  factory = new Factory(api.db);
});

const LIST = `query($filter: CommitmentFilter, $orderBy: CommitmentOrder, $asOf: DateTime, $first: Int, $after: String) {
  commitments(filter: $filter, orderBy: $orderBy, asOf: $asOf, first: $first, after: $after) {
    totalCount edges { node { id title } } pageInfo { hasNextPage endCursor }
  }
}`;
const list = async (variables: Record<string, unknown>, headers?: Record<string, string>) =>
  dataOf(await api.graphql(LIST, { first: 100, ...variables }, headers)).commitments;
const titles = (connection: any): string[] => connection.edges.map((e: any) => e.node.title);

/** A commitment of one country with a description (the factory leaves it empty). */
async function described(countryId: string, title: string, description: string, status = 'ANNOUNCED') {
  const made = await factory.commitment({ title, status, partyIds: [countryId] });
  await api.db.query('UPDATE commitments SET description = $2 WHERE id = $1', [made.id, description]);
  return made;
}

describe('commitment search', () => {
  let country: { id: string; code: string };
  beforeAll(async () => {
    country = await factory.country();
    await described(country.id, 'Cobalt recycling plant', 'Recycled cobalt from used batteries: cobalt, cobalt and more cobalt.');
    await described(country.id, 'Lithium refinery', 'A plant that recycles lithium and some cobalt.');
    await described(country.id, 'Rare earth magnets', 'Permanent magnet research.');
    await described(country.id, 'Nickel supply agreement', 'Long-term offtake of nickel.', 'DELIVERED');
  });
  const search = (text: string, extra: Record<string, unknown> = {}, orderBy?: unknown) =>
    list({ filter: { countryCodes: [country.code], search: text, ...extra }, orderBy }).then(titles);

  it('matches title and description with English stemming, most relevant first', async () => {
    expect(await search('recycling')).toEqual(expect.arrayContaining(['Cobalt recycling plant', 'Lithium refinery']));
    expect(await search('recycling')).toHaveLength(2);
    expect(await search('cobalt')).toEqual(['Cobalt recycling plant', 'Lithium refinery']);
    expect(await search('battery')).toEqual(['Cobalt recycling plant']);
    expect(await search('MAGNETS')).toEqual(['Rare earth magnets']);
    expect(await search('tungsten')).toEqual([]);
  });

  it('understands web-search syntax: phrases, exclusion and or', async () => {
    expect(await search('"rare earth"')).toEqual(['Rare earth magnets']);
    expect(await search('"earth rare"')).toEqual([]);
    expect(await search('cobalt -lithium')).toEqual(['Cobalt recycling plant']);
    expect((await search('nickel or magnets')).sort()).toEqual(['Nickel supply agreement', 'Rare earth magnets']);
  });

  it('combines with the other filters, and a blank search filters nothing', async () => {
    expect(await search('cobalt', { statuses: ['DELIVERED'] })).toEqual([]);
    expect(await search('nickel', { statuses: ['DELIVERED'] })).toEqual(['Nickel supply agreement']);
    expect(await search('cobalt', { kinds: ['FUNDING'], overdue: false })).toEqual(['Cobalt recycling plant', 'Lithium refinery']);
    expect(await search('   ')).toHaveLength(4);
  });

  it('follows orderBy instead of relevance when one is given', async () => {
    expect(await search('cobalt', {}, { field: 'TITLE', direction: 'DESC' })).toEqual(['Lithium refinery', 'Cobalt recycling plant']);
    expect(await search('cobalt or magnets', {}, { field: 'TITLE', direction: 'ASC' })).toEqual([
      'Cobalt recycling plant',
      'Lithium refinery',
      'Rare earth magnets',
    ]);
  });

  it('searches Country.commitments too', async () => {
    const data = dataOf(
      await api.graphql(
        'query($code: String!) { country(code: $code) { commitments(filter: { search: "refinery" }) { totalCount edges { node { title } } } } }',
        { code: country.code },
      ),
    );
    expect(data.country.commitments).toEqual({ totalCount: 1, edges: [{ node: { title: 'Lithium refinery' } }] });
  });
});

describe('paging by relevance', () => {
  it('visits every match once, most relevant first, equal ranks by id (descending), and refuses cursors of other orderings', async () => {
    const country = await factory.country();
    const strong = await described(country.id, 'Gallium gallium gallium', 'gallium gallium gallium');
    const medium = await described(country.id, 'Gallium export controls', 'gallium gallium');
    const tied = [];
    for (let i = 0; i < 5; i++) tied.push(await described(country.id, 'Gallium supply', 'A supply study.'));
    await described(country.id, 'Germanium supply', 'No match here.');
    const filter = { countryCodes: [country.code], search: 'gallium' };

    const ids: string[] = [];
    let after: string | null = null;
    let cursor: string | null = null;
    do {
      const page: any = await list({ filter, first: 2, after });
      ids.push(...page.edges.map((e: any) => fromGlobalId('Commitment', e.node.id)));
      cursor ??= page.pageInfo.endCursor;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const tiedByIdDescending = tied
      .map((c) => c.id)
      .sort()
      .reverse();
    expect(ids).toEqual([strong.id, medium.id, ...tiedByIdDescending]);

    const withoutSearch = await api.graphql(LIST, { filter: { countryCodes: [country.code] }, first: 2, after: cursor });
    expect(withoutSearch.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const sorted = await api.graphql(LIST, { filter, orderBy: { field: 'CREATED_AT', direction: 'DESC' }, first: 2, after: cursor });
    expect(sorted.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('search as of a past instant', () => {
  it('matches the title and description the commitment had then', async () => {
    const admin = await authHeader({ sub: 'search-admin', role: Role.ADMIN });
    const country = await factory.country();
    const created = dataOf(
      await api.graphql(
        'mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version } } }',
        {
          input: {
            title: 'Tungsten stockpile',
            description: 'Strategic reserve of tungsten.',
            kind: 'POLICY',
            instrument: 'STATEMENT',
            parties: [{ countryCode: country.code, role: 'LEAD' }],
          },
        },
        admin,
      ),
    ).createCommitment.commitment;
    const [{ at }] = await api.db.query(`SELECT max(occurred_at) + interval '1 millisecond' AS at FROM audit_events`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    dataOf(
      await api.graphql(
        'mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { title } } }',
        {
          input: {
            commitmentId: created.id,
            expectedVersion: created.version,
            title: 'Molybdenum stockpile',
            description: 'Strategic reserve of molybdenum.',
          },
        },
        admin,
      ),
    );
    // Past states are for AUDITOR and ADMIN tokens.
    const search = async (text: string, asOf?: Date) =>
      titles(await list({ filter: { countryCodes: [country.code], search: text }, asOf }, admin));
    expect(await search('tungsten', at)).toEqual(['Tungsten stockpile']);
    expect(await search('reserve', at)).toEqual(['Tungsten stockpile']);
    expect(await search('molybdenum', at)).toEqual([]);
    expect(await search('tungsten')).toEqual([]);
    expect(await search('molybdenum')).toEqual(['Molybdenum stockpile']);

    const nested = dataOf(
      await api.graphql(
        'query($code: String!, $asOf: DateTime) { country(code: $code) { commitments(asOf: $asOf, filter: { search: "tungsten" }) { edges { node { title } } } } }',
        {
          code: country.code,
          asOf: at,
        },
        admin,
      ),
    );
    expect(nested.country.commitments.edges).toEqual([{ node: { title: 'Tungsten stockpile' } }]);
  });
});

describe('project and meeting search', () => {
  it('searches project name, description and location, with the other filters and orderBy', async () => {
    const country = await factory.country();
    const make = async (name: string, description: string, location: string | null, status = 'PIPELINE') => {
      const made = await factory.project({ name, status, participantIds: [country.id] });
      await api.db.query('UPDATE projects SET description = $2, location = $3 WHERE id = $1', [made.id, description, location]);
    };
    await make('Nickel smelter', 'Class 1 nickel for batteries.', 'Kalgoorlie, Western Australia');
    await make('Graphite anodes', 'Anode material from graphite mined in Australia.', 'Queensland', 'IMPLEMENTATION');
    await make('Battery recycling', 'Black mass processing.', null);
    const names = async (filter: Record<string, unknown>, orderBy?: unknown) =>
      dataOf(
        await api.graphql(
          'query($filter: ProjectFilter, $orderBy: ProjectOrder) { projects(filter: $filter, orderBy: $orderBy) { edges { node { name } } } }',
          {
            filter: { countryCodes: [country.code], ...filter },
            orderBy,
          },
        ),
      ).projects.edges.map((e: any) => e.node.name);
    expect(await names({ search: 'kalgoorlie' })).toEqual(['Nickel smelter']);
    expect(await names({ search: 'battery' }, { field: 'NAME', direction: 'ASC' })).toEqual(['Battery recycling', 'Nickel smelter']);
    expect(await names({ search: 'australia' }, { field: 'NAME', direction: 'DESC' })).toEqual(['Nickel smelter', 'Graphite anodes']);
    expect(await names({ search: 'australia', statuses: ['IMPLEMENTATION'] })).toEqual(['Graphite anodes']);
    expect(await names({ search: 'cobalt' })).toEqual([]);
  });

  it('searches meeting title, summary and city, with the other filters and orderBy', async () => {
    const country = await factory.country();
    const make = async (title: string, summary: string, city: string, startsOn: string) => {
      const made = await factory.meeting({ title, startsOn, participantIds: [country.id] });
      await api.db.query('UPDATE meetings SET summary = $2, city = $3 WHERE id = $1', [made.id, summary, city]);
    };
    await make('Working group on traceability', 'Battery passports and traceability.', 'Ottawa', '2025-03-01');
    await make('Ministerial on processing', 'Refining capacity outside China.', 'Tokyo', '2025-06-01');
    await make('Experts on traceability', 'Data standards.', 'Brussels', '2024-11-01');
    const titlesOf = async (filter: Record<string, unknown>, orderBy?: unknown) =>
      dataOf(
        await api.graphql(
          'query($filter: MeetingFilter, $orderBy: MeetingOrder) { meetings(filter: $filter, orderBy: $orderBy) { edges { node { title } } } }',
          {
            filter: { countryCodes: [country.code], ...filter },
            orderBy,
          },
        ),
      ).meetings.edges.map((e: any) => e.node.title);
    expect(await titlesOf({ search: 'ottawa' })).toEqual(['Working group on traceability']);
    expect(await titlesOf({ search: 'refine' })).toEqual(['Ministerial on processing']);
    expect(await titlesOf({ search: 'traceability' }, { field: 'START_DATE', direction: 'ASC' })).toEqual([
      'Experts on traceability',
      'Working group on traceability',
    ]);
    expect(await titlesOf({ search: 'traceability' })).toEqual(['Working group on traceability', 'Experts on traceability']);
    expect(await titlesOf({ search: 'traceability', startsOnFrom: '2025-01-01' })).toEqual(['Working group on traceability']);
  });
});

describe('the search vector', () => {
  it('is never part of the API', async () => {
    expect(await printSdl()).not.toMatch(/search_?vector/i);
  });
});
