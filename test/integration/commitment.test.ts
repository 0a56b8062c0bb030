import { COMMITMENTS } from '../../src/seed/commitments.data';
import { Factory } from '../helpers/factories';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;
beforeAll(async () => {
  factory = new Factory(api.db);
});

const titles = (data: any) => data.commitments.edges.map((e: any) => e.node.title);

describe('seeded commitments', () => {
  it('hold what the sources report, with honest statuses', async () => {
    // Other tests in this file add commitments of their own; whatever ran before, every row is counted and the seed is all there.
    const [{ count }] = await api.db.query('SELECT count(*)::int AS count FROM commitments');
    const data = dataOf(
      await api.graphql(
        '{ commitments(first: 100) { totalCount edges { node { title kind instrument status version announcedOn targetOn valueChainStages } } } }',
      ),
    );
    expect(data.commitments.totalCount).toBe(count);
    const byTitle = Object.fromEntries(data.commitments.edges.map((e: any) => [e.node.title, e.node]));
    for (const seeded of COMMITMENTS) {
      expect(byTitle[seeded.title]).toMatchObject({
        kind: seeded.kind,
        instrument: seeded.instrument,
        status: seeded.status,
        version: 1,
        announcedOn: seeded.announcedOn,
        targetOn: seeded.targetOn,
        valueChainStages: [...seeded.valueChainStages],
      });
    }
    // The measures the Washington meeting only discussed are its topics, not commitments.
    expect(COMMITMENTS).toHaveLength(3);
    for (const title of ['Fund new critical-mineral projects', 'Recycle critical minerals from waste', 'Share research and best practices'])
      expect(byTitle[title]).toBeUndefined();
    expect(byTitle['Invite India to join Pax Silica as a full member']).toMatchObject({
      kind: 'ALLIANCE_MEMBERSHIP',
      status: 'ANNOUNCED',
      instrument: 'ANNOUNCEMENT',
    });
    expect(byTitle['India–Germany MoU on critical minerals, semiconductors and renewables']).toMatchObject({
      kind: 'POLICY',
      instrument: 'MOU',
      // The report says "signed": past ANNOUNCED.
      status: 'IN_PROGRESS',
      announcedOn: null,
    });
    expect(byTitle['G7 action plan to secure critical-mineral supply chains']).toMatchObject({
      instrument: 'JOINT_DECLARATION',
      status: 'ANNOUNCED',
    });
  });

  it('resolve parties, minerals, meeting, projects, status history and sources', async () => {
    const list = dataOf(await api.graphql('{ commitments(filter: { kinds: [POLICY] }, first: 100) { edges { node { id title } } } }'));
    const id = list.commitments.edges.find((e: any) => e.node.title === 'G7 action plan to secure critical-mineral supply chains').node.id;
    const data = dataOf(
      await api.graphql(
        `query($id: ID!) { commitment(id: $id) {
          id title amount { amount currency }
          parties { role country { code } }
          minerals { code }
          meeting { title hostCountry { code } }
          projects { totalCount }
          statusHistory { totalCount edges { node { fromStatus toStatus version actor { sub role country { code } } } } }
          sources { source { title publisher } excerpt }
        } }`,
        { id },
      ),
    );
    const c = data.commitment;
    expect(c.id).toBe(id);
    expect(c.amount).toBeNull();
    expect(c.parties.map((p: any) => [p.country.code, p.role]).sort()).toEqual(
      ['CA', 'DE', 'FR', 'GB', 'IT', 'JP', 'US'].map((code) => [code, 'PARTY']),
    );
    expect(c.minerals).toEqual([]);
    expect(c.meeting).toEqual({ title: "G7 Leaders' Summit in Canada", hostCountry: { code: 'CA' } });
    expect(c.projects.totalCount).toBe(0);
    expect(c.statusHistory).toEqual({
      totalCount: 1,
      edges: [{ node: { fromStatus: null, toStatus: 'ANNOUNCED', version: 1, actor: { sub: null, role: 'ADMIN', country: null } } }], // the public sees no sub
    });
    expect(c.sources).toEqual([
      {
        source: { title: 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China', publisher: 'Quick Digest' },
        excerpt:
          'Secretary Bessent expressed frustration over the perceived lack of urgency among G7 members since a previous summit in Canada, where leaders had agreed on an action plan to secure supply chains.',
      },
    ]);
  });
});

describe('commitments(filter)', () => {
  let filterIds: { a: string; b: string; lithium: string; cobalt: string; meeting: string; meetingGlobal: string };
  beforeAll(async () => {
    const a = await factory.country();
    const b = await factory.country();
    const lithium = await factory.mineral();
    const cobalt = await factory.mineral();
    const meeting = await factory.meeting();
    await factory.commitment({
      title: 'F1',
      kind: 'FUNDING',
      status: 'IN_PROGRESS',
      partyIds: [a.id],
      mineralIds: [lithium.id],
      meetingId: meeting.id,
      amount: '1250000.50',
      currency: 'EUR',
    });
    await factory.commitment({ title: 'F2', kind: 'RECYCLING', status: 'DELAYED', partyIds: [a.id, b.id], mineralIds: [cobalt.id] });
    await factory.commitment({ title: 'F3', kind: 'FUNDING', status: 'DELAYED', partyIds: [b.id], mineralIds: [lithium.id, cobalt.id] });
    filterIds = { a: a.code, b: b.code, lithium: lithium.code, cobalt: cobalt.code, meeting: meeting.id, meetingGlobal: meeting.globalId };
  });

  const query =
    'query($f: CommitmentFilter) { commitments(filter: $f, first: 100) { totalCount edges { node { title amount { amount currency } } } } }';

  it('by country codes (any party)', async () => {
    expect(titles(dataOf(await api.graphql(query, { f: { countryCodes: [filterIds.a] } })))).toEqual(['F1', 'F2']);
    expect(titles(dataOf(await api.graphql(query, { f: { countryCodes: [filterIds.a, filterIds.b] } })))).toEqual(['F1', 'F2', 'F3']);
  });

  it('by kinds, statuses and minerals, combined', async () => {
    expect(titles(dataOf(await api.graphql(query, { f: { countryCodes: [filterIds.a, filterIds.b], kinds: ['FUNDING'] } })))).toEqual([
      'F1',
      'F3',
    ]);
    expect(titles(dataOf(await api.graphql(query, { f: { countryCodes: [filterIds.a, filterIds.b], statuses: ['DELAYED'] } })))).toEqual([
      'F2',
      'F3',
    ]);
    expect(titles(dataOf(await api.graphql(query, { f: { mineralCodes: [filterIds.lithium] } })))).toEqual(['F1', 'F3']);
    expect(
      titles(dataOf(await api.graphql(query, { f: { mineralCodes: [filterIds.cobalt], statuses: ['DELAYED'], kinds: ['RECYCLING'] } }))),
    ).toEqual(['F2']);
  });

  it('by meeting, with the exact amount', async () => {
    const data = dataOf(await api.graphql(query, { f: { meetingId: filterIds.meetingGlobal } }));
    expect(data.commitments.totalCount).toBe(1);
    expect(data.commitments.edges[0].node).toEqual({ title: 'F1', amount: { amount: '1250000.50', currency: 'EUR' } });
  });

  it('totalCount counts every match, not the page', async () => {
    const data = dataOf(
      await api.graphql(
        'query($f: CommitmentFilter) { commitments(filter: $f, first: 1) { totalCount edges { node { title } } pageInfo { hasNextPage } } }',
        { f: { countryCodes: [filterIds.a, filterIds.b], statuses: ['DELAYED'] } },
      ),
    );
    expect(data.commitments).toEqual({ totalCount: 2, edges: [{ node: { title: 'F2' } }], pageInfo: { hasNextPage: true } });
  });

  it('an unknown mineral matches nothing rather than failing', async () => {
    expect(dataOf(await api.graphql(query, { f: { mineralCodes: ['UNOBTAINIUM'] } })).commitments.totalCount).toBe(0);
  });
});

describe('statusHistory', () => {
  it('is oldest first, and last: n gives the latest n', async () => {
    const c = await factory.commitment({ statusHistory: ['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS', 'DELAYED', 'IN_PROGRESS'] });
    const data = dataOf(
      await api.graphql(
        'query($id: ID!) { commitment(id: $id) { all: statusHistory { totalCount edges { node { toStatus version } } } latest: statusHistory(last: 3) { edges { node { fromStatus toStatus } } pageInfo { hasPreviousPage } } } }',
        { id: c.globalId },
      ),
    );
    expect(data.commitment.all.totalCount).toBe(5);
    expect(data.commitment.all.edges.map((e: any) => e.node.version)).toEqual([1, 2, 3, 4, 5]);
    expect(data.commitment.latest.edges.map((e: any) => [e.node.fromStatus, e.node.toStatus])).toEqual([
      ['ANNOUNCED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'DELAYED'],
      ['DELAYED', 'IN_PROGRESS'],
    ]);
    expect(data.commitment.latest.pageInfo.hasPreviousPage).toBe(true);
  });
});

describe('nested pagination per parent', () => {
  it("pages each country's commitments independently with after", async () => {
    const country = await factory.country();
    for (let i = 0; i < 5; i++) await factory.commitment({ title: `P${i}`, partyIds: [country.id] });
    const q =
      'query($code: String!, $after: String) { country(code: $code) { commitments(first: 2, after: $after) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data: any = dataOf(await api.graphql(q, { code: country.code, after }));
      expect(data.country.commitments.totalCount).toBe(5);
      seen.push(...data.country.commitments.edges.map((e: any) => e.node.title));
      expect(data.country.commitments.pageInfo.hasNextPage).toBe(page < 2);
      after = data.country.commitments.pageInfo.endCursor;
    }
    expect(seen).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
  });
});
