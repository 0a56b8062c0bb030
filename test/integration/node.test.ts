import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { dataOf, GraphQLResponse, startTestApi, TestApi } from '../helpers/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** Every error response seen in this file, checked at the end for leaked internals. */
const errorResponses: GraphQLResponse[] = [];

async function node(id: string): Promise<GraphQLResponse> {
  const response = await api.graphql(NODE, { id });
  if (response.body.errors) errorResponses.push(response);
  return response;
}

const NODE = `query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Country { code name }
    ... on Commitment { title commitmentStatus: status }
    ... on Meeting { title startsOn }
    ... on Mineral { code name }
    ... on Alliance { code name }
    ... on AllianceMembership { membershipStatus: status startsOn alliance { code } country { code } }
    ... on Source { title publisher }
    ... on RefiningShareEstimate { statement averagePercent minPercent maxPercent }
    ... on Project { name projectStatus: status projectKind: kind }
  }
}`;

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** One object of every Node type, as the API itself lists it (ids included). */
async function objectsOfEveryType(): Promise<Record<string, any>> {
  const data = dataOf(
    await api.graphql(`{
      country(code: "IN") { __typename id code name }
      commitments(first: 1) { edges { node { __typename id title commitmentStatus: status } } }
      meetings(first: 1) { edges { node { __typename id title startsOn sources { __typename id title publisher } } } }
      minerals { edges { node { __typename id code name } } }
      alliances { edges { node {
        __typename id code name
        memberships { edges { node { __typename id membershipStatus: status startsOn alliance { code } country { code } } } }
      } } }
      refiningShareEstimates { __typename id statement averagePercent minPercent maxPercent }
    }`),
  );
  const factory = new Factory(api.db);
  const country = await factory.country({ code: 'XN', name: 'Nodeland' });
  const created = await factory.project({ name: 'Node project', kind: 'REFINING', status: 'PIPELINE', participantIds: [country.id] });
  const projects = dataOf(await api.graphql('{ projects(filter: { countryCodes: ["XN"] }) { edges { node { __typename id name projectStatus: status projectKind: kind } } } }'));
  const project = projects.projects.edges[0].node;
  const paxSilica = data.alliances.edges.map((e: any) => e.node).find((a: any) => a.code === 'PAX_SILICA');
  expect(project.id).toBe(created.globalId);
  return {
    Country: data.country,
    Commitment: data.commitments.edges[0].node,
    Meeting: (({ sources, ...meeting }) => meeting)(data.meetings.edges[0].node),
    Mineral: data.minerals.edges.map((e: any) => e.node).find((m: any) => m.code === 'LITHIUM'),
    Alliance: paxSilica,
    AllianceMembership: paxSilica.memberships.edges.map((e: any) => e.node).find((m: any) => m.country.code === 'IN'),
    Source: data.meetings.edges[0].node.sources[0],
    RefiningShareEstimate: data.refiningShareEstimates.find((e: any) => e.minPercent === 47),
    Project: project,
  };
}

describe('node(id)', () => {
  let objects: Record<string, any>;
  beforeAll(async () => {
    objects = await objectsOfEveryType();
  });

  it('has an object of every Node type to resolve', () => {
    expect(Object.keys(objects).sort()).toEqual([
      'Alliance', 'AllianceMembership', 'Commitment', 'Country', 'Meeting', 'Mineral', 'Project', 'RefiningShareEstimate', 'Source',
    ]);
    for (const [typeName, object] of Object.entries(objects)) {
      expect(object.__typename).toBe(typeName);
      expect(Buffer.from(object.id, 'base64url').toString('utf8')).toMatch(new RegExp(`^${typeName}:[0-9a-f-]{36}$`));
    }
    // Spot-check that the objects are the ones the seed describes.
    expect(objects.Country).toMatchObject({ code: 'IN', name: 'India' });
    expect(objects.AllianceMembership).toMatchObject({ membershipStatus: 'INVITED', startsOn: '2026-01-12', alliance: { code: 'PAX_SILICA' }, country: { code: 'IN' } });
    expect(objects.RefiningShareEstimate).toMatchObject({ minPercent: 47, maxPercent: 87, averagePercent: null });
    expect(objects.Meeting).toMatchObject({ startsOn: '2026-01-12' });
  });

  it.each([
    'Country', 'Commitment', 'Meeting', 'Mineral', 'Alliance', 'AllianceMembership', 'Source', 'RefiningShareEstimate', 'Project',
  ])('resolves an id of type %s to the same object', async (typeName) => {
    const { memberships, ...expected } = objects[typeName];
    const response = await node(expected.id);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.node).toEqual(expected);
  });

  it('resolves every id in one request to the matching objects', async () => {
    const ids = Object.values(objects).map((o) => o.id);
    const query = `{ ${ids.map((id, i) => `n${i}: node(id: "${id}") { __typename id }`).join(' ')} }`;
    const data = dataOf(await api.graphql(query));
    expect(Object.values(data)).toEqual(Object.values(objects).map((o) => ({ __typename: o.__typename, id: o.id })));
  });
});

describe('node(id) errors', () => {
  it.each([
    ['a word', 'nope'],
    ['the empty string', ''],
    ['base64url of a type and a non-uuid', base64url('Country:not-a-uuid')],
    ['base64url of a uuid without a type', base64url(`:${randomUUID()}`)],
    ['base64url without a separator', base64url(randomUUID())],
    ['an upper-case uuid', base64url(`Country:${randomUUID().toUpperCase()}`)],
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
    ['a type that is not a Node', () => toGlobalId('StatusChange', randomUUID())],
    ['a Country row that does not exist', () => toGlobalId('Country', randomUUID())],
    ['a Project row that does not exist', () => toGlobalId('Project', randomUUID())],
    ['a Meeting row that does not exist', () => toGlobalId('Meeting', '00000000-0000-4000-8000-000000000000')],
  ])('answers NOT_FOUND for a well-formed id of %s', async (_label, makeId) => {
    const id = makeId();
    const response = await node(id);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(response.body.errors?.[0].message).toContain(`"${id}"`);
  });

  it('answers NOT_FOUND for a real row key under the wrong type name', async () => {
    const india = dataOf(await api.graphql('{ country(code: "IN") { id } }'));
    const rowKey = Buffer.from(india.country.id, 'base64url').toString('utf8').split(':')[1];
    const id = toGlobalId('Mineral', rowKey);
    const response = await node(id);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(response.body.errors?.[0].message).toBe(`No Mineral with id "${id}"`);
  });

  // Object.prototype members as type names: the lookup must not find inherited properties.
  const PROTOTYPE_MEMBERS = [['constructor'], ['toString'], ['valueOf'], ['hasOwnProperty'], ['__proto__']];

  it.each(PROTOTYPE_MEMBERS)('keeps the answer for a well-formed id whose type is %s masked, with data.node null', async (typeName) => {
    const response = await node(toGlobalId(typeName, randomUUID()));
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors).toHaveLength(1);
  });

  // Type names that are members of every JS object must not reach an inherited property.
  it.each(PROTOTYPE_MEMBERS)('answers NOT_FOUND for a well-formed id whose type is the Object.prototype member %s', async (typeName) => {
    const id = toGlobalId(typeName, randomUUID());
    const response = await node(id);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(response.body.errors?.[0].message).toBe(`No ${typeName} with id "${id}"`);
  });

  it('never shows a stack trace or a source path in an error response', async () => {
    // Make sure this check has something to look at even when run alone.
    await node('nope');
    await node(toGlobalId('Country', randomUUID()));
    await node(toGlobalId('constructor', randomUUID()));
    const badQuery = await api.graphql('{ node(id: 1.5) { id } }');
    errorResponses.push(badQuery);
    expect(badQuery.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    expect(errorResponses.length).toBeGreaterThanOrEqual(4);
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
