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
import { loadSamples, Samples, Tally, WORKLOADS } from './workloads';

export interface BenchOptions {
  databaseUrl: string;
  scale: number;
  /** Seconds per autocannon run. */
  duration: number;
  connections: number[];
  /** Seconds the export is read for (W5). */
  exportSeconds: number;
  progress?: boolean;
  log?: (line: string) => void;
  /** Unrecorded requests per server before each workload (default 40). */
  warmUpRequests?: number;
  /** Servers in this process rather than children (smoke test only: figures then share one event loop). */
  inProcess?: boolean;
  /** When set, <outDir>/<timestamp>.json and .md are written there. */
  outDir?: string;
}

export interface RunFigures {
  target: ServerKind;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  sqlPerRequest: number;
  /** Responses that carried no error (for W4: accepted status changes). */
  okPerSecond: number;
  failed: number;
  rssMb: number;
  /** The run was bounded by count (four requests per connection) because too few responses fitted in the time window. */
  countBounded?: boolean;
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
  workloads: { id: string; name: string; runs: RunFigures[] }[];
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

/** A few unrecorded requests first, so the first measured run does not pay for JIT and cold caches. */
async function warmUp(server: BenchServer, samples: Samples, workload: Workload, amount: number): Promise<void> {
  const tally: Tally = { responses: 0, statements: 0, accepted: 0, failed: 0 };
  await autocannon({
    url: server.url,
    connections: Math.min(4, amount),
    amount,
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
): Promise<RunFigures> {
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
  const seconds = Math.max(result.duration, 0.001);
  return {
    target: server.kind,
    connections,
    requestsPerSecond: round(result.requests.total / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    sqlPerRequest: round(tally.responses ? tally.statements / tally.responses : 0),
    okPerSecond: round(tally.accepted / seconds),
    failed: tally.failed + result.errors + result.timeouts,
    rssMb: round(memory.rss / 1e6),
    ...(countBounded ? { countBounded } : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function withRatios<T extends { target: ServerKind; ratioToFloor?: number }>(
  runs: T[],
  figure: (run: T) => number,
  same: (a: T, b: T) => boolean,
): T[] {
  for (const run of runs) {
    const floor = runs.find((other) => other.target === 'floor' && same(run, other));
    if (floor && figure(floor) > 0) run.ratioToFloor = round(figure(run) / figure(floor));
  }
  return runs;
}

/** Long enough for any run, within the API's default AUTH_MAX_TOKEN_HOURS. */
const BENCH_TOKEN_HOURS = 4;

/**
 * Seeds the database if needed, starts the API and the floor in their own
 * processes, loads both in alternation and returns every figure. Asserts nothing
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
  const servers = await Promise.all(
    (['api', 'floor'] as const).map((kind) =>
      startBenchServer(kind, { databaseUrl: options.databaseUrl, authSecret, inProcess: options.inProcess }),
    ),
  );
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    scale: options.scale,
    counts,
    inProcess: options.inProcess ?? false,
    machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()}-${os.arch()}` },
    durationSeconds: options.duration,
    workloads: [],
    export: { id: 'W5', name: 'export: GET /export/audit.ndjson (events/s, peak RSS and its growth during the export)', runs: [] },
  };
  try {
    samples.deepCursor = await apiDeepCursor(servers[0], samples);
    let turn = 0;
    for (const workload of WORKLOADS) {
      const runs: RunFigures[] = [];
      for (const server of servers) await warmUp(server, samples, workload, options.warmUpRequests ?? 40);
      for (const connections of options.connections) {
        // Alternate who goes first, so neither always meets a warmer cache.
        const order = turn++ % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          log(`${workload.id} ${server.kind} c=${connections} …`);
          runs.push(await loadRun(server, samples, workload, connections, options.duration));
        }
      }
      results.workloads.push({
        id: workload.id,
        name: workload.name,
        runs: withRatios(
          runs,
          (r) => r.okPerSecond,
          (a, b) => a.connections === b.connections,
        ),
      });
    }
    for (const server of servers) {
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
