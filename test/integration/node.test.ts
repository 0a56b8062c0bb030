import { randomUUID } from 'node:crypto';
import { Role } from '../../src/modules/auth/caller';
import { toGlobalId } from '../../src/shared/global-id';
import { declaredEvidence } from '../helpers/evidence';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let auditor: Record<string, string>;
beforeAll(async () => {
  auditor = await authHeader({ sub: 'node-auditor', role: Role.AUDITOR });
});

/** Every error response seen in this file, checked at the end for leaked internals. */
const errorResponses: GraphQLResponse[] = [];

async function node(id: string, headers?: Record<string, string>): Promise<GraphQLResponse> {
  const response = await api.graphql(NODE, { id }, headers);
  if (response.body.errors) errorResponses.push(response);
  return response;
}

// Enum fields of different types cannot share a response name, hence the aliases.
const SELECTIONS = `__typename id
  ... on Country { code name }
  ... on Commitment { title commitmentStatus: status }
  ... on CommitmentParty { partyRole: role country { code } }
  ... on Meeting { title startsOn }
  ... on MeetingParticipant { meetingRole: role delegateTitle country { code } }
  ... on Mineral { code name }
  ... on Alliance { code name }
  ... on AllianceMembership { membershipStatus: status startsOn alliance { code } country { code } }
  ... on Source { title publisher }
  ... on RefiningShareEstimate { statement averagePercent minPercent maxPercent }
  ... on Project { name projectStatus: status projectKind: kind }
  ... on ProjectParticipant { participantRole: role country { code } }
  ... on StatusChange { sequence version }
  ... on CommitmentStatusChange { commitmentTo: toStatus }
  ... on Obligation { obligationStatus: status version party { role country { code } } }
  ... on ObligationStatusChange { obligationTo: toStatus }
  ... on ProjectStatusChange { projectTo: toStatus }
  ... on MembershipStatusChange { membershipTo: toStatus }
  ... on AuditEvent { sequence action }
  ... on Evidence { title hashBasis }
  ... on Statement { speakerName text statementKind: kind }
  ... on Development { developmentKind: kind description }
  ... on Assessment { score assessmentKind: kind rationale }
  ... on Organisation { iatiIdentifier organisationType }
  ... on Transaction { transactionType transactionDate }`;

const NODE = `query($id: ID!) { node(id: $id) { ${SELECTIONS} } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ${SELECTIONS} } }`;

const NODE_TYPES = [
  'Alliance',
  'AllianceMembership',
  'Assessment',
  'AuditEvent',
  'Commitment',
  'CommitmentParty',
  'CommitmentStatusChange',
  'Country',
  'Development',
  'Evidence',
  'Meeting',
  'MeetingParticipant',
  'MembershipStatusChange',
  'Mineral',
  'Obligation',
  'ObligationStatusChange',
  'Organisation',
  'Project',
  'ProjectParticipant',
  'ProjectStatusChange',
  'RefiningShareEstimate',
  'Source',
  'Statement',
  'Transaction',
];

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const first = (connection: any) => connection.edges[0].node;
const nodes = (connection: any) => connection.edges.map((edge: any) => edge.node);

/** One object of every Node type, as the API itself lists it (ids included). */
async function objectsOfEveryType(): Promise<Record<string, any>> {
  const data = dataOf(
    await api.graphql(`{
      country(code: "IN") { __typename id code name }
      commitments(first: 1) { edges { node {
        __typename id title commitmentStatus: status
        parties { __typename id partyRole: role country { code } }
        statusHistory(first: 1) { edges { node { __typename id sequence version commitmentTo: toStatus } } }
        obligations(first: 1) { edges { node {
          __typename id obligationStatus: status version party { role country { code } }
          statusHistory(first: 1) { edges { node { __typename id sequence version obligationTo: toStatus } } }
        } } }
      } } }
      meetings(first: 1) { edges { node {
        __typename id title startsOn
        sources { source { __typename id title publisher } }
        participants { __typename id meetingRole: role delegateTitle country { code } }
      } } }
      minerals { edges { node { __typename id code name } } }
      alliances { edges { node {
        __typename id code name
        memberships { edges { node {
          __typename id membershipStatus: status startsOn alliance { code } country { code }
          statusHistory(first: 1) { edges { node { __typename id sequence version membershipTo: toStatus } } }
        } } }
      } } }
      refiningShareEstimates { __typename id statement averagePercent minPercent maxPercent }
      statements(first: 1) { edges { node { __typename id speakerName text statementKind: kind } } }
      developments { __typename id developmentKind: kind description }
    }`),
  );
  const factory = new Factory(api.db);
  const country = await factory.country({ code: 'XN', name: 'Nodeland' });
  const created = await factory.project({ name: 'Node project', kind: 'REFINING', status: 'PIPELINE', participantIds: [country.id] });
  const projects = dataOf(
    await api.graphql(`{ projects(filter: { countryCodes: ["XN"] }) { edges { node {
      __typename id name projectStatus: status projectKind: kind
      participants { __typename id participantRole: role country { code } }
      statusHistory(first: 1) { edges { node { __typename id sequence version projectTo: toStatus } } }
    } } } }`),
  );
  const { participants, statusHistory: projectHistory, ...project } = first(projects.projects);
  expect(project.id).toBe(created.globalId);
  const declared = await declaredEvidence(api.db, null);
  const { evidence } = dataOf(
    await api.graphql('query($id: ID!) { evidence(id: $id) { __typename id title hashBasis } }', { id: declared.globalId }),
  );
  const { assessment } = dataOf(
    await api.graphql(
      `mutation($input: AssessObligationInput!) { assessObligation(input: $input) { assessment { __typename id score assessmentKind: kind rationale } } }`,
      {
        input: {
          obligationId: first(first(data.commitments).obligations).id,
          score: 0,
          kind: 'INTERIM',
          rationale: 'Node test',
          periodFrom: '2026-01-01',
          periodTo: '2026-06-30',
        },
      },
      auditor,
    ),
  ).assessObligation;
  const admin = await authHeader({ sub: 'node-admin', role: Role.ADMIN });
  const { organisation } = dataOf(
    await api.graphql(
      `mutation { createOrganisation(input: { iatiIdentifier: "XM-DAC-NODE", name: "Node bank", organisationType: MULTILATERAL }) {
        organisation { __typename id iatiIdentifier organisationType } } }`,
      {},
      admin,
    ),
  ).createOrganisation;
  const { transaction } = dataOf(
    await api.graphql(
      `mutation($id: ID!) { recordTransaction(input: { projectId: $id, transactionType: DISBURSEMENT, transactionDate: "2025-01-31", value: { amount: "10", currency: "USD" } }) {
        transaction { __typename id transactionType transactionDate } } }`,
      { id: created.globalId },
      admin,
    ),
  ).recordTransaction;
  const trail = dataOf(await api.graphql('{ auditTrail(first: 1) { edges { node { __typename id sequence action } } } }', {}, auditor));
  const { parties, statusHistory, obligations, ...commitment } = first(data.commitments);
  const { statusHistory: obligationHistory, ...obligation } = first(obligations);
  const { sources, participants: meetingParticipants, ...meeting } = first(data.meetings);
  const paxSilica = nodes(data.alliances).find((a: any) => a.code === 'PAX_SILICA');
  const { statusHistory: membershipHistory, ...membership } = nodes(paxSilica.memberships).find((m: any) => m.country.code === 'US');
  return {
    Country: data.country,
    Commitment: commitment,
    CommitmentParty: parties[0],
    CommitmentStatusChange: first(statusHistory),
    Obligation: obligation,
    ObligationStatusChange: first(obligationHistory),
    Meeting: meeting,
    MeetingParticipant: meetingParticipants[0],
    Mineral: nodes(data.minerals).find((m: any) => m.code === 'LITHIUM'),
    Alliance: (({ memberships, ...alliance }) => alliance)(paxSilica),
    AllianceMembership: membership,
    MembershipStatusChange: first(membershipHistory),
    Source: sources[0].source,
    Statement: first(data.statements),
    Development: data.developments[0],
    RefiningShareEstimate: data.refiningShareEstimates.find((e: any) => e.minPercent === 47),
    Project: project,
    ProjectParticipant: participants[0],
    ProjectStatusChange: first(projectHistory),
    AuditEvent: first(trail.auditTrail),
    Evidence: evidence,
    Assessment: assessment,
    Organisation: organisation,
    Transaction: transaction,
  };
}

/** Built once for the file: the factory's test country has a fixed code. */
let objects: Record<string, any>;
beforeAll(async () => {
  objects = await objectsOfEveryType();
});

describe('node(id)', () => {
  it('has an object of every Node type to resolve', () => {
    expect(Object.keys(objects).sort()).toEqual(NODE_TYPES);
    for (const [typeName, object] of Object.entries(objects)) {
      expect(object.__typename).toBe(typeName);
      const keys = typeName === 'CommitmentParty' || typeName === 'ProjectParticipant' ? 2 : 1;
      expect(Buffer.from(object.id, 'base64url').toString('utf8')).toMatch(new RegExp(`^${typeName}(:[0-9a-f-]{36}){${keys}}$`));
    }
    // Spot-check that the objects are the ones the seed describes.
    expect(objects.Country).toMatchObject({ code: 'IN', name: 'India' });
    expect(objects.AllianceMembership).toMatchObject({
      membershipStatus: 'MEMBER',
      startsOn: null,
      alliance: { code: 'PAX_SILICA' },
      country: { code: 'US' },
    });
    expect(objects.MembershipStatusChange).toMatchObject({ membershipTo: 'MEMBER', version: 1 });
    expect(objects.RefiningShareEstimate).toMatchObject({ minPercent: 47, maxPercent: 87, averagePercent: null });
    // The first meeting by date: the Canada summit, dated to summer 2025 (its first day).
    expect(objects.Meeting).toMatchObject({ startsOn: '2025-06-01' });
    expect(objects.ProjectParticipant).toMatchObject({ participantRole: 'LEAD', country: { code: 'XN' } });
  });

  it('lists every Node type in the schema, so none is left out of this test', async () => {
    const data = dataOf(await api.graphql('{ __type(name: "Node") { possibleTypes { name } } }'));
    expect(data.__type.possibleTypes.map((t: any) => t.name).sort()).toEqual(NODE_TYPES);
  });

  it.each(NODE_TYPES)('resolves an id of type %s to the same object', async (typeName) => {
    const response = await node(objects[typeName].id, auditor);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.node).toEqual(objects[typeName]);
  });

  it('resolves every id in one request to the matching objects', async () => {
    const ids = Object.values(objects).map((o) => o.id);
    // One root field for them all: there are more Node types than the root-field limit allows aliases.
    const data = dataOf(await api.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids }, auditor));
    expect(data.nodes).toEqual(Object.values(objects).map((o) => ({ __typename: o.__typename, id: o.id })));
  });

  it('refuses an audit event to a caller who may not read the trail, with node null', async () => {
    const response = await node(objects.AuditEvent.id);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('resolves a status change under its own type only: a commitment entry is no project entry', async () => {
    const rowKey = Buffer.from(objects.CommitmentStatusChange.id, 'base64url').toString('utf8').split(':')[1];
    for (const typeName of ['ProjectStatusChange', 'MembershipStatusChange']) {
      const response = await node(toGlobalId(typeName, rowKey));
      expect(response.body).toEqual({ data: { node: null } });
    }
  });
});

describe('nodes(ids)', () => {
  it('answers objects in the order asked for, null for ids that name nothing, and repeats repeated ids', async () => {
    const missing = toGlobalId('Commitment', randomUUID());
    const ids = [objects.Project.id, missing, objects.Country.id, objects.Project.id, toGlobalId('Planet', randomUUID())];
    const response = await api.graphql(NODES, { ids });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.nodes).toEqual([objects.Project, null, objects.Country, objects.Project, null]);
  });

  it('resolves one object of every type, in a statement per type at most', async () => {
    const ids = NODE_TYPES.map((typeName) => objects[typeName].id);
    const response = await api.graphql(NODES, { ids }, auditor);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.nodes).toEqual(NODE_TYPES.map((typeName) => objects[typeName]));
    // The three status change types and audit events share one loader; nested fields add a few.
    expect(response.statements).toBeLessThanOrEqual(NODE_TYPES.length);
  });

  it('costs the same statements for 100 ids as for 4 (one batch per type)', async () => {
    const kinds = [objects.Commitment.id, objects.Country.id, objects.Meeting.id, objects.CommitmentStatusChange.id];
    const factory = new Factory(api.db);
    const commitments = [];
    for (let i = 0; i < 90; i++) commitments.push((await factory.commitment({ title: `Nodes ${i}` })).globalId);
    const seed = dataOf(await api.graphql('{ countries(first: 6) { edges { node { id } } } }'));
    const many = [...commitments, ...seed.countries.edges.map((e: any) => e.node.id), ...kinds];
    expect(many).toHaveLength(100);
    const few = await api.graphql(NODES, { ids: kinds });
    const lots = await api.graphql(NODES, { ids: many });
    expect(dataOf(lots).nodes.every((n: any) => n !== null)).toBe(true);
    expect(few.statements).toBeGreaterThan(0);
    expect(lots.statements).toBe(few.statements);
  });

  it('refuses more than 100 ids with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, () => toGlobalId('Country', randomUUID()));
    const response = await api.graphql(NODES, { ids });
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids', max: 100 });
  });

  it('fails only the position of a malformed or refused id, and keeps the rest', async () => {
    const response = await api.graphql(NODES, { ids: [objects.Country.id, 'nope', objects.AuditEvent.id, objects.Mineral.id] });
    expect(response.body.data.nodes).toEqual([objects.Country, null, null, objects.Mineral]);
    const errors = (response.body.errors ?? [])
      .map((e) => ({ path: e.path, code: e.extensions?.code }))
      .sort((a, b) => Number(a.path?.[1]) - Number(b.path?.[1]));
    expect(errors).toEqual([
      { path: ['nodes', 1], code: 'BAD_USER_INPUT' },
      { path: ['nodes', 2], code: 'FORBIDDEN' },
    ]);
  });
});

describe('node(id) for ids that name nothing', () => {
  it.each([
    ['a word', 'nope'],
    ['the empty string', ''],
    ['base64url of a type and a non-uuid', base64url('Country:not-a-uuid')],
    ['base64url of a uuid without a type', base64url(`:${randomUUID()}`)],
    ['base64url without a separator', base64url(randomUUID())],
    ['an upper-case uuid', base64url(`Country:${randomUUID().toUpperCase()}`)],
    ['three keys', base64url(`CommitmentParty:${randomUUID()}:${randomUUID()}:${randomUUID()}`)],
    ['padded base64 instead of base64url', Buffer.from(`Country:${randomUUID()}`).toString('base64').replace(/=*$/, '==')],
  ])('answers BAD_USER_INPUT naming the id for %s', async (_label, id) => {
    const response = await node(id);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toBe(`Malformed ID "${id}" in id: not an ID this API issued`);
  });

  it.each([
    ['an unknown type', () => toGlobalId('Planet', randomUUID())],
    ['a type that is not a Node', () => toGlobalId('Actor', randomUUID())],
    ['a Country row that does not exist', () => toGlobalId('Country', randomUUID())],
    ['a Project row that does not exist', () => toGlobalId('Project', randomUUID())],
    ['a Meeting row that does not exist', () => toGlobalId('Meeting', '00000000-0000-4000-8000-000000000000')],
    ['a status change that does not exist', () => toGlobalId('CommitmentStatusChange', randomUUID())],
    ['a party that does not exist', () => toGlobalId('CommitmentParty', randomUUID(), randomUUID())],
    ['a one-key type given two keys', () => toGlobalId('Country', randomUUID(), randomUUID())],
    ['a two-key type given one key', () => toGlobalId('CommitmentParty', randomUUID())],
  ])('answers null without an error for a well-formed id of %s', async (_label, makeId) => {
    const response = await node(makeId());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { node: null } });
  });

  it('answers null for a real row key under the wrong type name', async () => {
    const india = dataOf(await api.graphql('{ country(code: "IN") { id } }'));
    const rowKey = Buffer.from(india.country.id, 'base64url').toString('utf8').split(':')[1];
    const response = await node(toGlobalId('Mineral', rowKey));
    expect(response.body).toEqual({ data: { node: null } });
  });

  // Object.prototype members as type names: the lookup must not find inherited properties.
  it.each([['constructor'], ['toString'], ['valueOf'], ['hasOwnProperty'], ['__proto__']])(
    'answers null for a well-formed id whose type is the Object.prototype member %s',
    async (typeName) => {
      const response = await node(toGlobalId(typeName, randomUUID()));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { node: null } });
    },
  );

  it('never shows a stack trace or a source path in an error response', async () => {
    // Make sure this check has something to look at even when run alone.
    await node('nope');
    const badQuery = await api.graphql('{ node(id: 1.5) { id } }');
    errorResponses.push(badQuery);
    expect(badQuery.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    expect(errorResponses.length).toBeGreaterThanOrEqual(2);
    for (const response of errorResponses) {
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/stack/i);
      expect(text).not.toContain('/src/');
      expect(text).not.toContain('.ts');
      expect(text).not.toContain('node_modules');
      for (const error of response.body.errors ?? []) {
        expect(Object.keys(error.extensions ?? {})).not.toContain('stacktrace');
        expect(Object.keys(error.extensions ?? {})).not.toContain('exception');
      }
    }
  });
});
