import { DETAIL } from '../../bench/workloads';
import { Role } from '../../src/modules/auth/caller';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

/**
 * A compiled read's plan is remembered and reused (src/planner/plan-memo.ts): one document asked
 * again and again, with variables that change, must still answer each request as the resolvers do.
 */
const compiled = useTestApi();
const resolvers = useTestApi({ compiledReads: false });

let commitmentIds: string[];
let meetingId: string;
let auditor: Record<string, string>;
let cursors: string[];

beforeAll(async () => {
  const data = dataOf(
    await resolvers.graphql('{ commitments(first: 4) { edges { node { id } } } meetings(first: 1) { edges { node { id } } } }'),
  );
  commitmentIds = data.commitments.edges.map((edge: any) => edge.node.id);
  meetingId = data.meetings.edges[0].node.id;
  auditor = await authHeader({ sub: 'auditor@example.org', role: Role.AUDITOR });
  const { edges } = dataOf(await resolvers.graphql('{ auditTrail(first: 20) { edges { cursor } } }', {}, auditor)).auditTrail;
  cursors = edges.map((edge: any) => edge.cursor);
});

function answer(response: GraphQLResponse) {
  const errors = response.body.errors?.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code }));
  return { status: response.status, data: response.body.data, errors };
}

async function expectSameAnswers(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const [fromSql, fromResolvers] = await Promise.all([
    compiled.graphql(query, variables, headers),
    resolvers.graphql(query, variables, headers),
  ]);
  expect({ variables, ...answer(fromSql) }).toEqual({ variables, ...answer(fromResolvers) });
  return fromSql;
}

describe('a remembered plan', () => {
  it('binds each request its own commitment, and still tells ids of another type and ids it refuses', async () => {
    const sequence = [...commitmentIds, meetingId, 'not-a-global-id', commitmentIds[0], meetingId, commitmentIds[2]];
    for (const id of sequence) {
      const response = await expectSameAnswers(DETAIL, { id });
      if (commitmentIds.includes(id)) {
        expect(dataOf(response).commitment.id).toBe(id);
        expect(response.statements).toBe(1);
      }
    }
  });

  it('serves a variable also used outside a bound argument by its whole value', async () => {
    const query = 'query($id: ID!) { commitment(id: $id) { id title } node(id: $id) { id } }';
    for (const id of [commitmentIds[0], commitmentIds[1], meetingId, commitmentIds[0]]) await expectSameAnswers(query, { id });
  });

  it('writes objects whose keys are any GraphQL name, the names of SQL aliases included', async () => {
    const query =
      'query($id: ID!) { o: commitment(id: $id) { o: title row: status pg: version e: meeting { o: title } parties { o: role } } }';
    const response = await expectSameAnswers(query, { id: commitmentIds[0] });
    expect(response.statements).toBe(1);
    expect(typeof dataOf(response).o.o).toBe('string');
  });

  it('pages the audit trail from each request its own cursor, for each caller', async () => {
    const query = 'query($after: String) { auditTrail(first: 3, after: $after) { edges { cursor node { sequence actor { sub } } } } }';
    const admin = await authHeader({ sub: 'admin@example.gov', role: Role.ADMIN });
    for (const after of [null, cursors[2], cursors[5], cursors[2], null]) {
      await expectSameAnswers(query, { after }, auditor);
      await expectSameAnswers(query, { after }, admin);
      await expectSameAnswers(query, { after });
    }
  });
});
