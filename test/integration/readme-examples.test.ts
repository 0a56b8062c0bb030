import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getOperationAST, OperationTypeNode, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../../src/modules/auth/caller';
import { ErrorCode, HTTP_STATUS } from '../../src/shared/errors';
import { authHeader, dataOf, GraphQLResponse, TEST_AUTH_SECRET, useTestApi } from '../helpers/test-api';

/**
 * Every ```graphql block of the README, and its token-and-curl example, run as written against
 * the seeded server. Only the ids a reader must fill in ("…") are replaced, by seeded ones.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const GRAPHQL_BLOCKS = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
const SHELL_BLOCKS = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
/** The README's partner token: `npm run token -- --role PARTNER --country IN --sub alice@example.gov`. */
const README_PARTNER = { sub: 'alice@example.gov', role: Role.PARTNER, country: 'IN' } as const;

/** The README's auditor token: `npm run token -- --role AUDITOR --sub analyst@example.org`. */
const README_AUDITOR = { sub: 'analyst@example.org', role: Role.AUDITOR } as const;

const api = useTestApi();
let seeded: { commitmentId: string; meetingId: string; otherCommitmentId: string; deliveredObligationId: string };
beforeAll(async () => {
  const data = dataOf(
    await api.graphql(`{
      commitments(filter: { countryCodes: ["IN"], statuses: [ANNOUNCED, IN_PROGRESS] }, first: 100) { edges { node { id title version } } }
      meetings(first: 1) { edges { node { id } } }
      any: commitments(filter: { statuses: [ANNOUNCED, IN_PROGRESS] }, first: 100) { edges { node { id version parties { country { code } } } } }
    }`),
  );
  const byTitle = Object.fromEntries(data.commitments.edges.map((e: any) => [e.node.title, e.node]));
  // The commitment the README tells the reader to change.
  const named = /this moves \*([^*]+)\*/.exec(README)?.[1].replace(/\s+/g, ' ');
  expect(byTitle[named!]).toMatchObject({ version: 1 });
  const otherCommitmentId = byTitle['India–Germany MoU on critical minerals, semiconductors and renewables'].id;
  // Another commitment, whose first party's obligation an ADMIN reports DELIVERED: the auditors' examples assess and confirm it.
  const delivered = data.any.edges.map((e: any) => e.node).find((c: any) => ![byTitle[named!].id, otherCommitmentId].includes(c.id));
  const moved = dataOf(
    await api.graphql(
      `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { obligation { id } } }`,
      {
        input: {
          commitmentId: delivered.id,
          partyCountryCode: delivered.parties[0].country.code,
          status: 'DELIVERED',
          expectedVersion: delivered.version,
          evidenceUrl: 'https://example.org/delivered.pdf',
        },
      },
      await authHeader({ sub: 'admin@example.gov', role: Role.ADMIN }),
    ),
  ).changeCommitmentStatus.obligation;
  seeded = {
    commitmentId: byTitle[named!].id,
    otherCommitmentId,
    meetingId: data.meetings.edges[0].node.id,
    deliveredObligationId: moved.id,
  };
});

/** Fills the README's "…" ids with seeded ones, by the argument they stand in. */
function withSeededIds(example: string): string {
  const filled = example
    .replace(/commitmentId: "…"/g, `commitmentId: "${seeded.commitmentId}"`)
    .replace(/obligationId: "…"/g, `obligationId: "${seeded.deliveredObligationId}"`)
    .replace(/meeting\(id: "…"\)/g, `meeting(id: "${seeded.meetingId}")`)
    .replace(/node\(id: "…"\)/g, `node(id: "${seeded.commitmentId}")`);
  if (filled.includes('"…"')) throw new Error(`an id placeholder this test does not know how to fill:\n${filled}`);
  return filled;
}

function expectNoErrors(response: GraphQLResponse) {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.body.data).toBeTruthy();
}

/**
 * Subscribes over graphql-ws and resolves with the first event. The subscription takes effect a
 * moment after the client sends it, however long that is on a busy machine, so `trigger` makes
 * another change every second until one is delivered.
 */
async function firstEvent(query: string, trigger: (attempt: number) => Promise<void>): Promise<any> {
  const client = createClient({ url: api.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  try {
    let received: any;
    const event = new Promise<any>((resolve, reject) => {
      client.subscribe({ query }, { next: resolve, error: reject, complete: () => reject(new Error('completed without an event')) });
    }).then((value) => (received = value));
    await new Promise((resolve) => client.on('connected', resolve));
    for (let attempt = 0; received === undefined && attempt < 30; attempt++) {
      await trigger(attempt);
      await Promise.race([event, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    return await event;
  } finally {
    await client.dispose();
  }
}

describe('the README examples', () => {
  it('are all found: queries, the mutation, the scorecard and the subscription', () => {
    const kinds = GRAPHQL_BLOCKS.map((block) => getOperationAST(parse(withSeededIds(block.replace(/"…"/g, '"x"'))))?.operation);
    expect(GRAPHQL_BLOCKS.length).toBeGreaterThanOrEqual(6);
    expect(kinds).toEqual(expect.arrayContaining([OperationTypeNode.QUERY, OperationTypeNode.MUTATION, OperationTypeNode.SUBSCRIPTION]));
  });

  it.each(GRAPHQL_BLOCKS.map((block, index) => [index + 1, block.trim().split('\n')[0], block]))(
    'graphql block %i (%s) runs without errors',
    async (_index, _first, block) => {
      const query = withSeededIds(block as string);
      const operation = getOperationAST(parse(query))!.operation;
      if (operation === OperationTypeNode.SUBSCRIPTION) {
        // Anyone may follow status changes; an ADMIN moves another Indian commitment to produce one.
        const admin = await authHeader({ sub: 'admin@example.gov', role: Role.ADMIN });
        const event = await firstEvent(query, async (attempt) => {
          // The MoU India signed is IN_PROGRESS: back and forth between DELAYED and IN_PROGRESS.
          const status = attempt % 2 === 0 ? 'DELAYED' : 'IN_PROGRESS';
          const change = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { status } } }`;
          // India's obligation moves; the commitment's rolled-up status (and so the feed) moves once it is DELAYED.
          const input = {
            commitmentId: seeded.otherCommitmentId,
            partyCountryCode: 'IN',
            status,
            expectedVersion: attempt + 1,
            note: 'README example',
          };
          dataOf(await api.graphql(change, { input }, admin));
        });
        expect(event.errors).toBeUndefined();
        expect(Object.values(event.data)[0]).toMatchObject({
          commitment: { id: seeded.otherCommitmentId, status: expect.stringMatching(/^(IN_PROGRESS|DELAYED|ANNOUNCED)$/) },
        });
        return;
      }
      // Reads are public; a mutation runs with the README's partner token (India is a party), or an auditor's where the block says so.
      const claims = /^# As an AUDITOR/m.test(query) ? README_AUDITOR : README_PARTNER;
      const headers = operation === OperationTypeNode.MUTATION ? await authHeader(claims) : {};
      const response = await api.graphql(query, undefined, headers);
      expectNoErrors(response);
    },
  );

  it("documents every error code a client can receive, Apollo Server's own with the catalogue's status", async () => {
    // Codes that Apollo Server raises itself, each provoked here to show it reaches clients as the catalogue says.
    const apolloCodes: [string, ErrorCode][] = [
      ['{"query": ', ErrorCode.BAD_REQUEST],
      [
        JSON.stringify({
          query: '{ minerals { totalCount } }',
          extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
        }),
        ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
      ],
      [JSON.stringify({ query: 'query A { minerals { totalCount } }', operationName: 'B' }), ErrorCode.OPERATION_RESOLUTION_FAILURE],
      [JSON.stringify({ query: '{ minerals { code' }), ErrorCode.GRAPHQL_PARSE_FAILED],
      [JSON.stringify({ query: '{ minerals { nope } }' }), ErrorCode.GRAPHQL_VALIDATION_FAILED],
    ];
    for (const [body, code] of apolloCodes) {
      const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
      const response = await fetch(api.url, { method: 'POST', headers, body });
      const received = ((await response.json()) as any).errors[0].extensions.code;
      expect({ code: received, status: response.status }).toEqual({ code, status: HTTP_STATUS[code] });
    }
    const undocumented = Object.values(ErrorCode).filter((code) => !README.includes(`\`${code}\``));
    expect(undocumented).toEqual([]);
  });

  it("documents linkProjectToCommitment's required expectedVersion, in the schema and the README", () => {
    // schema/schema.graphql is the emitted schema (schema.test.ts fails on drift).
    const sdl = fs.readFileSync(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8');
    const mutations = buildSchema(sdl).getMutationType()!.getFields();
    for (const name of ['linkProjectToCommitment', 'unlinkProjectFromCommitment']) {
      expect(mutations[name].description).toContain("`expectedVersion` (required) is the project's version");
    }
    expect(README.replace(/\s+/g, ' ')).toContain(
      "`unlinkProjectFromCommitment` count as a change of the project: their required `expectedVersion` is the project's version",
    );
  });

  it("the token-and-curl example prints a token the server accepts and lists India's commitments", async () => {
    const example = SHELL_BLOCKS.find((block) => block.includes('npm run --silent token'));
    expect(example).toBeDefined();
    const tokenArgs = /npm run --silent token -- (.*)\)/.exec(example!)![1].split(/\s+/);
    // What `npm run token` runs (package.json), with the server's secret.
    const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.token.split(/\s+/);
    expect(script[0]).toBe('node');
    const token = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [...script.slice(1), ...tokenArgs], {
        cwd: ROOT,
        env: { ...process.env, AUTH_SECRET: TEST_AUTH_SECRET, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`token CLI exited ${code}`))));
    });
    // The curl line: its headers and body, sent as curl would.
    const curl = example!.slice(example!.indexOf('curl'));
    const headers = Object.fromEntries(
      [...curl.matchAll(/-H ['"]([^:]+):\s*([^'"]*)['"]/g)].map(([, name, value]) => [name.toLowerCase(), value.replace('$TOKEN', token)]),
    );
    const body = /-d '([^']*)'/.exec(curl)![1];
    expect(/curl -s (\S+)/.exec(curl)![1]).toBe('localhost:4000/graphql');
    const response = await fetch(api.url, { method: 'POST', headers, body });
    const json: any = await response.json();
    expect(json.errors).toBeUndefined();
    expect(json.data.country.commitments.edges.map((e: any) => e.node.title)).toContain('Invite India to join Pax Silica as a full member');
  }, 60_000);

  it('the analyst export examples answer with files of the lists, as their extensions say', async () => {
    const example = SHELL_BLOCKS.find((block) => block.includes('/export/commitments.csv'));
    expect(example).toBeDefined();
    const base = /^API=(\S+)$/m.exec(example!)![1];
    expect(base).toBe('http://localhost:4000');
    const routes = [...example!.matchAll(/curl -s (?:-o \S+ )?"\$API(\/export\/[^"]+)"/g)].map((match) => match[1]);
    expect(routes).toHaveLength(example!.match(/curl/g)!.length);
    for (const route of routes) {
      const response = await fetch(new URL(route, api.url));
      const text = await response.text();
      expect([route, response.status]).toEqual([route, 200]);
      const csv = route.split('?')[0].endsWith('.csv');
      expect(response.headers.get('content-type')).toBe(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      if (csv) expect(text.split('\n')[0]).toMatch(/^id,/);
      else for (const line of text.split('\n').filter(Boolean)) expect(JSON.parse(line).id).toEqual(expect.any(String));
    }
  });
});
