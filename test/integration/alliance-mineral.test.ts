import { SOURCES } from '../../src/seed/published-sources.data';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();

const MINISTERIAL_REPORT = SOURCES.ministerialReport.title;
const QUICK_DIGEST = 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China';
const IEA_STATEMENT =
  'According to the International Energy Agency, China is the world’s leading refiner for most major critical minerals, including copper, lithium, nickel, cobalt, graphite and rare earth elements, with an average market share of about 70%.';
const RANGE_STATEMENT =
  "China's overwhelming dominance in the global critical minerals sector, particularly its near-monopoly in refining capacity, which ranges from 47% to 87% for various critical minerals.";
/** The seed as the public sees it: who made a change is not public (Actor.sub). */
const SEED_ACTOR = { sub: null, role: 'ADMIN', country: null };

const ALLIANCES = `{
  alliances {
    totalCount
    edges { node {
      id code name description
      sources { source { title } }
      memberships {
        totalCount
        edges { node {
          id status startsOn endsOn version note
          alliance { code }
          country { code name }
          sources { source { title } }
          statusHistory { totalCount edges { node { fromStatus toStatus version actor { sub role country { code } } } } }
        } }
      }
    } }
  }
}`;

const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((edge) => edge.node);

/** Every alliance with its memberships, the connections unwrapped (and their totals checked). */
async function listAlliances(): Promise<{ alliances: any[] }> {
  const { alliances } = dataOf(await api.graphql(ALLIANCES));
  expect(alliances.totalCount).toBe(alliances.edges.length);
  return {
    alliances: nodes(alliances).map((alliance) => {
      expect(alliance.memberships.totalCount).toBe(alliance.memberships.edges.length);
      return { ...alliance, memberships: nodes(alliance.memberships) };
    }),
  };
}

describe('alliances', () => {
  it('lists G7 and Pax Silica, by name, with their sources', async () => {
    const { alliances } = await listAlliances();
    expect(alliances.map((a: any) => [a.code, a.name])).toEqual([
      ['G7', 'Group of Seven'],
      ['PAX_SILICA', 'Pax Silica'],
    ]);
    // Descriptions are the reports' own words.
    expect(alliances[0].description).toBe(
      'G7 nations including Canada, France, Germany, Italy, Japan, the UK, the US and the European Union',
    );
    expect(alliances[1].description).toMatch(/^Launched in December 2025, PaxSilica is a US-led strategic economic alliance/);
    // Sources come oldest first, then by title; neither report gives its date, and the supplied title sorts last.
    expect(alliances[0].sources).toEqual([{ source: { title: QUICK_DIGEST } }, { source: { title: MINISTERIAL_REPORT } }]);
    // Both reports cover Pax Silica.
    expect(alliances[1].sources).toEqual([{ source: { title: QUICK_DIGEST } }, { source: { title: MINISTERIAL_REPORT } }]);
    expect(new Set(alliances.map((a: any) => a.id)).size).toBe(2);
  });

  it('gives the G7 its seven members, by country code', async () => {
    const { alliances } = await listAlliances();
    const g7 = alliances.find((a: any) => a.code === 'G7');
    expect(g7.memberships).toHaveLength(7);
    expect(g7.memberships.map((m: any) => m.country.code)).toEqual(['CA', 'DE', 'FR', 'GB', 'IT', 'JP', 'US']);
    for (const membership of g7.memberships) {
      expect(membership).toMatchObject({ status: 'MEMBER', startsOn: null, endsOn: null, version: 1, note: '', alliance: { code: 'G7' } });
      expect(membership.sources).toEqual([{ source: { title: QUICK_DIGEST } }, { source: { title: MINISTERIAL_REPORT } }]);
    }
    // The EU takes part in the G7 but is not one of its members.
    expect(g7.memberships.map((m: any) => m.country.code)).not.toContain('EU');
  });

  it('gives Pax Silica the US as member, and India no membership: its invitation is only announced', async () => {
    const { alliances } = await listAlliances();
    const pax = alliances.find((a: any) => a.code === 'PAX_SILICA');
    expect(pax.memberships).toHaveLength(1);
    const [us] = pax.memberships;
    expect(us).toMatchObject({
      status: 'MEMBER',
      startsOn: null,
      note: '',
      alliance: { code: 'PAX_SILICA' },
      country: { code: 'US', name: 'United States' },
      sources: [{ source: { title: QUICK_DIGEST } }, { source: { title: MINISTERIAL_REPORT } }],
    });
  });

  it("starts every membership's status history with its current status, recorded by the seed", async () => {
    const { alliances } = await listAlliances();
    const memberships = alliances.flatMap((a: any) => a.memberships);
    expect(memberships).toHaveLength(8);
    for (const membership of memberships) {
      expect(membership.statusHistory.totalCount).toBe(1);
      expect(membership.statusHistory.edges[0].node).toEqual({
        fromStatus: null,
        toStatus: membership.status,
        version: 1,
        actor: SEED_ACTOR,
      });
    }
  });

  it("matches a country's memberships seen from the country", async () => {
    const { alliances } = await listAlliances();
    const us = dataOf(await api.graphql('{ country(code: "US") { memberships { edges { node { id status alliance { code } } } } } }'));
    expect(nodes(us.country.memberships)).toEqual([
      { id: alliances[0].memberships.find((m: any) => m.country.code === 'US').id, status: 'MEMBER', alliance: { code: 'G7' } },
      { id: alliances[1].memberships.find((m: any) => m.country.code === 'US').id, status: 'MEMBER', alliance: { code: 'PAX_SILICA' } },
    ]);
  });
});

describe('alliances, minerals and memberships as connections', () => {
  /** Every node of a connection, fetched page by page with first/after. */
  async function pageThrough(query: string, pick: (data: any) => any, first: number): Promise<{ pages: number; items: any[] }> {
    const items: any[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const connection: any = pick(dataOf(await api.graphql(query, { first, after })));
      pages += 1;
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      items.push(...connection.edges.map((edge: any) => edge.node));
      if (!connection.pageInfo.hasNextPage) return { pages, items };
      after = connection.pageInfo.endCursor;
    }
  }
  const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage endCursor }';

  it('pages alliances by name and minerals by code with first/after', async () => {
    const alliances = await pageThrough(
      `query($first: Int, $after: String) { alliances(first: $first, after: $after) { totalCount edges { node { code } } ${PAGE_INFO} } }`,
      (d) => d.alliances,
      1,
    );
    expect(alliances).toEqual({ pages: 2, items: [{ code: 'G7' }, { code: 'PAX_SILICA' }] });
    const minerals = await pageThrough(
      `query($first: Int, $after: String) { minerals(first: $first, after: $after) { edges { node { code } } ${PAGE_INFO} } }`,
      (d) => d.minerals,
      3,
    );
    expect(minerals.pages).toBe(2);
    expect(minerals.items.map((m) => m.code)).toEqual(['COBALT', 'COPPER', 'GRAPHITE', 'LITHIUM', 'NICKEL', 'RARE_EARTHS']);
    const last = dataOf(
      await api.graphql('{ minerals(last: 2) { totalCount edges { node { code } } pageInfo { hasNextPage hasPreviousPage } } }'),
    ).minerals;
    expect(last).toEqual({
      totalCount: 6,
      edges: [{ node: { code: 'NICKEL' } }, { node: { code: 'RARE_EARTHS' } }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
  });

  it("pages an alliance's memberships by country code, forward and backward", async () => {
    const query = `query($first: Int, $after: String) { alliances(first: 1) { edges { node { code memberships(first: $first, after: $after) { totalCount edges { node { country { code } } } ${PAGE_INFO} } } } } }`;
    const g7 = await pageThrough(query, (d) => d.alliances.edges[0].node.memberships, 3);
    expect(g7.pages).toBe(3);
    expect(g7.items.map((m) => m.country.code)).toEqual(['CA', 'DE', 'FR', 'GB', 'IT', 'JP', 'US']);
    const last = dataOf(
      await api.graphql(
        '{ alliances(first: 1) { edges { node { memberships(last: 2) { totalCount edges { node { country { code } } } pageInfo { hasPreviousPage } } } } } }',
      ),
    );
    expect(last.alliances.edges[0].node.memberships).toEqual({
      totalCount: 7,
      edges: [{ node: { country: { code: 'JP' } } }, { node: { country: { code: 'US' } } }],
      pageInfo: { hasPreviousPage: true },
    });
  });

  it("pages a country's memberships by alliance name, and refuses a cursor from the other list", async () => {
    const query = `query($first: Int, $after: String) { country(code: "US") { memberships(first: $first, after: $after) { totalCount edges { cursor node { alliance { code } } } ${PAGE_INFO} } } }`;
    const us = await pageThrough(query, (d) => d.country.memberships, 1);
    expect(us).toEqual({ pages: 2, items: [{ alliance: { code: 'G7' } }, { alliance: { code: 'PAX_SILICA' } }] });
    const byCountry = dataOf(
      await api.graphql('{ alliances(first: 1) { edges { node { memberships(first: 1) { pageInfo { endCursor } } } } } }'),
    );
    const response = await api.graphql(query, { first: 1, after: byCountry.alliances.edges[0].node.memberships.pageInfo.endCursor });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});

const ESTIMATE_FIELDS =
  'id averagePercent minPercent maxPercent statement refiner { code name } source { title publisher } minerals { code }';

describe('minerals', () => {
  it('lists the six seeded minerals by code: those the IEA figure names, and no manganese', async () => {
    const { minerals } = dataOf(await api.graphql('{ minerals { totalCount edges { node { code name } } } }'));
    expect(minerals.totalCount).toBe(6);
    expect(nodes(minerals)).toEqual([
      { code: 'COBALT', name: 'Cobalt' },
      { code: 'COPPER', name: 'Copper' },
      { code: 'GRAPHITE', name: 'Graphite' },
      { code: 'LITHIUM', name: 'Lithium' },
      { code: 'NICKEL', name: 'Nickel' },
      { code: 'RARE_EARTHS', name: 'Rare earth elements' },
    ]);
  });

  it("gives lithium China's ~70% average refining share from the IEA statement", async () => {
    const minerals = nodes(
      dataOf(await api.graphql(`{ minerals { edges { node { code chinaRefiningShares { ${ESTIMATE_FIELDS} } } } } }`)).minerals,
    );
    const lithium = minerals.find((m: any) => m.code === 'LITHIUM');
    expect(lithium.chinaRefiningShares).toEqual([
      {
        id: expect.any(String),
        averagePercent: 70,
        minPercent: null,
        maxPercent: null,
        statement: IEA_STATEMENT,
        refiner: { code: 'CN', name: 'China' },
        source: { title: MINISTERIAL_REPORT, publisher: null },
        minerals: ['COBALT', 'COPPER', 'GRAPHITE', 'LITHIUM', 'NICKEL', 'RARE_EARTHS'].map((code) => ({ code })),
      },
    ]);
  });

  it('gives the same estimate to each mineral it covers', async () => {
    const minerals = nodes(
      dataOf(await api.graphql('{ minerals { edges { node { code chinaRefiningShares { id averagePercent } } } } }')).minerals,
    );
    const byCode = Object.fromEntries(minerals.map((m: any) => [m.code, m.chinaRefiningShares]));
    const lithiumEstimate = byCode.LITHIUM[0];
    for (const code of ['COBALT', 'COPPER', 'GRAPHITE', 'LITHIUM', 'NICKEL', 'RARE_EARTHS']) {
      expect(byCode[code]).toEqual([{ id: lithiumEstimate.id, averagePercent: 70 }]);
    }
  });
});

describe('refiningShareEstimates', () => {
  it('gives both estimates: the IEA average and the 47–87% range that covers no named minerals', async () => {
    const { refiningShareEstimates } = dataOf(await api.graphql(`{ refiningShareEstimates { ${ESTIMATE_FIELDS} } }`));
    expect(refiningShareEstimates).toHaveLength(2);
    const average = refiningShareEstimates.find((e: any) => e.averagePercent !== null);
    const range = refiningShareEstimates.find((e: any) => e.averagePercent === null);
    expect(average).toMatchObject({
      averagePercent: 70,
      minPercent: null,
      maxPercent: null,
      statement: IEA_STATEMENT,
      source: { title: MINISTERIAL_REPORT },
    });
    expect(average.minerals.map((m: any) => m.code)).toEqual(['COBALT', 'COPPER', 'GRAPHITE', 'LITHIUM', 'NICKEL', 'RARE_EARTHS']);
    expect(range).toEqual({
      id: expect.any(String),
      averagePercent: null,
      minPercent: 47,
      maxPercent: 87,
      statement: RANGE_STATEMENT,
      refiner: { code: 'CN', name: 'China' },
      source: { title: QUICK_DIGEST, publisher: 'Quick Digest' },
      minerals: [],
    });
    expect(range.id).not.toBe(average.id);

    const minerals = nodes(dataOf(await api.graphql('{ minerals { edges { node { chinaRefiningShares { id } } } } }')).minerals);
    const idsSeenFromMinerals = new Set(minerals.flatMap((m: any) => m.chinaRefiningShares.map((e: any) => e.id)));
    expect([...idsSeenFromMinerals]).toEqual([average.id]);
  });
});
