import { ChildProcess, fork, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startServer, StartedServer } from './server-process';

export type ServerKind = 'api' | 'postgraphile' | 'floor';

export interface Memory {
  /** Resident set size now, bytes. */
  rss: number;
  /** Highest resident set size since start, or since the last resetPeak(), bytes. */
  peakRss: number;
}

/** A benchmarked server. */
export interface BenchServer {
  kind: ServerKind;
  url: string;
  memory(): Promise<Memory>;
  /** Starts a new peak-RSS window (Linux: /proc/<pid>/clear_refs); false where it cannot. */
  resetPeak(): Promise<boolean>;
  /** SQL statements sent so far, for a server without an x-sql-statements header (PostGraphile). */
  statements?(): Promise<number>;
  stop(): Promise<void>;
}

export interface ServerEnvironment {
  databaseUrl: string;
  authSecret: string;
  poolSize?: number;
  /**
   * Run the server inside this process instead (the smoke test: no second
   * start-up). Figures are then skewed by sharing the load generator's event loop.
   */
  inProcess?: boolean;
}

/** The repository's root: the nearest folder up with a package.json (bench/ under ts-node, dist-bench/bench/ compiled). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('no package.json above the bench');
    dir = parent;
  }
  return dir;
}

/** The server's environment: production defaults, except limits that would refuse benchmark traffic. */
function serverEnvironment(env: ServerEnvironment): Record<string, string> {
  return {
    DATABASE_URL: env.databaseUrl,
    AUTH_SECRET: env.authSecret,
    DATABASE_POOL_SIZE: String(env.poolSize ?? 10),
    RATE_LIMIT_PER_TOKEN: '100000000',
    RATE_LIMIT_PER_IP: '100000000',
    MAX_QUERY_COST: '1000000',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
  };
}

/** Memory of a child, read by its pid from /proc (Linux), so no server carries code to report it. */
function procMemory(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
}

function resetProcPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

async function startInProcess(kind: ServerKind, env: ServerEnvironment): Promise<BenchServer> {
  const server: StartedServer = await startServer(kind, loadConfig(serverEnvironment(env)));
  return {
    kind,
    url: server.url,
    memory: async () => ({ rss: process.memoryUsage().rss, peakRss: process.resourceUsage().maxRSS * 1024 }),
    resetPeak: async () => false,
    statements: server.statements ? async () => server.statements?.() ?? 0 : undefined,
    stop: () => server.stop(),
  };
}

async function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  ask();
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function exitedEarly(child: ChildProcess, kind: ServerKind): Promise<never> {
  return once(child, 'exit').then(([code]) => {
    throw new Error(`bench ${kind} server exited with ${code} before it was ready`);
  });
}

/**
 * The API as production runs it: the compiled build (`npm run build`), `node
 * dist/src/main.js`, configured only through its environment. Its own seeding is
 * off (the database is synthetic) and it signs checkpoints with a key made here.
 */
async function startApiChild(env: ServerEnvironment): Promise<BenchServer> {
  const root = repositoryRoot();
  const main = path.join(root, 'dist', 'src', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${path.relative(root, main)} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const child = spawn(process.execPath, [main], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...serverEnvironment(env),
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED: 'false',
      AUDIT_SIGNING_KEY: signingKey,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (;;) {
      const up = await fetch(`${url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await Promise.race([ready, exitedEarly(child, 'api')]);
  const pid = child.pid as number;
  return {
    kind: 'api',
    url,
    memory: async () => procMemory(pid),
    resetPeak: async () => resetProcPeak(pid),
    stop: () => stopChild(child, () => child.kill('SIGTERM')),
  };
}

/** True when the bench itself runs compiled (`npm run bench`), false under ts-node or ts-jest. */
const compiled = path.extname(__filename) === '.js';

/**
 * A server in a child process that talks IPC (server-process.ts): the floor or PostGraphile (the
 * API always runs as its compiled build, startApiChild).
 */
async function startForkedChild(kind: Exclude<ServerKind, 'api'>, env: ServerEnvironment): Promise<BenchServer> {
  const script = path.join(__dirname, `server-process${compiled ? '.js' : '.ts'}`);
  const execArgv = compiled ? [] : ['-r', 'ts-node/register/transpile-only'];
  // PostGraphile 5 needs Promise.withResolvers (Node 22+): on Node 20, a polyfill loaded before anything else.
  if (kind === 'postgraphile') {
    const polyfill = path.join(__dirname, `promise-with-resolvers${compiled ? '.js' : '.ts'}`);
    execArgv.push(compiled ? '--import' : '-r', polyfill);
  }
  const child = fork(script, [kind], {
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(compiled ? {} : { TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') }),
      // Grafast's production mode, said explicitly (it otherwise warns that it chose it).
      ...(kind === 'postgraphile' ? { GRAPHILE_ENV: 'production' } : {}),
      ...serverEnvironment(env),
    },
  });
  const [message] = (await Promise.race([once(child, 'message'), exitedEarly(child, kind)])) as [{ ready: boolean; url: string }];
  const request = async <T>(what: string): Promise<T> => {
    const reply = once(child, 'message');
    child.send(what);
    return (await reply)[0] as T;
  };
  const pid = child.pid as number;
  return {
    kind,
    url: message.url,
    memory: async () => procMemory(pid),
    resetPeak: async () => resetProcPeak(pid),
    statements: kind === 'postgraphile' ? async () => (await request<{ statements: number }>('statements')).statements : undefined,
    stop: () => stopChild(child, () => child.send('stop')),
  };
}

/**
 * Starts the API, PostGraphile or the floor in a child process; the compiled
 * bench starts the API's compiled build, as production runs it. Limits that
 * would refuse benchmark traffic (rate limits, the cost budget of the 50 × 20
 * dashboard) are raised; everything else is production defaults.
 */
export async function startBenchServer(kind: ServerKind, env: ServerEnvironment): Promise<BenchServer> {
  if (env.inProcess) return startInProcess(kind, env);
  // The tests' global setup builds dist/ as npm start does, so the API is always the compiled build.
  return kind === 'api' ? startApiChild(env) : startForkedChild(kind, env);
}
