import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../helpers/free-port';

/**
 * SIGTERM while a burst of requests is in flight (a rolling deploy): every
 * request the server had accepted is answered in full, then the process exits 0
 * and takes its embedded PostgreSQL with it.
 */
const ROOT = path.join(__dirname, '..', '..');
// Generous: on a busy machine the burst alone can take 20 s to answer; reaching it fails the test.
const SHUTDOWN_TIMEOUT_MS = 60_000;
const BURST = 40;

interface Server {
  child: ChildProcess;
  port: number;
  /** The embedded PostgreSQL the process started (user and password postgres, as in src/database/embedded-postgres.ts). */
  databaseUrl: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function startServer(dataDir: string): Promise<Server> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'info',
      NODE_ENV: '',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      RATE_LIMIT_PER_IP: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok)
        return {
          child,
          port,
          databaseUrl: `postgres://postgres:postgres@localhost:${pgPort}/critical_minerals`,
          output: () => output,
          exited,
        };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start within 60 s: ${output}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Two dashboard panels in one request: legitimate (within every limit), yet enough work that a burst of them queues up. */
const HEAVY_QUERY = `query Heavy {
  ${Array.from(
    { length: 2 },
    (_, i) => `p${i}: countries(first: 13) { edges { node {
    code name
    memberships { edges { node { status alliance { code } } } }
    commitments(first: 20) { totalCount edges { node {
      title status
      parties { role country { code } }
      minerals { code }
      statusHistory(last: 3) { edges { node { toStatus actor { sub } } } }
      sources { source { title } }
    } } }
  } } }`,
  ).join('\n')}
}`;

interface Outcome {
  index: number;
  connectedAt?: number;
  sentAt?: number;
  status?: number;
  body?: string;
  error?: string;
}

interface InFlight {
  outcome: Outcome;
  done: Promise<Outcome>;
  /** Writes the request (at once unless the request was created with `hold`). */
  send: () => void;
}

/** One request on its own socket, recording when it connected and when it was fully written. */
function heavyRequest(port: number, index: number, onProgress: () => void, hold = false): InFlight {
  const outcome: Outcome = { index };
  const payload = JSON.stringify({ query: HEAVY_QUERY });
  let send: () => void = () => undefined;
  const done = new Promise<Outcome>((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(Object.assign(outcome, { status: response.statusCode, body })));
        response.on('error', (error) => resolve(Object.assign(outcome, { error: String(error) })));
      },
    );
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        outcome.connectedAt = Date.now();
        onProgress();
      });
    });
    request.on('finish', () => {
      outcome.sentAt = Date.now();
      onProgress();
    });
    request.on('error', (error) => resolve(Object.assign(outcome, { error: String(error) })));
    // Until end() nothing is written: the socket is open, the request not yet on the wire.
    send = () => request.end(payload);
    if (!hold) send();
  });
  return { outcome, done, send };
}

/** What a client must get for the heavy query: 200 and both panels in full. */
function problemWith(outcome: Outcome): string | undefined {
  if (outcome.error || outcome.status !== 200)
    return `#${outcome.index}: ${outcome.error ?? `${outcome.status} ${outcome.body?.slice(0, 200)}`}`;
  const body = JSON.parse(outcome.body!);
  if (body.errors || body.data?.p0?.edges?.length !== 13 || body.data?.p1?.edges?.length !== 13)
    return `#${outcome.index}: ${outcome.body!.slice(0, 200)}`;
  return undefined;
}

interface Shutdown {
  outcomes: Outcome[];
  sigtermAt: number;
  exit: { code: number | null; signal: NodeJS.Signals | null; at: number };
  postgresPid: number;
  output: string;
  /** Requests certainly inside the server at SIGTERM (waiting on the held lock). */
  inFlight: number;
}

/**
 * Starts the server, opens BURST sockets at once, waits until `readyToStop` holds, sends SIGTERM,
 * then writes the held requests `lateByMs` after it; collects every outcome and the exit.
 */
async function burstThenSigterm(
  dataDir: string,
  options: { held: number; lateByMs: number; readyToStop: (requests: InFlight[]) => boolean; settleMs: number; holdDatabaseMs?: number },
): Promise<Shutdown> {
  const server = await startServer(dataDir);
  running = server;
  const postgresPid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  expect(isRunning(postgresPid)).toBe(true);

  // The query is legitimate: it passes every operation limit and answers on its own.
  const warm = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: HEAVY_QUERY }),
  });
  expect(problemWith({ index: -1, status: warm.status, body: await warm.text() })).toBeUndefined();

  // Optionally hold a lock every request needs, so some are certainly inside the server (waiting in
  // PostgreSQL) when SIGTERM comes, and release it only after the server began shutting down.
  let blocker: Client | undefined;
  if (options.holdDatabaseMs !== undefined) {
    blocker = new Client({ connectionString: server.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE countries IN ACCESS EXCLUSIVE MODE');
  }
  const waitingInDatabase = async () =>
    Number(
      (
        await blocker!.query(
          `SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'countries' AND NOT l.granted`,
        )
      ).rows[0].n,
    );

  let ready: () => void = () => undefined;
  const readyNow = new Promise<void>((resolve) => (ready = resolve));
  const requests: InFlight[] = [];
  const check = () => {
    if (requests.length === BURST && options.readyToStop(requests)) ready();
  };
  for (let i = 0; i < BURST; i++) requests.push(heavyRequest(server.port, i, check, i >= BURST - options.held));
  check();
  await readyNow;
  let inFlight = 0;
  if (blocker) {
    const deadline = Date.now() + 60_000;
    while ((inFlight = await waitingInDatabase()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(inFlight).toBeGreaterThan(0);
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  const sigtermAt = Date.now();
  server.child.kill('SIGTERM');
  setTimeout(() => requests.filter((_, i) => i >= BURST - options.held).forEach((r) => r.send()), options.lateByMs);
  if (blocker) {
    await new Promise((resolve) => setTimeout(resolve, options.holdDatabaseMs));
    await blocker.query('COMMIT');
    await blocker.end();
  }

  const outcomes = await Promise.all(requests.map((r) => r.done));
  const exit = await server.exited;
  running = undefined;
  const answered = outcomes.filter((o) => problemWith(o) === undefined).length;
  process.stdout.write(
    `graceful shutdown: ${BURST} requests (${options.held} written ${options.lateByMs} ms after SIGTERM, ${inFlight} waiting in PostgreSQL at SIGTERM), ` +
      `${answered} answered 200 in full; exit ${exit.code} ${exit.at - sigtermAt} ms after SIGTERM\n`,
  );
  return { outcomes, sigtermAt, exit, postgresPid, output: server.output(), inFlight };
}

let running: Server | undefined;

function expectCleanExit(result: Shutdown) {
  expect(result.exit).toMatchObject({ code: 0, signal: null });
  expect(result.exit.at - result.sigtermAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 5_000);
  expect(result.output).toContain('shutting down');
  expect(result.output).toContain('embedded PostgreSQL stopped');
  // The drain ended by itself, with every connection answered and closed, not by the timeout.
  expect(result.output).not.toContain('shutdown timeout reached');
  // No postgres from this data dir is left behind.
  expect(isRunning(result.postgresPid)).toBe(false);
}

describe('graceful shutdown of the real server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-shutdown-'));
  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('drains a burst on SIGTERM: every request answered in full, exit 0 in time, PostgreSQL stopped', async () => {
    // SIGTERM once every socket is connected, every request written and some are waiting inside the server;
    // the database lets them go on 500 ms into the shutdown.
    const result = await burstThenSigterm(dataDir, {
      held: 0,
      lateByMs: 0,
      settleMs: 0,
      holdDatabaseMs: 500,
      readyToStop: (requests) => requests.every((r) => r.outcome.sentAt),
    });
    expect(result.outcomes.every((o) => o.connectedAt! <= result.sigtermAt && o.sentAt! <= result.sigtermAt)).toBe(true);
    // Every socket had connected before SIGTERM, so every request is answered in full, though the
    // database held some into the shutdown and the server may not have accepted them all yet.
    expect(result.inFlight).toBeGreaterThan(0);
    expect(result.outcomes.map(problemWith).filter(Boolean)).toEqual([]);
    expectCleanExit(result);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 240_000);

  let late: Shutdown | undefined;

  // On SIGTERM the server reports not-ready and keeps accepting until the kernel's accept queue is empty
  // before it closes the listener, then waits for every accepted socket, so sockets the kernel had
  // completed, and requests written on them just after SIGTERM (as a load balancer does during a
  // rollout), are answered rather than reset.
  it('answers every request whose socket connected before SIGTERM, even if it was written just after', async () => {
    // Every socket connected and the first request on the wire; the last 5 write theirs 100 ms after SIGTERM.
    late = await burstThenSigterm(dataDir, {
      held: 5,
      lateByMs: 100,
      settleMs: 0,
      readyToStop: (requests) => requests.every((r) => r.outcome.connectedAt) && requests.some((r) => r.outcome.sentAt),
    });
    const connectedBefore = late.outcomes.filter((o) => o.connectedAt !== undefined && o.connectedAt <= late!.sigtermAt);
    expect(connectedBefore).toHaveLength(BURST);
    expect(connectedBefore.map(problemWith).filter(Boolean)).toEqual([]);
  }, 240_000);

  it('still exits 0 in time and stops its PostgreSQL when requests arrive during shutdown', () => {
    expect(late).toBeDefined();
    expectCleanExit(late!);
    // Whatever was refused was refused at the connection, never with a 5xx or a partial answer.
    for (const outcome of late!.outcomes) {
      if (outcome.status !== undefined) expect(problemWith(outcome)).toBeUndefined();
    }
  });
});
