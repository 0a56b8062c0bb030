import { randomUUID } from 'node:crypto';
import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, GraphQLResponse, startTestApi, TestApi } from '../helpers/test-api';

/**
 * History the public may not read: past states (every `asOf` argument) need an
 * AUDITOR or ADMIN token, or a PARTNER's for its own country's records; who made a
 * change (`actor.sub`) is shown only to those the policy lets see it. Roles,
 * countries and today's state stay public.
 */

let api: TestApi;
let factory: Factory;
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
/** An instant at which the project still had its first description. */
let projectCreatedAt: string;

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
const UPDATE_COMMITMENT = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`;
const CREATE_COMMITMENT = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } statusChange { recordedAt } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } statusChange { recordedAt } } }`;

beforeAll(async () => {
  api = await startTestApi();
  factory = new Factory(api.db);
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

  // Alice (x) records it, Bob (y) accepts and rewrites the description, an ADMIN announces it, Bob starts it.
  const created = dataOf(
    await api.graphql(
      CREATE_COMMITMENT,
      {
        input: {
          title: 'History access: refinery',
          description: FIRST_DRAFT,
          kind: 'FUNDING',
          instrument: 'MOU',
          parties: [
            { countryCode: x, role: 'LEAD' },
            { countryCode: y, role: 'PARTY' },
          ],
        },
      },
      headers.alice,
    ),
  ).createCommitment;
  commitmentId = created.commitment.id;
  firstDraftAt = created.statusChange.recordedAt;
  await pause();
  // Alice named y, so y is invited until Bob's team accepts.
  const respond = `mutation($input: RespondToCommitmentInvitationInput!) { respondToCommitmentInvitation(input: $input) { consent } }`;
  dataOf(await api.graphql(respond, { input: { commitmentId, accept: true } }, headers.bob));
  dataOf(await api.graphql(UPDATE_COMMITMENT, { input: { commitmentId, expectedVersion: 2, description: 'A refinery.' } }, headers.bob));
  const change = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } } }`;
  // Each party moves its own obligation; the commitment's status rolls up when the last of them moves.
  const move = (expectedVersion: number, status: string, by: Headers, partyCountryCode?: string) =>
    api.graphql(change, { input: { commitmentId, expectedVersion, status, partyCountryCode } }, by).then(dataOf);
  await move(3, 'ANNOUNCED', headers.admin, x);
  await move(4, 'ANNOUNCED', headers.admin, y);
  await move(5, 'IN_PROGRESS', headers.alice);
  await move(6, 'IN_PROGRESS', headers.bob);

  // Alice's project (x alone), whose first description is rewritten too.
  const project = dataOf(
    await api.graphql(
      CREATE_PROJECT,
      {
        input: {
          name: 'History access: plant',
          description: FIRST_DRAFT,
          kind: 'RECYCLING',
          participants: [{ countryCode: x, role: 'LEAD' }],
        },
      },
      headers.alice,
    ),
  ).createProject;
  projectId = project.project.id;
  projectCreatedAt = project.statusChange.recordedAt;
  await pause();
  const updateProject = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { version } } }`;
  dataOf(await api.graphql(updateProject, { input: { projectId, expectedVersion: 1, description: 'A plant.' } }, headers.alice));
});
afterAll(() => api?.close());

describe("past states (asOf) need an AUDITOR or ADMIN token, or a PARTNER token of the record's country", () => {
  interface AsOfRead {
    name: string;
    query: string;
    /** Variables asking as of an instant at which the record existed, for the country `code` where the read names one. */
    variables: (code: string) => Record<string, unknown>;
    /** What the answer shows of the past: the first description, or the scorecard of then. */
    past: (data: any) => unknown;
    expectedPast: unknown;
  }
  const described = (edges: any[]) => edges.find((edge) => edge.node.id === commitmentId)?.node.description;
  const AS_OF_READS: AsOfRead[] = [
    {
      name: 'commitment(id, asOf)',
      query: 'query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { id description } }',
      variables: () => ({ id: commitmentId, asOf: firstDraftAt }),
      past: (data) => data.commitment.description,
      expectedPast: FIRST_DRAFT,
    },
    {
      name: 'commitments(filter, asOf)',
      query:
        'query($codes: [String!], $asOf: DateTime) { commitments(filter: { countryCodes: $codes }, asOf: $asOf, first: 100) { edges { node { id description } } } }',
      variables: (code) => ({ codes: [code], asOf: firstDraftAt }),
      past: (data) => described(data.commitments.edges),
      expectedPast: FIRST_DRAFT,
    },
    {
      name: 'project(id, asOf)',
      query: 'query($id: ID!, $asOf: DateTime) { project(id: $id, asOf: $asOf) { id description } }',
      variables: () => ({ id: projectId, asOf: projectCreatedAt }),
      past: (data) => data.project.description,
      expectedPast: FIRST_DRAFT,
    },
    {
      name: 'country { commitments(asOf) }',
      query:
        'query($code: String!, $asOf: DateTime) { country(code: $code) { commitments(asOf: $asOf) { edges { node { id description } } } } }',
      variables: (code) => ({ code, asOf: firstDraftAt }),
      past: (data) => described(data.country.commitments.edges),
      expectedPast: FIRST_DRAFT,
    },
    {
      name: 'country { scorecard(asOf) }',
      query:
        'query($code: String!, $asOf: DateTime) { country(code: $code) { scorecard(asOf: $asOf) { countsByStatus { status count } } } }',
      variables: (code) => ({ code, asOf: firstDraftAt }),
      // Then the commitment was still PROPOSED; it is IN_PROGRESS now.
      past: (data) => data.country.scorecard.countsByStatus.filter((entry: any) => entry.count > 0),
      expectedPast: [{ status: 'PROPOSED', count: 1 }],
    },
  ];

  function expectRefused(response: GraphQLResponse, message: string) {
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', action: 'READ_PAST_STATES' });
    expect(error.message).toBe(message);
    // Nothing of the past reaches the caller, not even whether the record existed then.
    const body = JSON.stringify(response.body);
    expect(body).not.toContain(FIRST_DRAFT);
    expect(body).not.toMatch(/countsByStatus|edges|description/);
  }
  const publicRefusal =
    "The public may not read past states (asOf): it needs a token with role AUDITOR or ADMIN, or PARTNER for its own country's records";
  const partnerRefusal = (code: string) =>
    `A PARTNER may not read past states (asOf) of records its country ${code} is not part of; a list must be of ${code} alone (country(code: "${code}") or filter.countryCodes: ["${code}"])`;

  describe.each(AS_OF_READS)('$name', (read) => {
    it('is FORBIDDEN to the public, and shows nothing of the past', async () => {
      expectRefused(await api.graphql(read.query, read.variables(x), PUBLIC), publicRefusal);
    });

    it('is FORBIDDEN to a PARTNER of another country asking for x, and shows nothing of the past', async () => {
      expectRefused(await api.graphql(read.query, read.variables(x), headers.zoe), partnerRefusal(z));
    });

    it('gives a PARTNER of x what was later edited away', async () => {
      expect(read.past(dataOf(await api.graphql(read.query, read.variables(x), headers.alice)))).toEqual(read.expectedPast);
    });

    it.each([
      ['an AUDITOR', 'auditor'],
      ['an ADMIN', 'admin'],
    ])('gives %s what was later edited away', async (_who, name) => {
      expect(read.past(dataOf(await api.graphql(read.query, read.variables(x), headers[name])))).toEqual(read.expectedPast);
    });

    it("answers the public when asOf is null (now), with today's state", async () => {
      const data = dataOf(await api.graphql(read.query, { ...read.variables(x), asOf: null }, PUBLIC));
      expect(read.past(data)).not.toEqual(read.expectedPast);
    });
  });

  it('lets every party of a commitment read its past, and a participant of a project only', async () => {
    const commitment = AS_OF_READS[0];
    expect(commitment.past(dataOf(await api.graphql(commitment.query, commitment.variables(y), headers.bob)))).toBe(FIRST_DRAFT);
    const project = AS_OF_READS[2];
    expectRefused(await api.graphql(project.query, project.variables(y), headers.bob), partnerRefusal(y));
  });

  it("keeps a PARTNER's commitments(asOf) to a filter on its own country alone", async () => {
    const list = AS_OF_READS[1];
    const ask = (codes: string[] | null) => api.graphql(list.query, { ...list.variables(x), codes }, headers.alice);
    expect(list.past(dataOf(await ask([x.toLowerCase(), x])))).toBe(FIRST_DRAFT);
    expectRefused(await ask(null), partnerRefusal(x));
    expectRefused(await ask([x, y]), partnerRefusal(x));
    // Its own list leaves out what is not its country's, rather than refusing.
    expect(
      dataOf(await api.graphql(list.query, list.variables(z), headers.zoe)).commitments.edges.map((edge: any) => edge.node.id),
    ).not.toContain(commitmentId);
  });

  it('refuses before looking the record up: an unknown id is FORBIDDEN too, not NOT_FOUND', async () => {
    const unknown = `query($asOf: DateTime) { commitment(id: "${toGlobalId('Commitment', '00000000-0000-0000-0000-000000000000')}", asOf: $asOf) { id } }`;
    const response = await api.graphql(unknown, { asOf: firstDraftAt });
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.statements).toBe(0);
  });

  it('tells a PARTNER no more of a record that never bound its country: an unknown id is FORBIDDEN, not NOT_FOUND', async () => {
    const query = 'query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { id } }';
    expectRefused(
      await api.graphql(query, { id: toGlobalId('Commitment', randomUUID()), asOf: firstDraftAt }, headers.alice),
      partnerRefusal(x),
    );
  });
});

describe('whose past a PARTNER may read: a party (or participant) then or now', () => {
  const COMMITMENT_AS_OF =
    'query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { description parties { country { code } } } }';
  let w: string;
  let v: string;
  const partners: Record<string, Headers> = {};
  let id: string;
  let before: string;
  let then: string;
  let after: string;

  beforeAll(async () => {
    [w, v] = [(await factory.country()).code, (await factory.country()).code];
    partners.w = await authHeader({ sub: 'wendy@w.example.gov', role: Role.PARTNER, country: w });
    partners.v = await authHeader({ sub: 'victor@v.example.gov', role: Role.PARTNER, country: v });
    // w's commitment is handed over to v: w was a party then, v is one now.
    const input = {
      title: 'History access: handed over',
      description: 'Drafted by w',
      kind: 'POLICY',
      instrument: 'STATEMENT',
      parties: [{ countryCode: w, role: 'LEAD' }],
    };
    const created = dataOf(await api.graphql(CREATE_COMMITMENT, { input }, headers.admin)).createCommitment;
    id = created.commitment.id;
    then = created.statusChange.recordedAt;
    before = new Date(Date.parse(then) - 60_000).toISOString();
    await pause();
    dataOf(
      await api.graphql(
        UPDATE_COMMITMENT,
        { input: { commitmentId: id, expectedVersion: 1, description: 'Rewritten by v', parties: [{ countryCode: v, role: 'LEAD' }] } },
        headers.admin,
      ),
    );
    await pause();
    after = new Date().toISOString();
  });

  it('lets a party of then read the state it was a party to', async () => {
    expect(dataOf(await api.graphql(COMMITMENT_AS_OF, { id, asOf: then }, partners.w)).commitment).toEqual({
      description: 'Drafted by w',
      parties: [{ country: { code: w } }],
    });
  });

  it('lets a party of now read the states before it joined', async () => {
    expect(dataOf(await api.graphql(COMMITMENT_AS_OF, { id, asOf: then }, partners.v)).commitment.description).toBe('Drafted by w');
    // It did not exist yet: null, without an error, as for any record that is not there.
    const missing = await api.graphql(COMMITMENT_AS_OF, { id, asOf: before }, partners.v);
    expect(missing.body).toEqual({ data: { commitment: null } });
  });

  it.each([
    ['after it left', () => after],
    ['before the record existed (its existence then is not told either)', () => before],
  ])('refuses a former party %s', async (_when, asOf) => {
    const response = await api.graphql(COMMITMENT_AS_OF, { id, asOf: asOf() }, partners.w);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.body.errors![0].message).not.toContain(v);
    expect(JSON.stringify(response.body)).not.toMatch(/Drafted|Rewritten/);
  });
});

describe('lists under a past record show a PARTNER only what it may read itself', () => {
  const SECRET = 'Not yours: the other side of the deal';
  let ids: { commitment: string; ownProject: string; otherProject: string };
  let asOf: string;
  const partners: Record<string, Headers> = {};

  beforeAll(async () => {
    const [c, p] = [(await factory.country()).code, (await factory.country()).code];
    partners.c = await authHeader({ sub: 'max@c.example.gov', role: Role.PARTNER, country: c });
    partners.p = await authHeader({ sub: 'nina@p.example.gov', role: Role.PARTNER, country: p });
    // c's commitment is delivered by c's project and by p's.
    const commitmentInput = {
      title: 'History access: linked',
      description: SECRET,
      kind: 'FUNDING',
      instrument: 'MOU',
      parties: [{ countryCode: c, role: 'LEAD' }],
    };
    const commitment = dataOf(await api.graphql(CREATE_COMMITMENT, { input: commitmentInput }, headers.admin)).createCommitment.commitment
      .id;
    const project = async (code: string) => {
      const input = {
        name: `History access: ${code}'s plant`,
        description: SECRET,
        kind: 'RECYCLING',
        participants: [{ countryCode: code, role: 'LEAD' }],
      };
      const projectId = dataOf(await api.graphql(CREATE_PROJECT, { input }, headers.admin)).createProject.project.id;
      const link = `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { project { version } } }`;
      dataOf(await api.graphql(link, { input: { projectId, commitmentId: commitment, expectedVersion: 1 } }, headers.admin));
      return projectId;
    };
    ids = { commitment, ownProject: await project(c), otherProject: await project(p) };
    await pause();
    asOf = new Date().toISOString();
  });

  it("Commitment.projects: the projects the PARTNER's country takes part in, not the others", async () => {
    const query =
      'query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { projects { edges { node { id description } } } } }';
    const projects = async (header: Headers) =>
      dataOf(await api.graphql(query, { id: ids.commitment, asOf }, header)).commitment.projects.edges.map((edge: any) => edge.node.id);
    expect(await projects(partners.c)).toEqual([ids.ownProject]);
    expect((await projects(headers.auditor)).sort()).toEqual([ids.ownProject, ids.otherProject].sort());
  });

  it("Project.commitments: nothing of a commitment the PARTNER's country is not a party to", async () => {
    const query =
      'query($id: ID!, $asOf: DateTime) { project(id: $id, asOf: $asOf) { description commitments { edges { node { id description } } } } }';
    const response = await api.graphql(query, { id: ids.otherProject, asOf }, partners.p);
    expect(dataOf(response).project.commitments.edges).toEqual([]);
    expect(JSON.stringify(response.body).split(SECRET)).toHaveLength(2); // the project's own description only
    expect(dataOf(await api.graphql(query, { id: ids.otherProject, asOf }, headers.auditor)).project.commitments.edges).toEqual([
      { node: { id: ids.commitment, description: SECRET } },
    ]);
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
      dataOf(await api.graphql(list, { code: x }, header)).country.commitments.edges.flatMap((e: any) =>
        e.node.statusHistory.edges.map((h: any) => h.node.actor.sub),
      );
    expect(await subs(PUBLIC)).toEqual([null, null, null]);
    expect(await subs(headers.auditor)).toEqual([ALICE, ADMIN_SUB, BOB]);

    const project = `query($id: ID!) { project(id: $id) { statusHistory { edges { node { actor { sub } } } } } }`;
    expect(dataOf(await api.graphql(project, { id: projectId }, PUBLIC)).project.statusHistory.edges).toEqual([
      { node: { actor: { sub: null } } },
    ]);
    expect(dataOf(await api.graphql(project, { id: projectId }, headers.carol)).project.statusHistory.edges).toEqual([
      { node: { actor: { sub: ALICE } } },
    ]);

    // The payload of a partner's own change names it; an ADMIN's change is not a partner's to see.
    const create = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { statusChange { actor { sub role country { code } } } } }`;
    const input = (title: string) => ({
      input: { title, kind: 'POLICY', instrument: 'STATEMENT', parties: [{ countryCode: x, role: 'LEAD' }] },
    });
    expect(dataOf(await api.graphql(create, input('History access: own'), headers.alice)).createCommitment.statusChange.actor).toEqual({
      sub: ALICE,
      role: 'PARTNER',
      country: { code: x },
    });
    expect(dataOf(await api.graphql(create, input('History access: admin'), headers.admin)).createCommitment.statusChange.actor).toEqual({
      sub: ADMIN_SUB,
      role: 'ADMIN',
      country: null,
    });
  });
});
