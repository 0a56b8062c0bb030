import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, GraphQLResponse, startTestApi, TestApi } from '../helpers/test-api';

/**
 * History the public may not read: past states (every `asOf` argument) need an
 * AUDITOR or ADMIN token, and who made a change (`actor.sub`) is shown only to
 * those the policy lets see it. Roles, countries and today's state stay public.
 */

let api: TestApi;
type Headers = Record<string, string>;
const PUBLIC: Headers = {};
let x: string;
let y: string;
let z: string;
const headers: Record<string, Headers> = {};

const ALICE = 'alice@x.example.gov';
const BOB = 'bob@y.example.gov';
const ADMIN_SUB = 'admin@example.org';
const FIRST_DRAFT = 'First draft: the refinery site beside the river';

let commitmentId: string;
let projectId: string;
/** An instant at which the commitment still had its first description. */
let firstDraftAt: string;
let projectCreatedAt: string;

beforeAll(async () => {
  api = await startTestApi();
  const factory = new Factory(api.db);
  [x, y, z] = [(await factory.country()).code, (await factory.country()).code, (await factory.country()).code];
  const claims: Record<string, TokenClaims> = {
    alice: { sub: ALICE, role: Role.PARTNER, country: x },
    carol: { sub: 'carol@x.example.gov', role: Role.PARTNER, country: x },
    bob: { sub: BOB, role: Role.PARTNER, country: y },
    zoe: { sub: 'zoe@z.example.gov', role: Role.PARTNER, country: z },
    auditor: { sub: 'auditor@example.org', role: Role.AUDITOR },
    admin: { sub: ADMIN_SUB, role: Role.ADMIN },
  };
  for (const [name, claim] of Object.entries(claims)) headers[name] = await authHeader(claim);

  // Alice (x) records it, Bob (y) rewrites the description, an ADMIN announces it, Bob starts it.
  const created = dataOf(
    await api.graphql(
      `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } statusChange { recordedAt } } }`,
      { input: { title: 'History access: refinery', description: FIRST_DRAFT, kind: 'FUNDING', instrument: 'MOU', parties: [{ countryCode: x, role: 'LEAD' }, { countryCode: y, role: 'PARTY' }] } },
      headers.alice,
    ),
  ).createCommitment;
  commitmentId = created.commitment.id;
  firstDraftAt = created.statusChange.recordedAt;
  await new Promise((resolve) => setTimeout(resolve, 5));
  const update = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`;
  dataOf(await api.graphql(update, { input: { commitmentId, expectedVersion: 1, description: 'A refinery.' } }, headers.bob));
  const change = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } } }`;
  dataOf(await api.graphql(change, { input: { commitmentId, expectedVersion: 2, status: 'ANNOUNCED' } }, headers.admin));
  dataOf(await api.graphql(change, { input: { commitmentId, expectedVersion: 3, status: 'IN_PROGRESS' } }, headers.bob));

  const project = dataOf(
    await api.graphql(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } statusChange { recordedAt } } }`,
      { input: { name: 'History access: plant', description: FIRST_DRAFT, kind: 'RECYCLING', participants: [{ countryCode: x, role: 'LEAD' }] } },
      headers.alice,
    ),
  ).createProject;
  projectId = project.project.id;
  projectCreatedAt = project.statusChange.recordedAt;
});
afterAll(() => api?.close());

describe('past states (asOf) need an AUDITOR or ADMIN token', () => {
  /** Every argument that rebuilds a past state, each asked as of an instant at which its record existed. */
  const AS_OF_READS: [string, string, () => Record<string, unknown>][] = [
    ['commitment(id, asOf)', 'query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { id description } }', () => ({ id: commitmentId, asOf: firstDraftAt })],
    ['commitments(asOf)', 'query($asOf: DateTime) { commitments(asOf: $asOf, first: 100) { edges { node { id description } } } }', () => ({ asOf: firstDraftAt })],
    ['project(id, asOf)', 'query($id: ID!, $asOf: DateTime) { project(id: $id, asOf: $asOf) { id description } }', () => ({ id: projectId, asOf: projectCreatedAt })],
    [
      'country { commitments(asOf) }',
      'query($code: String!, $asOf: DateTime) { country(code: $code) { commitments(asOf: $asOf) { edges { node { id description } } } } }',
      () => ({ code: x, asOf: firstDraftAt }),
    ],
    ['country { scorecard(asOf) }', 'query($code: String!, $asOf: DateTime) { country(code: $code) { scorecard(asOf: $asOf) { countsByStatus { status count } } } }', () => ({ code: x, asOf: firstDraftAt })],
  ];

  function expectRefused(response: GraphQLResponse, who: RegExp) {
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', action: 'READ_PAST_STATES' });
    expect(error.message).toMatch(who);
    expect(error.message).toMatch(/may not read past states \(asOf\): it needs a token with role AUDITOR or ADMIN$/);
    // Nothing of the past reaches the caller, not even whether the record existed then.
    const body = JSON.stringify(response.body);
    expect(body).not.toContain(FIRST_DRAFT);
    expect(body).not.toMatch(/countsByStatus|edges/);
  }

  describe.each(AS_OF_READS)('%s', (_name, query, variables) => {
    it.each([
      ['the public', () => PUBLIC, /^The public may not/],
      ['a PARTNER of the country the record binds', () => headers.alice, /^A PARTNER may not/],
      ['a PARTNER of another country', () => headers.zoe, /^A PARTNER may not/],
    ])('is FORBIDDEN to %s, and shows nothing of the past', async (_who, header, who) => {
      expectRefused(await api.graphql(query, variables(), header()), who);
    });

    it.each([['an AUDITOR', 'auditor'], ['an ADMIN', 'admin']])('answers %s', async (_who, name) => {
      const data = dataOf(await api.graphql(query, variables(), headers[name]));
      expect(Object.values(data)[0]).not.toBeNull();
    });

    it('answers the public when asOf is null (now)', async () => {
      dataOf(await api.graphql(query, { ...variables(), asOf: null }, PUBLIC));
    });
  });

  it('gives the AUDITOR the description that was later edited away, and everyone today’s', async () => {
    const query = 'query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { description version } }';
    expect(dataOf(await api.graphql(query, { id: commitmentId, asOf: firstDraftAt }, headers.auditor)).commitment).toEqual({ description: FIRST_DRAFT, version: 1 });
    expect(dataOf(await api.graphql(query, { id: commitmentId }, PUBLIC)).commitment).toEqual({ description: 'A refinery.', version: 4 });
  });

  it('refuses before looking the record up: an unknown id is FORBIDDEN too, not NOT_FOUND', async () => {
    const response = await api.graphql('query($asOf: DateTime) { commitment(id: "Q29tbWl0bWVudDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=", asOf: $asOf) { id } }', { asOf: firstDraftAt });
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.statements).toBe(0);
  });
});

describe('who made a change (actor.sub)', () => {
  const HISTORY = `query($id: ID!) { commitment(id: $id) { statusHistory { edges { node { toStatus actor { sub role country { code } } } } } } }`;

  async function actors(header: Headers) {
    const edges = dataOf(await api.graphql(HISTORY, { id: commitmentId }, header)).commitment.statusHistory.edges;
    return edges.map((edge: any) => edge.node.actor);
  }

  const everyone = () => [
    { sub: ALICE, role: 'PARTNER', country: { code: x } },
    { sub: ADMIN_SUB, role: 'ADMIN', country: null },
    { sub: BOB, role: 'PARTNER', country: { code: y } },
  ];
  const only = (visible: string[]) => everyone().map((actor) => ({ ...actor, sub: visible.includes(actor.sub) ? actor.sub : null }));

  it.each([
    ['the public: role and country only', () => PUBLIC, []],
    ['a PARTNER of x: the actors of x', () => headers.carol, [ALICE]],
    ['a PARTNER of y: the actors of y', () => headers.bob, [BOB]],
    ['a PARTNER of a country not involved: none', () => headers.zoe, []],
    ['an AUDITOR: all', () => headers.auditor, [ALICE, ADMIN_SUB, BOB]],
    ['an ADMIN: all', () => headers.admin, [ALICE, ADMIN_SUB, BOB]],
  ] as [string, () => Headers, string[]][])('statusHistory shows %s', async (_who, header, visible) => {
    expect(await actors(header())).toEqual(only(visible));
  });

  it('the same in a list of commitments, a project history and a mutation payload', async () => {
    const list = `query($code: String!) { country(code: $code) { commitments { edges { node { statusHistory { edges { node { actor { sub role } } } } } } } } }`;
    const subs = async (header: Headers) =>
      dataOf(await api.graphql(list, { code: x }, header)).country.commitments.edges.flatMap((e: any) => e.node.statusHistory.edges.map((h: any) => h.node.actor.sub));
    expect(await subs(PUBLIC)).toEqual([null, null, null]);
    expect(await subs(headers.auditor)).toEqual([ALICE, ADMIN_SUB, BOB]);

    const project = `query($id: ID!) { project(id: $id) { statusHistory { edges { node { actor { sub } } } } } }`;
    expect(dataOf(await api.graphql(project, { id: projectId }, PUBLIC)).project.statusHistory.edges).toEqual([{ node: { actor: { sub: null } } }]);
    expect(dataOf(await api.graphql(project, { id: projectId }, headers.carol)).project.statusHistory.edges).toEqual([{ node: { actor: { sub: ALICE } } }]);

    // The payload of a partner's own change names it; an ADMIN's change is not a partner's to see.
    const create = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { statusChange { actor { sub role country { code } } } } }`;
    const input = (title: string) => ({ input: { title, kind: 'POLICY', instrument: 'STATEMENT', parties: [{ countryCode: x, role: 'LEAD' }] } });
    expect(dataOf(await api.graphql(create, input('History access: own'), headers.alice)).createCommitment.statusChange.actor).toEqual({ sub: ALICE, role: 'PARTNER', country: { code: x } });
    expect(dataOf(await api.graphql(create, input('History access: admin'), headers.admin)).createCommitment.statusChange.actor).toEqual({ sub: ADMIN_SUB, role: 'ADMIN', country: null });
  });
});
