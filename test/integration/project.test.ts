import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { dataOf, startTestApi, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
beforeAll(async () => {
  factory = new Factory(api.db);
});

const LIST = `query($filter: ProjectFilter, $first: Int, $after: String) {
  projects(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name kind status } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

async function listProjects(variables: Record<string, unknown>) {
  return dataOf(await api.graphql(LIST, variables)).projects;
}

const names = (connection: any): string[] => connection.edges.map((e: any) => e.node.name);

async function seededMineralId(code: string): Promise<string> {
  const [row] = await api.db.query('SELECT id FROM minerals WHERE code = $1', [code]);
  return row.id;
}

async function seededCommitmentId(title: string): Promise<string> {
  const [row] = await api.db.query('SELECT id FROM commitments WHERE title = $1', [title]);
  return row.id;
}

/** Three projects over two test countries and two test minerals, for the filters. */
async function filterFixture() {
  const a = await factory.country();
  const b = await factory.country();
  const m1 = await factory.mineral();
  const m2 = await factory.mineral();
  const p1 = await factory.project({
    name: 'P1 recycling',
    kind: 'RECYCLING',
    status: 'PIPELINE',
    participantIds: [a.id, b.id],
    mineralIds: [m1.id],
  });
  const p2 = await factory.project({
    name: 'P2 refining',
    kind: 'REFINING',
    status: 'IMPLEMENTATION',
    participantIds: [b.id],
    mineralIds: [m2.id],
  });
  const p3 = await factory.project({
    name: 'P3 funding',
    kind: 'FUNDING',
    status: 'CANCELLED',
    participantIds: [a.id],
    mineralIds: [m1.id, m2.id],
  });
  return { a, b, m1, m2, p1, p2, p3 };
}

describe('projects', () => {
  it('holds none in the seeded database', async () => {
    // A database of its own, so projects made by other tests in this file cannot leak in.
    const fresh = await startTestApi();
    try {
      const data = dataOf(
        await fresh.graphql('{ projects(first: 100) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }'),
      );
      expect(data.projects).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      const us = dataOf(await fresh.graphql('{ country(code: "US") { projects { totalCount edges { node { name } } } } }'));
      expect(us.country.projects).toEqual({ totalCount: 0, edges: [] });
    } finally {
      await fresh.close();
    }
  });

  it('lists projects in the order they were recorded, with their kind and status', async () => {
    const { a, b, p1, p2, p3 } = await filterFixture();
    const data = await listProjects({ filter: { countryCodes: [a.code, b.code] } });
    expect(data.totalCount).toBe(3);
    expect(data.edges.map((e: any) => e.node)).toEqual([
      { id: p1.globalId, name: 'P1 recycling', kind: 'RECYCLING', status: 'PIPELINE' },
      { id: p2.globalId, name: 'P2 refining', kind: 'REFINING', status: 'IMPLEMENTATION' },
      { id: p3.globalId, name: 'P3 funding', kind: 'FUNDING', status: 'CANCELLED' },
    ]);

    const all = await listProjects({ first: 100 });
    expect(names(all)).toEqual(expect.arrayContaining(['P1 recycling', 'P2 refining', 'P3 funding']));
    expect(all.totalCount).toBe(all.edges.length);
  });

  it('pages through the list with first/after', async () => {
    const { a, b } = await filterFixture();
    const first = await listProjects({ filter: { countryCodes: [a.code, b.code] }, first: 2 });
    expect(names(first)).toEqual(['P1 recycling', 'P2 refining']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await listProjects({ filter: { countryCodes: [a.code, b.code] }, first: 2, after: first.pageInfo.endCursor });
    expect(names(second)).toEqual(['P3 funding']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(second.totalCount).toBe(3);
  });

  it('filters by countryCodes (any participant, case-insensitive)', async () => {
    const { a, b } = await filterFixture();
    const ofA = await listProjects({ filter: { countryCodes: [a.code.toLowerCase()] } });
    expect(names(ofA)).toEqual(['P1 recycling', 'P3 funding']);
    expect(ofA.totalCount).toBe(2);
    const ofB = await listProjects({ filter: { countryCodes: [b.code] } });
    expect(names(ofB)).toEqual(['P1 recycling', 'P2 refining']);
    const ofChina = await listProjects({ filter: { countryCodes: ['CN'] } });
    expect(ofChina).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('filters by kinds', async () => {
    const { a, b } = await filterFixture();
    const data = await listProjects({ filter: { countryCodes: [a.code, b.code], kinds: ['REFINING', 'FUNDING'] } });
    expect(names(data)).toEqual(['P2 refining', 'P3 funding']);
    expect(data.totalCount).toBe(2);
  });

  it('filters by statuses', async () => {
    const { a, b } = await filterFixture();
    const data = await listProjects({ filter: { countryCodes: [a.code, b.code], statuses: ['PIPELINE', 'CANCELLED'] } });
    expect(names(data)).toEqual(['P1 recycling', 'P3 funding']);
    expect(data.totalCount).toBe(2);
    const closed = await listProjects({ filter: { countryCodes: [a.code, b.code], statuses: ['CLOSED'] } });
    expect(closed.totalCount).toBe(0);
  });

  it('filters by mineralCodes, and combines conditions with AND', async () => {
    const { a, m1, m2 } = await filterFixture();
    expect(names(await listProjects({ filter: { mineralCodes: [m2.code] } }))).toEqual(['P2 refining', 'P3 funding']);
    expect(names(await listProjects({ filter: { mineralCodes: [m1.code.toLowerCase()] } }))).toEqual(['P1 recycling', 'P3 funding']);
    const both = await listProjects({
      filter: { countryCodes: [a.code], mineralCodes: [m2.code], kinds: ['FUNDING'], statuses: ['CANCELLED'] },
    });
    expect(names(both)).toEqual(['P3 funding']);
    expect(both.totalCount).toBe(1);
  });
});

const PROJECT = `query($id: ID!) {
  project(id: $id) {
    id name description kind status version startsOn endsOn location
    budget { amount currency }
    participants { role country { code name } }
    minerals { code name }
    commitments(first: 10) { totalCount edges { node { title status } } }
    statusHistory { totalCount edges { node { fromStatus toStatus version actor { sub role country { code } } } } }
  }
}`;

describe('project(id)', () => {
  it('returns a project with participants, minerals, exact budget, commitments and status history', async () => {
    const lead = await factory.country({ name: 'Leadland' });
    const partner = await factory.country({ name: 'Partnerland' });
    const lithium = await seededMineralId('LITHIUM');
    const cobalt = await seededMineralId('COBALT');
    const funding = await seededCommitmentId('G7 action plan to secure critical-mineral supply chains');
    const own = await factory.commitment({ title: 'Build a lithium refinery', status: 'IN_PROGRESS', partyIds: [lead.id] });
    const created = await factory.project({
      name: 'Lithium refinery',
      kind: 'REFINING',
      status: 'IMPLEMENTATION',
      participantIds: [lead.id, partner.id],
      mineralIds: [lithium, cobalt],
      commitmentIds: [funding, own.id],
      budget: ['1250000.50', 'EUR'],
    });

    const { project } = dataOf(await api.graphql(PROJECT, { id: created.globalId }));
    expect(project).toMatchObject({
      id: created.globalId,
      name: 'Lithium refinery',
      description: '',
      kind: 'REFINING',
      status: 'IMPLEMENTATION',
      version: 1,
      startsOn: null,
      endsOn: null,
      location: null,
      budget: { amount: '1250000.50', currency: 'EUR' },
    });
    expect(project.participants).toEqual([
      { role: 'LEAD', country: { code: lead.code, name: 'Leadland' } },
      { role: 'PARTNER', country: { code: partner.code, name: 'Partnerland' } },
    ]);
    expect(project.minerals).toEqual([
      { code: 'COBALT', name: 'Cobalt' },
      { code: 'LITHIUM', name: 'Lithium' },
    ]);
    expect(project.commitments.totalCount).toBe(2);
    expect(project.commitments.edges.map((e: any) => e.node)).toEqual([
      // The seeded commitment was recorded long before the one made for this test.
      { title: 'G7 action plan to secure critical-mineral supply chains', status: 'ANNOUNCED' },
      { title: 'Build a lithium refinery', status: 'IN_PROGRESS' },
    ]);
    expect(project.statusHistory).toEqual({
      totalCount: 1,
      edges: [{ node: { fromStatus: null, toStatus: 'IMPLEMENTATION', version: 1, actor: { sub: null, role: 'ADMIN', country: null } } }], // the public sees no sub
    });
  });

  it('keeps every digit of a large budget, writes a yen budget without decimals, and gives null for a project without one', async () => {
    const large = await factory.project({ name: 'Large budget', budget: ['123456789012345678.99', 'USD'] });
    const round = await factory.project({ name: 'Round budget', budget: ['7000000.00', 'JPY'] });
    const none = await factory.project({ name: 'No budget' });
    const query =
      'query($id: ID!) { project(id: $id) { name budget { amount currency } participants { role } minerals { code } commitments { totalCount } } }';
    expect(dataOf(await api.graphql(query, { id: large.globalId })).project.budget).toEqual({
      amount: '123456789012345678.99',
      currency: 'USD',
    });
    expect(dataOf(await api.graphql(query, { id: round.globalId })).project.budget).toEqual({ amount: '7000000', currency: 'JPY' });
    expect(dataOf(await api.graphql(query, { id: none.globalId })).project).toEqual({
      name: 'No budget',
      budget: null,
      participants: [],
      minerals: [],
      commitments: { totalCount: 0 },
    });
  });

  it("answers null, without an error, for an unknown Project id and for another type's id", async () => {
    const missing = await api.graphql('query($id: ID!) { project(id: $id) { name } }', { id: toGlobalId('Project', randomUUID()) });
    expect(missing.body).toEqual({ data: { project: null } });
    const wrongType = await api.graphql('query($id: ID!) { project(id: $id) { name } }', { id: toGlobalId('Meeting', randomUUID()) });
    expect(wrongType.body).toEqual({ data: { project: null } });
  });
});
