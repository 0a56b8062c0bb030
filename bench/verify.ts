import { toGlobalId } from '../src/shared/global-id';
import type { BenchServer } from './servers';
import { AUDIT_PAGE, DASHBOARD, DETAIL, PG_AUDIT_PAGE, PG_DASHBOARD, PG_DETAIL, Samples } from './workloads';

/** One check of the verify step: the same request to both servers, reduced to the same plain rows. */
export interface VerifyCheck {
  workload: string;
  what: string;
  /** Leaf rows compared (countries, commitments, parties, … each counts one). */
  rows: number;
  equal: boolean;
}

type Json = any;

async function post(
  server: BenchServer,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Json> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Json; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${server.kind} answered errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Instants compared as instants: the API writes `…Z` with milliseconds, PostGraphile `…+00:00` with microseconds. */
const instant = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const nodes = (connection: { edges?: { node: Json }[]; nodes?: Json[] }) => connection.nodes ?? (connection.edges ?? []).map((e) => e.node);

function history(list: Json[], withFrom: boolean) {
  return list.map((h) => [...(withFrom ? [h.fromStatus] : []), h.toStatus, instant(h.recordedAt ?? h.occurredAt)]);
}

function parties(list: Json[]) {
  return list.map((p) => [p.role, (p.country ?? p.countryByCountryId).code]);
}

function dashboard(countries: Json[]) {
  return countries.map((k) => ({
    code: k.code,
    commitments: nodes(k.commitments).map((c: Json) => ({
      title: c.title,
      status: c.status,
      parties: parties(c.parties.nodes ?? c.parties),
      minerals: (c.minerals.nodes ?? c.minerals).map((m: Json) => m.code),
      history: history(nodes(c.statusHistory), false),
    })),
  }));
}

function detail(c: Json) {
  if (!c) return null;
  const amount = c.amount && typeof c.amount === 'object' ? c.amount : { amount: c.amount, currency: c.currency };
  const meeting = c.meeting ?? c.meetingByMeetingId;
  return {
    title: c.title,
    status: c.status,
    version: c.version,
    amount: amount.amount === null || amount.amount === undefined ? null : Number(amount.amount),
    currency: amount.currency ?? null,
    targetOn: c.targetOn,
    meeting: meeting ? [meeting.title, meeting.startsOn] : null,
    parties: parties(c.parties.nodes ?? c.parties),
    projects: nodes(c.projects).map((p: Json) => [p.name, p.status]),
    history: history(nodes(c.statusHistory), true),
  };
}

function auditPage(connection: Json) {
  return {
    events: connection.edges.map(({ node: e }: Json) => [
      String(e.sequence),
      e.uuid ?? e.rowId,
      instant(e.occurredAt),
      e.subjectType,
      e.action,
      e.actor ? e.actor.sub : e.actorSub,
      e.statusChange ? (e.statusChange.commitmentStatus ?? e.statusChange.projectStatus) : e.toStatus,
      e.hash,
    ]),
    hasNextPage: connection.pageInfo.hasNextPage,
  };
}

/** How many leaf rows a reduced answer holds: every array element counts one. */
function countRows(value: Json): number {
  if (Array.isArray(value)) return value.length + value.reduce((sum, v) => sum + (typeof v === 'object' && v ? countRows(v) : 0), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((sum: number, v) => sum + countRows(v), 0);
  return 0;
}

/** The first place two reduced answers differ, for the error message. */
function firstDifference(a: Json, b: Json, at = '$'): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: API ${JSON.stringify(a)?.slice(0, 200)} ≠ PostGraphile ${JSON.stringify(b)?.slice(0, 200)}`;
}

/**
 * Before anything is timed: W1, W2 (several ids), W3 first and deep pages asked
 * of the API and of PostGraphile, each answer reduced to the same plain rows
 * (ids, instants and numbers in one notation), and compared: same rows, same
 * order. Throws on the first difference.
 */
export async function verifySameRows(api: BenchServer, postgraphile: BenchServer, samples: Samples, detailIds = 5): Promise<VerifyCheck[]> {
  const auth = { authorization: `Bearer ${samples.auditorToken}` };
  const checks: { workload: string; what: string; api: () => Promise<Json>; pg: () => Promise<Json> }[] = [
    {
      workload: 'W1',
      what: 'dashboard',
      api: async () => dashboard(nodes((await post(api, DASHBOARD, {})).countries)),
      pg: async () => dashboard((await post(postgraphile, PG_DASHBOARD, {})).allCountries.nodes),
    },
    ...samples.commitmentIds.slice(0, detailIds).map((id) => ({
      workload: 'W2',
      what: `commitment ${id}`,
      api: async () => detail((await post(api, DETAIL, { id: toGlobalId('Commitment', id) })).commitment),
      pg: async () => detail((await post(postgraphile, PG_DETAIL, { id })).commitmentByRowId),
    })),
    ...(['first', 'deep'] as const).map((page) => ({
      workload: page === 'first' ? 'W3' : 'W3d',
      what: `audit page, ${page}`,
      api: async () => auditPage((await post(api, AUDIT_PAGE, { after: page === 'deep' ? samples.deepCursor : null }, auth)).auditTrail),
      pg: async () =>
        auditPage(
          (await post(postgraphile, PG_AUDIT_PAGE, { after: page === 'deep' ? samples.postgraphileDeepCursor : null })).allAuditEvents,
        ),
    })),
  ];
  const results: VerifyCheck[] = [];
  for (const check of checks) {
    const [fromApi, fromPg] = [await check.api(), await check.pg()];
    const difference = firstDifference(fromApi, fromPg);
    if (difference) throw new Error(`verify ${check.workload} (${check.what}): the servers differ at ${difference}`);
    results.push({ workload: check.workload, what: check.what, rows: countRows(fromApi), equal: true });
  }
  return results;
}

/** PostGraphile's own cursor for the event at `sequence`, asked of it the way a client would (a condition). */
export async function postgraphileCursor(postgraphile: BenchServer, sequence: number): Promise<string> {
  const data = await post(
    postgraphile,
    'query Deep($sequence: BigInt!) { allAuditEvents(condition: { sequence: $sequence }, orderBy: SEQUENCE_ASC, first: 1) { edges { cursor } } }',
    { sequence: String(sequence) },
  );
  const cursor = data.allAuditEvents.edges[0]?.cursor;
  if (!cursor) throw new Error(`PostGraphile gave no cursor for event ${sequence}`);
  return cursor;
}
