import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'autocannon';
import { Client } from 'pg';
import { COMMITMENT_WORKFLOW } from '../src/modules/commitment/commitment.status';
import { toGlobalId } from '../src/shared/global-id';
import type { ServerKind } from './servers';

/** What the workloads draw from: ids, writable commitments, the trail's length, tokens. */
export interface Samples {
  commitmentIds: string[];
  /** `unanswered`: a request for it got no answer (cut off at a run's end), so its version is unknown and it is not written again. */
  writable: { id: string; status: string; version: number; unanswered?: boolean }[];
  totalEvents: number;
  deepSequence: number;
  deepEventId: string;
  auditorToken: string;
  adminToken: string;
  /** The API's cursor for deepSequence, built from one it issued (see bench-run). */
  deepCursor?: string;
  /** PostGraphile's cursor for the same event, asked of it through a condition (see bench-run). */
  postgraphileDeepCursor?: string;
  /**
   * Where W4 goes on in `writable`, per writer: the API takes the even items and the floor the odd ones, since the
   * floor's write moves a commitment but not its obligation, which the API's next write of it would meet. Runs
   * continue down each half, and past its end from its start again.
   */
  nextWritable: Record<'api' | 'floor', number>;
}

const { transitions, needsNote } = COMMITMENT_WORKFLOW;
const isFinal = (status: string) => transitions[status as keyof typeof transitions].length === 0;
const FINAL_STATUSES = Object.keys(transitions).filter(isFinal);
// Single-party commitments: a status change moves the commitment with its one obligation, the same write the floor makes.
const WRITABLE_SQL = `SELECT id, status, version FROM commitments c WHERE status NOT IN (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})
  AND (SELECT count(*) FROM commitment_parties p WHERE p.commitment_id = c.id) = 1 ORDER BY md5(id::text || 'w') LIMIT 20000`;

export async function loadSamples(databaseUrl: string, tokens: { auditor: string; admin: string }): Promise<Samples> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = await client.query('SELECT id FROM commitments ORDER BY md5(id::text) LIMIT 5000');
    const writable = await client.query(WRITABLE_SQL);
    const head = await client.query('SELECT coalesce(max(sequence), 0)::int AS total FROM audit_events');
    const total = head.rows[0].total as number;
    const deepSequence = Math.max(1, Math.floor(total * 0.9));
    const deep = await client.query('SELECT id FROM audit_events WHERE sequence = $1', [deepSequence]);
    return {
      commitmentIds: ids.rows.map((r) => r.id),
      writable: writable.rows,
      totalEvents: total,
      deepSequence,
      deepEventId: deep.rows[0]?.id,
      auditorToken: tokens.auditor,
      adminToken: tokens.admin,
      nextWritable: { api: 0, floor: 0 },
    };
  } finally {
    await client.end();
  }
}

/** Per-connection scratch autocannon hands back to onResponse: which write this response answers. */
type Context = { item?: Samples['writable'][number]; to?: string };

export interface Tally {
  responses: number;
  statements: number;
  accepted: number;
  failed: number;
}

export interface Workload {
  id: string;
  name: string;
  /** The servers that answer it (PostGraphile reads only: W1–W3). */
  targets: readonly ServerKind[];
  request(target: ServerKind, samples: Samples, tally: Tally): Request;
}

const READERS: readonly ServerKind[] = ['api', 'postgraphile', 'floor'];
const WRITERS: readonly ServerKind[] = ['api', 'floor'];

const JSON_HEADERS = { 'content-type': 'application/json' };

function graphql(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Pick<Request, 'method' | 'path' | 'headers' | 'body'> {
  return { method: 'POST', path: '/graphql', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ query, variables }) };
}

function counting(tally: Tally, succeeded: (status: number, body: string) => boolean) {
  return (status: number, body: string, _context: object, headers?: IncomingHttpHeaders) => {
    tally.responses += 1;
    tally.statements += Number(headers?.['x-sql-statements'] ?? 0);
    if (succeeded(status, body)) tally.accepted += 1;
    else tally.failed += 1;
  };
}

const graphqlOk = (status: number, body: string) => status === 200 && !body.includes('"errors"');
const httpOk = (status: number) => status === 200;

const DASHBOARD = `{ countries(first: 50) { edges { node { code commitments(first: 20) { edges { node { title status
  parties { role country { code } } minerals { code } statusHistory(last: 3) { edges { node { toStatus recordedAt } } } } } } } } } }`;
const DETAIL = `query Detail($id: ID!) { commitment(id: $id) { id title status version amount { amount currency } targetOn
  meeting { title startsOn } parties { role country { code } } projects { edges { node { name status } } }
  statusHistory(last: 10) { edges { node { fromStatus toStatus recordedAt } } } } }`;
const AUDIT_PAGE = `query Page($after: String) { auditTrail(first: 100, after: $after) { edges { cursor node { sequence uuid occurredAt subjectType action
  actor { sub } statusChange { ... on CommitmentStatusChange { commitmentStatus: toStatus } ... on ProjectStatusChange { projectStatus: toStatus } } hash } }
  pageInfo { endCursor hasNextPage } } }`;
/**
 * The same reads in PostGraphile's dialect (amber preset): its generated root
 * fields and foreign-key relations, and the computed columns of bench/postgraphile-sql.ts
 * (commitments, parties, minerals, projects, statusHistory). Same rows, same order.
 */
export const PG_DASHBOARD = `{ allCountries(first: 50, orderBy: CODE_ASC) { nodes { code commitments(first: 20) { nodes { title status
  parties { nodes { role countryByCountryId { code } } } minerals { nodes { code } } statusHistory(latest: 3) { nodes { toStatus occurredAt } } } } } } }`;
export const PG_DETAIL = `query Detail($id: UUID!) { commitmentByRowId(rowId: $id) { rowId title status version amount currency targetOn
  meetingByMeetingId { title startsOn } parties { nodes { role countryByCountryId { code } } } projects { nodes { name status } }
  statusHistory(latest: 10) { nodes { fromStatus toStatus occurredAt } } } }`;
export const PG_AUDIT_PAGE = `query Page($after: Cursor) { allAuditEvents(first: 100, after: $after, orderBy: SEQUENCE_ASC) { edges { cursor node { sequence rowId occurredAt subjectType action
  actorSub toStatus hash } } pageInfo { endCursor hasNextPage } } }`;
const CHANGE_STATUS = `mutation Change($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { status version } } }`;

/** From each open status, its first move that never ends the workflow, so the same commitments can change again and again. */
const NEXT: Record<string, { to: string; note?: string }> = Object.fromEntries(
  Object.entries(transitions)
    .filter(([from]) => !isFinal(from))
    .map(([from, targets]) => {
      const to = targets.find((target) => !isFinal(target)) as string;
      return [from, { to, note: (needsNote as readonly string[]).includes(to) ? 'Bench: supplier delay' : undefined }];
    }),
);

const pickId = (samples: Samples) => samples.commitmentIds[Math.floor(Math.random() * samples.commitmentIds.length)];

const graphqlTarget = (target: ServerKind) => target !== 'floor';
export { DASHBOARD, DETAIL, AUDIT_PAGE };

/** W3's request: the first page, or the page after the event ~90% deep. */
function auditPage(target: ServerKind, samples: Samples, deep: boolean, auth: Record<string, string>) {
  if (target === 'api') return graphql(AUDIT_PAGE, { after: deep ? samples.deepCursor : null }, auth);
  if (target === 'postgraphile') return graphql(PG_AUDIT_PAGE, { after: deep ? samples.postgraphileDeepCursor : null });
  return { method: 'GET' as const, path: `/w3?after=${deep ? samples.deepSequence : 0}` };
}

export const WORKLOADS: Workload[] = [
  {
    id: 'W1',
    name: 'dashboard: 50 countries × 20 commitments, parties, minerals, 3 latest status changes',
    targets: READERS,
    request: (target, _samples, tally) => ({
      ...(target === 'api'
        ? graphql(DASHBOARD, {})
        : target === 'postgraphile'
          ? graphql(PG_DASHBOARD, {})
          : { method: 'GET', path: '/w1' }),
      onResponse: counting(tally, graphqlTarget(target) ? graphqlOk : httpOk),
    }),
  },
  {
    id: 'W2',
    name: 'detail: commitment(id) with projects, meeting, parties, 10 latest status changes (random ids)',
    targets: READERS,
    request: (target, samples, tally) => ({
      method: graphqlTarget(target) ? 'POST' : 'GET',
      setupRequest: (req) => {
        const id = pickId(samples);
        if (target === 'api') return { ...req, ...graphql(DETAIL, { id: toGlobalId('Commitment', id) }) };
        if (target === 'postgraphile') return { ...req, ...graphql(PG_DETAIL, { id }) };
        return { ...req, path: `/w2?id=${id}` };
      },
      onResponse: counting(tally, graphqlTarget(target) ? graphqlOk : httpOk),
    }),
  },
  ...(['first', 'deep'] as const).map(
    (page): Workload => ({
      id: page === 'first' ? 'W3' : 'W3d',
      name: `auditor paging: auditTrail(first: 100) ${page === 'first' ? 'from the start' : 'after a cursor ~90% deep'}`,
      targets: READERS,
      request: (target, samples, tally) => {
        const auth = { authorization: `Bearer ${samples.auditorToken}` };
        return {
          ...auditPage(target, samples, page === 'deep', auth),
          onResponse: counting(tally, graphqlTarget(target) ? graphqlOk : httpOk),
        };
      },
    }),
  ),
  {
    id: 'W4',
    name: 'partner writes: changeCommitmentStatus over many commitments (ADMIN)',
    targets: WRITERS,
    request: (target, samples, tally) => {
      const auth = { authorization: `Bearer ${samples.adminToken}` };
      const ok = target === 'api' ? graphqlOk : httpOk;
      return {
        method: 'POST',
        setupRequest: (req, context: Context) => {
          // Each item is asked for again only after its answer came: once the list wraps, a write cut off at a run's end is skipped.
          const writer = target === 'api' ? 'api' : 'floor';
          const half = Math.floor(samples.writable.length / 2);
          const next = () => samples.writable[2 * (samples.nextWritable[writer]++ % half) + (writer === 'api' ? 0 : 1)];
          let item = next();
          for (let skipped = 0; item.unanswered && skipped < half; skipped++) item = next();
          item.unanswered = true;
          const move = NEXT[item.status];
          context.item = item;
          context.to = move.to;
          const input = {
            commitmentId: toGlobalId('Commitment', item.id),
            status: move.to,
            expectedVersion: item.version,
            note: move.note,
          };
          if (target === 'api') return { ...req, ...graphql(CHANGE_STATUS, { input }, auth) };
          return {
            ...req,
            path: '/w4',
            headers: JSON_HEADERS,
            body: JSON.stringify({ id: item.id, fromStatus: item.status, status: move.to, expectedVersion: item.version, note: move.note }),
          };
        },
        onResponse: (status, body, context: Context, headers) => {
          counting(tally, ok)(status, body, context, headers);
          if (context.item) context.item.unanswered = false;
          if (ok(status, body) && context.item) {
            context.item.version += 1;
            context.item.status = context.to as string;
          }
        },
      };
    },
  },
];
