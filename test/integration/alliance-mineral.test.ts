import { dataOf, startTestApi, TestApi } from '../helpers/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const MINISTERIAL_REPORT = "Ending China's dominance in rare earths: Ministerial meet held";
const QUICK_DIGEST = 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China';
const IEA_STATEMENT =
  'According to the International Energy Agency, China is the world’s leading refiner for most major critical minerals, including copper, lithium, nickel, cobalt, graphite and rare earth elements, with an average market share of about 70%.';
const RANGE_STATEMENT = "China's near-monopoly in refining capacity ranges from 47% to 87% for various critical minerals.";
/** The seed as the public sees it: who made a change is not public (Actor.sub). */
const SEED_ACTOR = { sub: null, role: 'ADMIN', country: null };

const ALLIANCES = `{
  alliances {
    id code name description
    sources { title }
    memberships {
      id status since until version note
      alliance { code }
      country { code name }
      sources { title }
      statusHistory { totalCount edges { node { fromStatus toStatus version actor { sub role country { code } } } } }
    }
  }
}`;

describe('alliances', () => {
  it('lists G7 and Pax Silica, by name, with their sources', async () => {
    const { alliances } = dataOf(await api.graphql(ALLIANCES));
    expect(alliances.map((a: any) => [a.code, a.name])).toEqual([
      ['G7', 'Group of Seven'],
      ['PAX_SILICA', 'Pax Silica'],
    ]);
    expect(alliances[0].description).toBe('Canada, France, Germany, Italy, Japan, the United Kingdom and the United States, with the European Union taking part.');
    expect(alliances[1].description).toMatch(/^A US-led strategic economic alliance launched in December 2025/);
    expect(alliances[0].sources).toEqual([{ title: MINISTERIAL_REPORT }, { title: QUICK_DIGEST }]);
    expect(alliances[1].sources).toEqual([{ title: MINISTERIAL_REPORT }]);
    expect(new Set(alliances.map((a: any) => a.id)).size).toBe(2);
  });

  it('gives the G7 its seven members, by country code', async () => {
    const { alliances } = dataOf(await api.graphql(ALLIANCES));
    const g7 = alliances.find((a: any) => a.code === 'G7');
    expect(g7.memberships).toHaveLength(7);
    expect(g7.memberships.map((m: any) => m.country.code)).toEqual(['CA', 'DE', 'FR', 'GB', 'IT', 'JP', 'US']);
    for (const membership of g7.memberships) {
      expect(membership).toMatchObject({ status: 'MEMBER', since: null, until: null, version: 1, note: '', alliance: { code: 'G7' } });
      expect(membership.sources).toEqual([{ title: MINISTERIAL_REPORT }, { title: QUICK_DIGEST }]);
    }
    // The EU takes part in the G7 but is not one of its members.
    expect(g7.memberships.map((m: any) => m.country.code)).not.toContain('EU');
  });

  it('gives Pax Silica the US as member and India as invited since 2026-01-12', async () => {
    const { alliances } = dataOf(await api.graphql(ALLIANCES));
    const pax = alliances.find((a: any) => a.code === 'PAX_SILICA');
    expect(pax.memberships).toHaveLength(2);
    const [india, us] = pax.memberships;
    expect(india).toMatchObject({
      status: 'INVITED',
      since: '2026-01-12',
      until: null,
      version: 1,
      note: 'US Ambassador-designate Sergio Gor announced on 12 January 2026 that India will be invited to join as a full member next month.',
      alliance: { code: 'PAX_SILICA' },
      country: { code: 'IN', name: 'India' },
      sources: [{ title: MINISTERIAL_REPORT }],
    });
    expect(us).toMatchObject({
      status: 'MEMBER',
      since: null,
      note: 'Leads the alliance, launched in December 2025.',
      alliance: { code: 'PAX_SILICA' },
      country: { code: 'US', name: 'United States' },
      sources: [{ title: MINISTERIAL_REPORT }],
    });
  });

  it("starts every membership's status history with its current status, recorded by the seed", async () => {
    const { alliances } = dataOf(await api.graphql(ALLIANCES));
    const memberships = alliances.flatMap((a: any) => a.memberships);
    expect(memberships).toHaveLength(9);
    for (const membership of memberships) {
      expect(membership.statusHistory.totalCount).toBe(1);
      expect(membership.statusHistory.edges[0].node).toEqual({ fromStatus: null, toStatus: membership.status, version: 1, actor: SEED_ACTOR });
    }
    const india = memberships.find((m: any) => m.country.code === 'IN');
    expect(india.statusHistory.edges[0].node.toStatus).toBe('INVITED');
  });

  it("matches a country's memberships seen from the country", async () => {
    const { alliances } = dataOf(await api.graphql(ALLIANCES));
    const us = dataOf(await api.graphql('{ country(code: "US") { memberships { id status alliance { code } } } }'));
    expect(us.country.memberships).toEqual([
      { id: alliances[0].memberships.find((m: any) => m.country.code === 'US').id, status: 'MEMBER', alliance: { code: 'G7' } },
      { id: alliances[1].memberships.find((m: any) => m.country.code === 'US').id, status: 'MEMBER', alliance: { code: 'PAX_SILICA' } },
    ]);
  });
});

const ESTIMATE_FIELDS = 'id averagePercent minPercent maxPercent statement refiner { code name } source { title publisher } minerals { code }';

describe('minerals', () => {
  it('lists the seven seeded minerals by code', async () => {
    const { minerals } = dataOf(await api.graphql('{ minerals { code name } }'));
    expect(minerals).toEqual([
      { code: 'COBALT', name: 'Cobalt' },
      { code: 'COPPER', name: 'Copper' },
      { code: 'GRAPHITE', name: 'Graphite' },
      { code: 'LITHIUM', name: 'Lithium' },
      { code: 'MANGANESE', name: 'Manganese' },
      { code: 'NICKEL', name: 'Nickel' },
      { code: 'RARE_EARTHS', name: 'Rare earth elements' },
    ]);
  });

  it("gives lithium China's ~70% average refining share from the IEA statement", async () => {
    const { minerals } = dataOf(await api.graphql(`{ minerals { code chinaRefiningShares { ${ESTIMATE_FIELDS} } } }`));
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

  it('gives the same estimate to each mineral it covers and none to manganese', async () => {
    const { minerals } = dataOf(await api.graphql('{ minerals { code chinaRefiningShares { id averagePercent } } }'));
    const byCode = Object.fromEntries(minerals.map((m: any) => [m.code, m.chinaRefiningShares]));
    const lithiumEstimate = byCode.LITHIUM[0];
    for (const code of ['COBALT', 'COPPER', 'GRAPHITE', 'LITHIUM', 'NICKEL', 'RARE_EARTHS']) {
      expect(byCode[code]).toEqual([{ id: lithiumEstimate.id, averagePercent: 70 }]);
    }
    expect(byCode.MANGANESE).toEqual([]);
  });
});

describe('refiningShareEstimates', () => {
  it('gives both estimates: the IEA average and the 47–87% range that covers no named minerals', async () => {
    const { refiningShareEstimates } = dataOf(await api.graphql(`{ refiningShareEstimates { ${ESTIMATE_FIELDS} } }`));
    expect(refiningShareEstimates).toHaveLength(2);
    const average = refiningShareEstimates.find((e: any) => e.averagePercent !== null);
    const range = refiningShareEstimates.find((e: any) => e.averagePercent === null);
    expect(average).toMatchObject({ averagePercent: 70, minPercent: null, maxPercent: null, statement: IEA_STATEMENT, source: { title: MINISTERIAL_REPORT } });
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

    const { minerals } = dataOf(await api.graphql('{ minerals { chinaRefiningShares { id } } }'));
    const idsSeenFromMinerals = new Set(minerals.flatMap((m: any) => m.chinaRefiningShares.map((e: any) => e.id)));
    expect([...idsSeenFromMinerals]).toEqual([average.id]);
  });
});
