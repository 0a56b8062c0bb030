import { randomUUID } from 'node:crypto';
import { MEETINGS } from '../../src/seed/meetings.data';
import { SOURCES } from '../../src/seed/published-sources.data';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
beforeAll(async () => {
  factory = new Factory(api.db);
});

const WASHINGTON = 'Ministerial meeting on critical minerals supply chains, Washington';
const CANADA_SUMMIT = "G7 Leaders' Summit in Canada";
const MINISTERIAL_REPORT = SOURCES.ministerialReport.title;
const QUICK_DIGEST = 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China';

const LIST = `query($filter: MeetingFilter, $first: Int, $after: String, $last: Int, $before: String) {
  meetings(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id title kind startsOn } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function listMeetings(variables: Record<string, unknown>) {
  return dataOf(await api.graphql(LIST, variables)).meetings;
}

const titles = (connection: any): string[] => connection.edges.map((e: any) => e.node.title);

/** Undated meetings tie on the sort key and fall back to the row id, as Postgres compares uuids. */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function washingtonId(): Promise<string> {
  const data = await listMeetings({
    filter: { kinds: ['MINISTERIAL'], countryCodes: ['US'], startsOnFrom: '2026-01-12', startsOnTo: '2026-01-12' },
  });
  expect(titles(data)).toEqual([WASHINGTON]);
  return data.edges[0].node.id;
}

describe('meetings', () => {
  it('lists the seeded meetings in date order: the Canada summit (summer 2025, from its first day) before the Washington ministerial', async () => {
    const data = await listMeetings({ filter: { kinds: ['MINISTERIAL', 'LEADERS_SUMMIT'] } });
    expect(data.totalCount).toBe(2);
    expect(data.edges.map((e: any) => e.node)).toEqual([
      { id: expect.any(String), title: CANADA_SUMMIT, kind: 'LEADERS_SUMMIT', startsOn: '2025-06-01' },
      { id: expect.any(String), title: WASHINGTON, kind: 'MINISTERIAL', startsOn: '2026-01-12' },
    ]);
    expect(data.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('orders by start date, undated meetings last (tie broken by id), with a matching totalCount', async () => {
    const country = await factory.country();
    const make = (title: string, startsOn: string | null) => factory.meeting({ title, startsOn, participantIds: [country.id] });
    const undatedA = await make('Undated A', null);
    const late = await make('Late', '2026-03-01');
    const undatedB = await make('Undated B', null);
    const early = await make('Early', '2024-01-01');
    const middle = await make('Middle', '2025-06-01');
    const undated = [
      { ...undatedA, title: 'Undated A' },
      { ...undatedB, title: 'Undated B' },
    ]
      .sort(byId)
      .map((m) => m.title);

    const data = await listMeetings({ filter: { countryCodes: [country.code] }, first: 100 });
    expect(data.totalCount).toBe(5);
    expect(titles(data)).toEqual(['Early', 'Middle', 'Late', ...undated]);
    expect(data.edges.map((e: any) => e.node.startsOn)).toEqual(['2024-01-01', '2025-06-01', '2026-03-01', null, null]);
    expect(data.edges.map((e: any) => e.node.id)).toEqual([
      early.globalId,
      middle.globalId,
      late.globalId,
      ...[undatedA, undatedB].sort(byId).map((m) => m.globalId),
    ]);
  });

  it('filters by kinds', async () => {
    const summits = await listMeetings({ filter: { kinds: ['LEADERS_SUMMIT'] } });
    expect(summits.totalCount).toBe(1);
    expect(titles(summits)).toEqual([CANADA_SUMMIT]);

    const country = await factory.country();
    await factory.meeting({ title: 'Bilateral', kind: 'BILATERAL', startsOn: '2025-01-01', participantIds: [country.id] });
    await factory.meeting({ title: 'Working group', kind: 'WORKING_GROUP', startsOn: '2025-02-01', participantIds: [country.id] });
    await factory.meeting({ title: 'Ministerial', kind: 'MINISTERIAL', startsOn: '2025-03-01', participantIds: [country.id] });
    const some = await listMeetings({ filter: { countryCodes: [country.code], kinds: ['BILATERAL', 'MINISTERIAL'] } });
    expect(some.totalCount).toBe(2);
    expect(some.edges.map((e: any) => [e.node.title, e.node.kind])).toEqual([
      ['Bilateral', 'BILATERAL'],
      ['Ministerial', 'MINISTERIAL'],
    ]);
  });

  it('filters by participating country codes, case-insensitively', async () => {
    const india = await listMeetings({ filter: { countryCodes: ['in'] } });
    expect(india.totalCount).toBe(1);
    expect(titles(india)).toEqual([WASHINGTON]);

    const canada = await listMeetings({ filter: { countryCodes: ['CA'], kinds: ['MINISTERIAL', 'LEADERS_SUMMIT'] } });
    expect(canada.totalCount).toBe(2);
    expect(titles(canada)).toEqual([CANADA_SUMMIT, WASHINGTON]);

    const china = await listMeetings({ filter: { countryCodes: ['CN'] } });
    expect(china.totalCount).toBe(0);
    expect(china.edges).toEqual([]);
    expect(china.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('filters by startsOnFrom/startsOnTo, both inclusive, never matching undated meetings', async () => {
    const country = await factory.country();
    for (const [title, startsOn] of [
      ['Dec 31', '2025-12-31'],
      ['Jan 12', '2026-01-12'],
      ['Feb 1', '2026-02-01'],
      ['Undated', null],
    ] as const) {
      await factory.meeting({ title, startsOn, participantIds: [country.id] });
    }
    const mine = { countryCodes: [country.code] };
    const from = await listMeetings({ filter: { ...mine, startsOnFrom: '2026-01-12' } });
    expect(titles(from)).toEqual(['Jan 12', 'Feb 1']);
    expect(from.totalCount).toBe(2);
    const to = await listMeetings({ filter: { ...mine, startsOnTo: '2026-01-12' } });
    expect(titles(to)).toEqual(['Dec 31', 'Jan 12']);
    expect(to.totalCount).toBe(2);
    const both = await listMeetings({ filter: { ...mine, startsOnFrom: '2026-01-01', startsOnTo: '2026-01-31' } });
    expect(titles(both)).toEqual(['Jan 12']);
    const none = await listMeetings({ filter: { ...mine, startsOnFrom: '2026-02-02' } });
    expect(none.totalCount).toBe(0);

    const seeded = await listMeetings({ filter: { countryCodes: ['CA'], startsOnFrom: '2026-01-12', startsOnTo: '2026-01-12' } });
    expect(titles(seeded)).toEqual([WASHINGTON]);
  });

  it('pages forward with first/after across the dated/undated boundary', async () => {
    const country = await factory.country();
    const undated = [];
    for (const [title, startsOn] of [
      ['U1', null],
      ['D3', '2025-03-03'],
      ['D1', '2025-01-01'],
      ['U2', null],
      ['D2', '2025-02-02'],
    ] as const) {
      const meeting = await factory.meeting({ title, startsOn, participantIds: [country.id] });
      if (!startsOn) undated.push({ ...meeting, title });
    }
    const expected = ['D1', 'D2', 'D3', ...undated.sort(byId).map((m) => m.title)];

    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await listMeetings({ filter: { countryCodes: [country.code] }, first: 2, after });
      expect(data.totalCount).toBe(5);
      expect(data.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(data.pageInfo.startCursor).toBe(data.edges[0].cursor);
      expect(data.pageInfo.endCursor).toBe(data.edges[data.edges.length - 1].cursor);
      pages.push(titles(data));
      if (!data.pageInfo.hasNextPage) break;
      after = data.pageInfo.endCursor;
    }
    // The second page ends on an undated meeting, so the third page starts from a cursor at the "no date" end.
    expect(pages).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4)]);

    const last = await listMeetings({ filter: { countryCodes: [country.code] }, last: 3 });
    expect(titles(last)).toEqual(expected.slice(2));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await listMeetings({ filter: { countryCodes: [country.code] }, last: 2, before: last.pageInfo.startCursor });
    expect(titles(before)).toEqual(expected.slice(0, 2));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });
});

const MEETING = `query($id: ID!) {
  meeting(id: $id) {
    id title kind startsOn endsOn city summary version
    hostCountry { code name }
    participants { role delegateName delegateTitle country { code } }
    commitments(first: 20) { totalCount edges { node { title kind status } } }
    sources { source { title publisher } }
  }
}`;

describe('meeting(id)', () => {
  it('returns the Washington ministerial with its host, participants, commitments and sources', async () => {
    const id = await washingtonId();
    const { meeting } = dataOf(await api.graphql(MEETING, { id }));
    expect(meeting).toMatchObject({
      id,
      title: WASHINGTON,
      kind: 'MINISTERIAL',
      startsOn: '2026-01-12',
      // No report says how long the meeting lasted.
      endsOn: null,
      city: 'Washington DC',
      summary: MEETINGS[0].summary,
      version: 1,
      hostCountry: { code: 'US', name: 'United States' },
    });
    // The summary is the report's own words.
    expect(meeting.summary).toMatch(/^Discussions at the meeting focused on a range of measures, including funding for new projects/);

    // Host first, then members, then invited partners, each group by country code.
    expect(meeting.participants).toHaveLength(12);
    expect(meeting.participants[0]).toEqual({
      role: 'HOST',
      delegateName: 'Scott Bessent',
      delegateTitle: 'Treasury Secretary',
      country: { code: 'US' },
    });
    expect(meeting.participants.map((p: any) => [p.country.code, p.role])).toEqual([
      ['US', 'HOST'],
      ...['CA', 'DE', 'EU', 'FR', 'GB', 'IT', 'JP'].map((code) => [code, 'MEMBER']),
      ...['AU', 'IN', 'KR', 'MX'].map((code) => [code, 'INVITED_PARTNER']),
    ]);
    expect(meeting.participants.find((p: any) => p.country.code === 'IN')).toEqual({
      role: 'INVITED_PARTNER',
      delegateName: 'Ashwini Vaishnaw',
      delegateTitle: 'Union Minister for Electronics and Information Technology',
      country: { code: 'IN' },
    });
    expect(meeting.participants.filter((p: any) => p.delegateName !== null).map((p: any) => p.delegateName)).toEqual([
      'Scott Bessent',
      'Ashwini Vaishnaw',
    ]);

    // What was only discussed is a topic of the meeting (Meeting.topics), not a commitment.
    expect(meeting.commitments.totalCount).toBe(0);

    expect(meeting.sources).toEqual([
      { source: { title: QUICK_DIGEST, publisher: 'Quick Digest' } },
      { source: { title: MINISTERIAL_REPORT, publisher: null } },
    ]);
  });

  it("filters and orders a meeting's commitments with the CommitmentFilter of the root list", async () => {
    const { id: meetingId, globalId: id } = await factory.meeting({ title: 'Meeting with commitments' });
    for (const [title, kind] of [
      ['Fund new critical-mineral projects', 'FUNDING'],
      ['Share refining and processing technology between countries', 'TECHNOLOGY_SHARING'],
      ['Recycle critical minerals from waste', 'RECYCLING'],
      ['Share research and best practices', 'RESEARCH_SHARING'],
    ])
      await factory.commitment({ title, kind, meetingId });
    const query = `query($id: ID!, $filter: CommitmentFilter, $orderBy: CommitmentOrder) {
      meeting(id: $id) { commitments(filter: $filter, orderBy: $orderBy) { totalCount edges { node { kind } } } } }`;
    const commitmentsOf = async (filter: unknown, orderBy: unknown = null) =>
      dataOf(await api.graphql(query, { id, filter, orderBy })).meeting.commitments;
    expect(await commitmentsOf({ kinds: ['RECYCLING', 'FUNDING'] }, { field: 'TITLE', direction: 'ASC' })).toEqual({
      totalCount: 2,
      edges: [{ node: { kind: 'FUNDING' } }, { node: { kind: 'RECYCLING' } }],
    });
    expect(await commitmentsOf({ search: 'recycle' })).toEqual({ totalCount: 1, edges: [{ node: { kind: 'RECYCLING' } }] });
    expect(await commitmentsOf({ statuses: ['DELIVERED'] })).toEqual({ totalCount: 0, edges: [] });
  });

  it('returns the Canada summit, dated only to a season (summer 2025), without city, Canada hosting', async () => {
    const list = await listMeetings({ filter: { kinds: ['LEADERS_SUMMIT'] } });
    const { meeting } = dataOf(await api.graphql(MEETING, { id: list.edges[0].node.id }));
    expect(meeting).toMatchObject({
      title: CANADA_SUMMIT,
      kind: 'LEADERS_SUMMIT',
      startsOn: '2025-06-01',
      endsOn: null,
      city: null,
      hostCountry: { code: 'CA', name: 'Canada' },
    });
    expect(meeting.participants.map((p: any) => [p.country.code, p.role, p.delegateName])).toEqual([
      ['CA', 'HOST', null],
      ...['DE', 'FR', 'GB', 'IT', 'JP', 'US'].map((code) => [code, 'MEMBER', null]),
    ]);
    expect(meeting.commitments).toEqual({
      totalCount: 1,
      edges: [{ node: { title: 'G7 action plan to secure critical-mineral supply chains', kind: 'POLICY', status: 'ANNOUNCED' } }],
    });
    expect(meeting.sources.map((s: any) => s.source.title)).toEqual([QUICK_DIGEST, MINISTERIAL_REPORT]);
  });

  it('returns a meeting without host, participants, commitments or sources as nulls and empty lists', async () => {
    const created = await factory.meeting({ title: 'Bare meeting', kind: 'BILATERAL', startsOn: '2025-05-05' });
    const { meeting } = dataOf(await api.graphql(MEETING, { id: created.globalId }));
    expect(meeting).toEqual({
      id: created.globalId,
      title: 'Bare meeting',
      kind: 'BILATERAL',
      startsOn: '2025-05-05',
      endsOn: '2025-05-05',
      city: null,
      summary: '',
      version: 1,
      hostCountry: null,
      participants: [],
      commitments: { totalCount: 0, edges: [] },
      sources: [],
    });
  });

  it('answers null, without an error, for a well-formed Meeting id that matches no row', async () => {
    const response = await api.graphql('query($id: ID!) { meeting(id: $id) { title } }', { id: toGlobalId('Meeting', randomUUID()) });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { meeting: null } });
  });

  it('answers null, without an error, for the id of another type (a Country)', async () => {
    const us = dataOf(await api.graphql('{ country(code: "US") { id } }'));
    const response = await api.graphql('query($id: ID!) { meeting(id: $id) { title } }', { id: us.country.id });
    expect(response.body).toEqual({ data: { meeting: null } });
  });

  it('answers BAD_USER_INPUT for a malformed id', async () => {
    const response = await api.graphql('{ meeting(id: "nope") { title } }');
    expect(response.body.data).toEqual({ meeting: null });
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toContain('"nope"');
  });
});
