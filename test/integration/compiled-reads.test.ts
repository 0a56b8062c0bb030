import fs from 'node:fs';
import path from 'node:path';
import { getOperationAST, OperationTypeNode, parse } from 'graphql';
import { AUDIT_PAGE, DASHBOARD, DETAIL } from '../../bench/workloads';
import { Role } from '../../src/modules/auth/caller';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

/**
 * Every documented query answered both ways: compiled into one SQL statement (the planner)
 * and through the resolvers. For every role the answers must be the same: data, and errors
 * with their codes and paths (a refused field falls back, so it is refused identically). Each is
 * asked twice, so a read Apollo answered first is then answered by the planned-read lane.
 */
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const README_QUERIES = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((match) => match[1])
  .filter((block) => getOperationAST(parse(block.replace(/"…"/g, '"x"')))?.operation === OperationTypeNode.QUERY);

const compiled = useTestApi();
const resolvers = useTestApi({ compiledReads: false });

let ids: { commitment: string; meeting: string; partyCode: string; otherCode: string };
let deepCursor: string;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  const data = dataOf(
    await resolvers.graphql(`{
      commitments(first: 50) { edges { node { id parties { country { code } } projects { totalCount } } } }
      meetings(first: 1) { edges { node { id } } }
      countries(first: 100) { edges { node { code } } }
    }`),
  );
  // A commitment with projects and a history, so W2 has something in every list.
  const nodes = data.commitments.edges.map((edge: any) => edge.node);
  const commitment = nodes.find((node: any) => node.projects.totalCount > 0) ?? nodes[0];
  const partyCodes = commitment.parties.map((party: any) => party.country.code);
  const otherCode = data.countries.edges.map((edge: any) => edge.node.code).find((code: string) => !partyCodes.includes(code));
  ids = { commitment: commitment.id, meeting: data.meetings.edges[0].node.id, partyCode: partyCodes[0], otherCode };
  headers.public = {};
  headers.partnerOfParty = await authHeader({ sub: 'party@example.gov', role: Role.PARTNER, country: ids.partyCode });
  headers.partnerOfOther = await authHeader({ sub: 'other@example.gov', role: Role.PARTNER, country: ids.otherCode });
  headers.auditor = await authHeader({ sub: 'auditor@example.org', role: Role.AUDITOR });
  headers.admin = await authHeader({ sub: 'admin@example.gov', role: Role.ADMIN });
  const { edges } = dataOf(await resolvers.graphql('{ auditTrail(first: 100) { edges { cursor } } }', {}, headers.auditor)).auditTrail;
  deepCursor = edges[Math.floor(edges.length / 2)].cursor;
});

/** The README's "…" ids, filled with seeded ones. */
function withIds(query: string): string {
  return query
    .replace(/commitmentId: "…"/g, `commitmentId: "${ids.commitment}"`)
    .replace(/meeting\(id: "…"\)/g, `meeting(id: "${ids.meeting}")`)
    .replace(/(node|commitment)\(id: "…"\)/g, `$1(id: "${ids.commitment}")`)
    .replace(/"…"/g, `"${ids.commitment}"`);
}

/** What a client can tell apart: the status, the data, and each error's message, path and code. */
function answer(response: GraphQLResponse) {
  const errors = response.body.errors?.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code }));
  return { status: response.status, data: response.body.data, errors };
}

const ROLES = ['public', 'partnerOfParty', 'partnerOfOther', 'auditor', 'admin'];

async function expectSameAnswers(query: string, variables: () => Record<string, unknown> = () => ({})) {
  for (const role of ROLES) {
    const [fromSql, fromResolvers] = await Promise.all([
      compiled.graphql(query, variables(), headers[role]),
      resolvers.graphql(query, variables(), headers[role]),
    ]);
    expect({ role, ...answer(fromSql) }).toEqual({ role, ...answer(fromResolvers) });
    // Asked again, a compiled read is answered in front of Apollo Server (src/http/planned-reads.ts): still the same.
    const again = await compiled.graphql(query, variables(), headers[role]);
    expect({ role, again: true, ...answer(again) }).toEqual({ role, again: true, ...answer(fromResolvers) });
  }
}

describe('compiled reads answer as the resolvers do', () => {
  it('are compiled (one statement) for W1–W3, and the resolvers take more', async () => {
    const counts = async (api: typeof compiled) => [
      (await api.graphql(DASHBOARD)).statements,
      (await api.graphql(DETAIL, { id: ids.commitment })).statements,
      (await api.graphql(AUDIT_PAGE, { after: deepCursor }, headers.auditor)).statements,
    ];
    expect(await counts(compiled)).toEqual([1, 1, 1]);
    expect((await counts(resolvers)).slice(0, 2).every((count) => count > 1)).toBe(true);
  });

  it('W1 dashboard', () => expectSameAnswers(DASHBOARD));
  it('W2 commitment detail', () => expectSameAnswers(DETAIL, () => ({ id: ids.commitment })));
  it('W2 for an id of another type, of no record, and a malformed one', async () => {
    for (const id of [ids.meeting, Buffer.from('Commitment:00000000-0000-4000-8000-000000000000').toString('base64url'), 'nope']) {
      await expectSameAnswers(DETAIL, () => ({ id }));
    }
  });
  it('W3 audit page, first and deep, and refused for the public and partners', async () => {
    await expectSameAnswers(AUDIT_PAGE, () => ({ after: null }));
    await expectSameAnswers(AUDIT_PAGE, () => ({ after: deepCursor }));
    await expectSameAnswers(AUDIT_PAGE, () => ({ after: 'not-a-cursor' }));
  });
  it('pages backward, with every pageInfo member and the fields a status change has', () =>
    expectSameAnswers(
      `query($id: ID!) { commitment(id: $id) { __typename id description kind valueChainStages announcedOn createdAt updatedAt
      parties { id role consent proposedRole country { id code name kind } } minerals { id code name }
      statusHistory(last: 2) { edges { cursor node { id sequence version note evidenceUrl effectiveOn recordedAt actor { sub role } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
      projects(first: 1) { edges { cursor node { id name kind status startsOn endsOn location version } } pageInfo { startCursor endCursor hasNextPage } } } }`,
      () => ({ id: ids.commitment }),
    ));
  it('pages the trail backward before a cursor, and past its end, with every pageInfo member', async () => {
    const PAGE_INFO = 'totalCount edges { cursor node { sequence } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
    const { edges } = dataOf(await resolvers.graphql('{ auditTrail(last: 1) { edges { cursor } } }', {}, headers.auditor)).auditTrail;
    await expectSameAnswers(`query($before: String) { auditTrail(last: 7, before: $before) { ${PAGE_INFO} } }`, () => ({
      before: deepCursor,
    }));
    await expectSameAnswers(`query($after: String) { auditTrail(first: 5, after: $after) { ${PAGE_INFO} } }`, () => ({
      after: edges[0].cursor,
    }));
    await expectSameAnswers(`{ auditTrail(last: 3) { ${PAGE_INFO} } }`);
  });
  it('audit events with every column, their subject ids and typed status changes', () =>
    expectSameAnswers(`{ auditTrail(first: 60) { edges { node { id uuid sequence occurredAt subjectType subjectGlobalId action countryCodes version
      note evidenceUrl effectiveOn prevHash hash actor { sub role }
      statusChange { __typename sequence ... on CommitmentStatusChange { fromStatus toStatus } ... on ProjectStatusChange { toStatus } } } }
      pageInfo { hasPreviousPage startCursor } } }`));
  it('counts and pages lists, root and nested, forward and after a cursor', async () => {
    const LISTS = `query($after: String) { commitments(first: 3, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { title amount { amount currency } } } }
      countries(first: 4, after: $after) { totalCount edges { node { code commitments(first: 2) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id } } } } } } }`;
    const first = dataOf(await resolvers.graphql(LISTS, { after: null }));
    await expectSameAnswers(
      LISTS.replace(/, after: \$after\) \{ totalCount edges \{ node \{ code/, ') { totalCount edges { node { code'),
      () => ({
        after: first.commitments.pageInfo.endCursor,
      }),
    );
    await expectSameAnswers(LISTS, () => ({ after: null }));
    await expectSameAnswers('{ countries(first: 2) { totalCount } commitments(last: 2) { pageInfo { hasPreviousPage } } }');
    expect((await compiled.graphql(LISTS, { after: null })).statements).toBe(1);
  });
  it.each(README_QUERIES.map((query, index) => [index + 1, query.trim().split('\n')[0], query]))(
    'README query %i (%s)',
    (_index, _first, query) => expectSameAnswers(withIds(query as string)),
  );
});
