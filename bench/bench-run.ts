import { randomBytes } from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import { Role } from '../src/modules/auth/caller';
import { TokenVerifier } from '../src/modules/auth/token-verifier';
import { probeExport, ExportFigures } from './export-probe';
import { BenchServer, ServerKind, startBenchServer } from './servers';
import { SyntheticCounts } from './synthetic-data';
import { loadSyntheticDatabase } from './synthetic-load';
import { writeResults } from './report';
import { postgraphileCursor, VerifyCheck, verifySameRows } from './verify';
import { loadSamples, Samples, Tally, WORKLOADS } from './workloads';

export interface BenchOptions {
  databaseUrl: string;
  scale: number;
  /** Seconds per autocannon run. */
  duration: number;
  connections: number[];
  /** Seconds the export is read for (W5). */
  exportSeconds: number;
  /** Rounds over every workload, each alternating which server goes first (default 3). */
  rounds?: number;
  progress?: boolean;
  log?: (line: string) => void;
  /**
   * Unrecorded load on each server before each workload: a number of requests (the smoke test), or
   * seconds of it (default 2 s: V8 has compiled the hot paths optimized by then, which 40 requests
   * did not do, so the first round measured a colder server than the others).
   */
  warmUp?: { requests: number } | { seconds: number };
  /** Servers in this process rather than children (smoke test only: figures then share one event loop). */
  inProcess?: boolean;
  /** When set, <outDir>/<timestamp>.json and .md are written there. */
  outDir?: string;
  /** Workload ids to run (W1, W2, W3, W3d, W4, W5); all when absent. */
  workloads?: readonly string[];
}

export interface RunFigures {
  target: ServerKind;
  round: number;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  sqlPerRequest: number;
  /** Responses that carried no error (for W4: accepted status changes). */
  okPerSecond: number;
  failed: number;
  /** The server's RSS just before the run (idle since the previous one), MiB. */
  idleRssMiB: number;
  /** Its highest RSS during the run, MiB (since start-up where the window cannot be reset: in-process runs). */
  peakRssMiB: number;
  /** The run was bounded by count (four requests per connection) because too few responses fitted in the time window. */
  countBounded?: boolean;
  /** API only: its ok figure ÷ PostGraphile's, same round and connections. */
  ratioToPostGraphile?: number;
  /** API and PostGraphile: ok figure ÷ the floor's, same round and connections. */
  ratioToFloor?: number;
}

/** Across rounds, per workload, server and connections: medians of the runs and of the within-round ratios. */
export interface SummaryRow {
  workload: string;
  target: ServerKind;
  connections: number;
  rounds: number;
  okPerSecond: number;
  p50Ms: number;
  sqlPerRequest: number;
  idleRssMiB: number;
  peakRssMiB: number;
  ratioToPostGraphile?: number;
  ratioToFloor?: number;
}

export interface BenchResults {
  startedAt: string;
  scale: number;
  counts: SyntheticCounts;
  /** True when the servers shared the load generator's process (smoke runs): not comparable figures. */
  inProcess: boolean;
  machine: { node: string; cpus: number; platform: string };
  durationSeconds: number;
  rounds: number;
  /** The unrecorded load each server had before each workload's first round, in words. */
  warmUp: string;
  /** Each server's RSS right after start-up, before any request, MiB. */
  idle: { target: ServerKind; rssMiB: number }[];
  /** The verify step: API and PostGraphile gave the same rows in the same order for each. */
  verified: VerifyCheck[];
  workloads: { id: string; name: string; runs: RunFigures[] }[];
  summary: SummaryRow[];
  export: { id: 'W5'; name: string; runs: (ExportFigures & { target: ServerKind; ratioToFloor?: number })[] };
}

async function apiDeepCursor(api: BenchServer, samples: Samples): Promise<string> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${samples.auditorToken}` },
    body: JSON.stringify({ query: '{ auditTrail(first: 1) { edges { cursor } } }' }),
  });
  const body = (await response.json()) as { data?: { auditTrail: { edges: { cursor: string }[] } }; errors?: unknown };
  const cursor = body.data?.auditTrail.edges[0]?.cursor;
  if (!cursor) throw new Error(`auditTrail gave no cursor: ${JSON.stringify(body.errors)}`);
  // A cursor names its ordering, the sort value and the row id; point it at the deep event.
  const [ordering] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Buffer.from(JSON.stringify([ordering, String(samples.deepSequence), samples.deepEventId]), 'utf8').toString('base64url');
}

type Workload = (typeof WORKLOADS)[number];

const WARM_UP_SECONDS = 2;
const WARM_UP_CONNECTIONS = 4;

/** Unrecorded load first, so the first measured run does not pay for JIT and cold caches. */
async function warmUp(server: BenchServer, samples: Samples, workload: Workload, how: BenchOptions['warmUp']): Promise<void> {
  const tally: Tally = { responses: 0, statements: 0, accepted: 0, failed: 0 };
  const load = how && 'requests' in how ? { amount: how.requests } : { duration: how?.seconds ?? WARM_UP_SECONDS };
  await autocannon({
    url: server.url,
    connections: Math.min(WARM_UP_CONNECTIONS, load.amount ?? WARM_UP_CONNECTIONS),
    ...load,
    requests: [workload.request(server.kind, samples, tally)],
    timeout: 60,
  });
  if (tally.accepted === 0) throw new Error(`${workload.id} on the ${server.kind} server answered no request successfully`);
}

const COUNT_BOUNDED_REQUESTS_PER_CONNECTION = 4;

async function loadRun(
  server: BenchServer,
  samples: Samples,
  workload: Workload,
  connections: number,
  duration: number,
  roundNumber: number,
): Promise<RunFigures> {
  const idle = await server.memory();
  await server.resetPeak();
  const statementsBefore = (await server.statements?.()) ?? 0;
  let tally: Tally = { responses: 0, statements: 0, accepted: 0, failed: 0 };
  let result = await autocannon({
    url: server.url,
    connections,
    duration,
    requests: [workload.request(server.kind, samples, tally)],
    timeout: 120,
  });
  const countBounded = result.requests.total < connections;
  if (countBounded) {
    // Slower than the window: a timed run would count only the first wave, whose requests all start
    // together and finish together. Bound it by count instead, four requests per connection, so the
    // figure is the steady rate rather than that first wave's.
    tally = { responses: 0, statements: 0, accepted: 0, failed: 0 };
    result = await autocannon({
      url: server.url,
      connections,
      amount: connections * COUNT_BOUNDED_REQUESTS_PER_CONNECTION,
      requests: [workload.request(server.kind, samples, tally)],
      timeout: 120,
    });
  }
  const memory = await server.memory();
  // A server without the header (PostGraphile) counts what it sent; the fallback run's count includes the cut-off first run.
  if (server.statements) tally.statements = (await server.statements()) - statementsBefore;
  const seconds = Math.max(result.duration, 0.001);
  return {
    target: server.kind,
    round: roundNumber,
    connections,
    requestsPerSecond: round(result.requests.total / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    sqlPerRequest: round(tally.responses ? tally.statements / tally.responses : 0),
    okPerSecond: round(tally.accepted / seconds),
    failed: tally.failed + result.errors + result.timeouts,
    idleRssMiB: round(idle.rss / MIB),
    peakRssMiB: round(Math.max(memory.peakRss, memory.rss) / MIB),
    ...(countBounded ? { countBounded } : {}),
  };
}

const MIB = 1024 * 1024;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function withRatios<T extends { target: ServerKind; ratioToFloor?: number; ratioToPostGraphile?: number }>(
  runs: T[],
  figure: (run: T) => number,
  same: (a: T, b: T) => boolean,
): T[] {
  for (const run of runs) {
    if (run.target === 'floor') continue;
    const floor = runs.find((other) => other.target === 'floor' && same(run, other));
    if (floor && figure(floor) > 0) run.ratioToFloor = round(figure(run) / figure(floor));
    const postgraphile = runs.find((other) => other.target === 'postgraphile' && same(run, other));
    if (run.target === 'api' && postgraphile && figure(postgraphile) > 0)
      run.ratioToPostGraphile = round(figure(run) / figure(postgraphile));
  }
  return runs;
}

/** Medians over rounds of each (workload, server, connections): the figures and the within-round ratios. */
function summarise(workloads: BenchResults['workloads']): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const workload of workloads) {
    const groups = new Map<string, RunFigures[]>();
    for (const run of workload.runs) {
      const key = `${run.target}@${run.connections}`;
      groups.set(key, [...(groups.get(key) ?? []), run]);
    }
    for (const runs of groups.values()) {
      const ratio = (pick: (r: RunFigures) => number | undefined) => {
        const values = runs.map(pick).filter((v): v is number => v !== undefined);
        return values.length ? round(median(values)) : undefined;
      };
      rows.push({
        workload: workload.id,
        target: runs[0].target,
        connections: runs[0].connections,
        rounds: runs.length,
        okPerSecond: round(median(runs.map((r) => r.okPerSecond))),
        p50Ms: round(median(runs.map((r) => r.p50Ms))),
        sqlPerRequest: round(median(runs.map((r) => r.sqlPerRequest))),
        idleRssMiB: round(median(runs.map((r) => r.idleRssMiB))),
        peakRssMiB: round(median(runs.map((r) => r.peakRssMiB))),
        ratioToPostGraphile: ratio((r) => r.ratioToPostGraphile),
        ratioToFloor: ratio((r) => r.ratioToFloor),
      });
    }
  }
  return rows;
}

/** Long enough for any run, within the API's default AUTH_MAX_TOKEN_HOURS. */
const BENCH_TOKEN_HOURS = 4;

/**
 * Seeds the database if needed, starts the API (compiled build), PostGraphile
 * and the floor in their own processes, verifies that the API and PostGraphile
 * give the same rows, loads them in rounds of alternating order and returns
 * every figure with medians and within-round ratios. Asserts nothing
 * about time: benchmarks measure, tests judge.
 */
export async function runBench(options: BenchOptions): Promise<{ results: BenchResults; files?: { json: string; markdown: string } }> {
  const log = options.log ?? (() => {});
  const { counts } = await loadSyntheticDatabase({ url: options.databaseUrl, scale: options.scale, progress: options.progress, log });
  const authSecret = randomBytes(32).toString('hex');
  const tokens = new TokenVerifier({ secret: authSecret, maxTokenHours: BENCH_TOKEN_HOURS });
  const samples = await loadSamples(options.databaseUrl, {
    auditor: await tokens.sign({ sub: 'auditor@bench', role: Role.AUDITOR }, `${BENCH_TOKEN_HOURS}h`),
    admin: await tokens.sign({ sub: 'admin@bench', role: Role.ADMIN }, `${BENCH_TOKEN_HOURS}h`),
  });
  const chosen = (id: string) => !options.workloads || options.workloads.includes(id);
  const selected = WORKLOADS.filter((w) => chosen(w.id));
  // PostGraphile answers reads only: a run of writes or the export alone has no use for it, nor for the verify step.
  const kinds = (['api', 'postgraphile', 'floor'] as const).filter(
    (kind) => kind !== 'postgraphile' || selected.some((w) => w.targets.includes(kind)),
  );
  // PostGraphile introspects at start-up; it starts alone, after its functions are in place.
  const servers: BenchServer[] = [];
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    scale: options.scale,
    counts,
    inProcess: options.inProcess ?? false,
    machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()}-${os.arch()}` },
    durationSeconds: options.duration,
    warmUp:
      options.warmUp && 'requests' in options.warmUp
        ? `${options.warmUp.requests} requests`
        : `${options.warmUp?.seconds ?? WARM_UP_SECONDS} s at ${WARM_UP_CONNECTIONS} connections`,
    rounds: options.rounds ?? 3,
    idle: [],
    verified: [],
    workloads: selected.map((w) => ({ id: w.id, name: w.name, runs: [] })),
    summary: [],
    export: { id: 'W5', name: 'export: GET /export/audit.ndjson (events/s, peak RSS and its growth during the export)', runs: [] },
  };
  try {
    for (const kind of kinds) {
      const server = await startBenchServer(kind, { databaseUrl: options.databaseUrl, authSecret, inProcess: options.inProcess });
      servers.push(server);
      results.idle.push({ target: kind, rssMiB: round((await server.memory()).rss / MIB) });
    }
    const api = servers[0];
    const postgraphile = servers.find((server) => server.kind === 'postgraphile');
    samples.deepCursor = await apiDeepCursor(api, samples);
    if (postgraphile) {
      samples.postgraphileDeepCursor = await postgraphileCursor(postgraphile, samples.deepSequence);
      log('verify: API and PostGraphile, same rows in the same order …');
      results.verified = await verifySameRows(api, postgraphile, samples);
    }
    for (let roundNumber = 1; roundNumber <= results.rounds; roundNumber++) {
      for (const [index, workload] of selected.entries()) {
        const runs = results.workloads[index].runs;
        const participants = servers.filter((server) => workload.targets.includes(server.kind));
        if (roundNumber === 1) for (const server of participants) await warmUp(server, samples, workload, options.warmUp);
        for (const [at, connections] of options.connections.entries()) {
          // Alternate who goes first, between rounds and between connection counts, so none always meets a warmer cache.
          const order = (roundNumber + at) % 2 === 1 ? participants : [...participants].reverse();
          for (const server of order) {
            log(`round ${roundNumber} ${workload.id} ${server.kind} c=${connections} …`);
            runs.push(await loadRun(server, samples, workload, connections, options.duration, roundNumber));
          }
        }
      }
    }
    for (const workload of results.workloads)
      withRatios(
        workload.runs,
        (r) => r.okPerSecond,
        (a, b) => a.round === b.round && a.connections === b.connections,
      );
    results.summary = summarise(results.workloads);
    for (const server of servers.filter((s) => s.kind !== 'postgraphile' && chosen('W5'))) {
      log(`W5 ${server.kind} …`);
      const path = server.kind === 'api' ? '/export/audit.ndjson' : '/w5';
      results.export.runs.push({
        target: server.kind,
        ...(await probeExport(server, path, { authorization: `Bearer ${samples.auditorToken}` }, options.exportSeconds)),
      });
    }
    withRatios(
      results.export.runs,
      (r) => r.eventsPerSecond,
      () => true,
    );
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  return { results, files: options.outDir ? writeResults(results, options.outDir) : undefined };
}
