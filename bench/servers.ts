import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startServer } from './server-process';

export type ServerKind = 'api' | 'floor';

export interface Memory {
  rss: number;
  maxRss: number;
}

/** A benchmarked server running in a child process. */
export interface BenchServer {
  kind: ServerKind;
  url: string;
  memory(): Promise<Memory>;
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

async function startInProcess(kind: ServerKind, env: ServerEnvironment): Promise<BenchServer> {
  const server = await startServer(kind, loadConfig(serverEnvironment(env)));
  return {
    kind,
    url: server.url,
    memory: async () => ({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 }),
    stop: () => server.stop(),
  };
}

/**
 * Starts the API (the real startApiServer) or the floor in a child process.
 * Limits that would refuse benchmark traffic (rate limits, the cost budget of
 * the 50 × 20 dashboard) are raised; everything else is production defaults.
 */
export async function startBenchServer(kind: ServerKind, env: ServerEnvironment): Promise<BenchServer> {
  if (env.inProcess) return startInProcess(kind, env);
  const child: ChildProcess = fork(path.join(__dirname, 'server-process.ts'), [kind], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json'),
      ...serverEnvironment(env),
    },
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`bench ${kind} server exited with ${code} before it was ready`);
    }),
  ])) as [{ ready: boolean; url: string }];
  const request = async <T>(what: string): Promise<T> => {
    const reply = once(child, 'message');
    child.send(what);
    return (await reply)[0] as T;
  };
  return {
    kind,
    url: message.url,
    memory: () => request<Memory>('rss'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
