import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../helpers/free-port';
import { startPostgresProcess } from '../helpers/postgres-process';

const ROOT = path.join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Every process these tests start, so none outlives a failed test. */
const spawned: ChildProcess[] = [];
const postgresPids: number[] = [];

const SCRIPTS = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
/** What `npm start` runs once its `prestart` (`npm run build`, done by the tests' global setup) has compiled `dist/`. */
const START = SCRIPTS.start.split(/\s+/);

/** Spawns the server exactly as `npm start` does, on the embedded database in `dataDir`, without waiting for it. */
function spawnServer(dataDir: string, port: number, pgPort: number): Started {
  const child = spawn(process.execPath, START.slice(1), {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'info',
      NODE_ENV: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Starts the server as `npm start` does and waits until it answers. */
async function startServer(dataDir: string, port: number, pgPort: number): Promise<Started> {
  const started = spawnServer(dataDir, port, pgPort);
  const { child, url, output } = started;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start within 60 s: ${output()}`);
}

function exited(server: Started): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => server.child.once('exit', (code) => resolve(code)));
}

function stop(server: Started, signal: NodeJS.Signals): Promise<number | null> {
  const code = exited(server);
  server.child.kill(signal);
  return code;
}

/** The pid the first log line with this message reports: the API's ('starting') or its PostgreSQL's. */
function reportedPid(server: Started, message: string): number | undefined {
  for (const line of server.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line);
    if (typeof entry.msg === 'string' && entry.msg.startsWith(message) && typeof entry.pid === 'number') return entry.pid;
  }
  return undefined;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(async () => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of postgresPids.splice(0)) {
    if (!isRunning(pid)) continue;
    process.kill(pid, 'SIGINT');
    await until(() => !isRunning(pid), `the left-over postgres ${pid} stops`);
  }
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function indiaId(url: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ country(code: "IN") { id } countries { totalCount } }' }),
  });
  const body: any = await response.json();
  expect(body.data.countries.totalCount).toBe(13);
  return body.data.country.id;
}

describe('the server as `npm start` runs it', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is the compiled build, built first: no ts-node at run time (it idles about 90 MiB higher)', () => {
    expect(SCRIPTS.prestart).toBe('npm run build');
    expect(START).toEqual(['node', 'dist/src/main.js']);
    expect(fs.existsSync(path.join(ROOT, START[1]))).toBe(true);
    for (const script of ['migrate', 'token', 'audit:verify']) {
      expect(SCRIPTS[`pre${script}`]).toBe('npm run build');
      expect(SCRIPTS[script]).toMatch(/^node dist\/src\/cli\/[a-z-]+\.js$/);
    }
  });

  it('serves seed data on the embedded Postgres, keeps it across restarts and leaves no postgres behind on Ctrl-C', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const startedAt = Date.now();
    const first = await startServer(dataDir, port, pgPort);
    const firstStartMs = Date.now() - startedAt;
    const id = await indiaId(first.url);
    const postgresPid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isRunning(postgresPid)).toBe(true);

    expect(await stop(first, 'SIGINT')).toBe(0);
    expect(isRunning(postgresPid)).toBe(false);
    expect(first.output()).toContain('embedded PostgreSQL stopped');

    const second = await startServer(dataDir, port, pgPort);
    expect(await indiaId(second.url)).toBe(id);
    expect(await stop(second, 'SIGTERM')).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    // Reported, not asserted: CI machines vary.
    process.stdout.write(`first start with initdb, migrations and seed: ${firstStartMs} ms\n`);
  }, 240_000);

  it('refuses a port already in use with a clear message, exits 1 and stops the PostgreSQL it started', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    try {
      const refused = spawnServer(dataDir, port, pgPort);
      expect(await exited(refused)).toBe(1);
      expect(refused.output()).toMatch(new RegExp(`Port ${port} on \\S+ is in use: stop what listens there, or set PORT to another port`));
      expect(refused.output()).toContain('embedded PostgreSQL stopped');
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 240_000);
});

describe('the embedded PostgreSQL never outlives the API, nor stops a start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-lifecycle-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const ports = async () => [await freePort(), await freePort()] as const;
  const lockFile = () => path.join(dataDir, 'postgres', 'postmaster.pid');
  /** The pid of the PostgreSQL holding the cluster once it accepts connections (its postmaster.pid says "ready"). */
  const readyPostgresPid = (): number | undefined => {
    let lines: string[];
    try {
      lines = fs.readFileSync(lockFile(), 'utf8').split('\n');
    } catch (error) {
      // initdb's single-user backends create and remove the lock file over and over while a first start runs.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return lines[7]?.trim() === 'ready' ? Number(lines[0]) : undefined;
  };

  it('after a kill -9 of the API, its PostgreSQL is left running; the next start stops it and starts cleanly, refuses a third start on the same folder, and SIGTERM on the reported pid stops both', async () => {
    const [port, pgPort] = await ports();
    const first = await startServer(dataDir, port, pgPort);
    const id = await indiaId(first.url);
    const orphan = readyPostgresPid()!;
    postgresPids.push(orphan);
    expect(isRunning(orphan)).toBe(true);

    process.kill(first.child.pid!, 'SIGKILL');
    await exited(first);
    expect(isRunning(orphan)).toBe(true);

    const second = await startServer(dataDir, port, pgPort);
    expect(second.output()).toContain('stopping the embedded PostgreSQL that an earlier run of the API left running');
    expect(isRunning(orphan)).toBe(false);
    expect(await indiaId(second.url)).toBe(id);
    const postgresPid = readyPostgresPid()!;
    postgresPids.push(postgresPid);
    expect(reportedPid(second, 'embedded PostgreSQL started')).toBe(postgresPid);

    // Its PostgreSQL is no orphan: the API that started it runs, so a start on the same folder is refused, naming it.
    const [otherPort, otherPgPort] = await ports();
    const refused = spawnServer(dataDir, otherPort, otherPgPort);
    expect(await exited(refused)).toBe(1);
    expect(refused.output()).toMatch(
      new RegExp(
        `is in use by PostgreSQL \\(pid ${postgresPid}, port ${pgPort}\\), started by the API process ${second.child.pid}, which still runs`,
      ),
    );
    expect(await indiaId(second.url)).toBe(id);

    const code = exited(second);
    const apiPid = reportedPid(second, 'starting');
    expect(apiPid).toBe(second.child.pid);
    process.kill(apiPid!, 'SIGTERM');
    expect(await code).toBe(0);
    expect(isRunning(postgresPid)).toBe(false);
    expect(fs.existsSync(lockFile())).toBe(false);
  }, 240_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s on the reported pid while the API is still starting leaves no postgres behind',
    async (signal) => {
      const [port, pgPort] = await ports();
      // A first start: migrations and seed keep it busy for seconds after its PostgreSQL is up.
      const starting = spawnServer(dataDir, port, pgPort);
      await until(() => readyPostgresPid() !== undefined || starting.child.exitCode !== null, 'its PostgreSQL is up');
      const postgresPid = readyPostgresPid()!;
      postgresPids.push(postgresPid);
      const code = exited(starting);
      process.kill(starting.child.pid!, signal);
      expect(await code).toBe(0);
      expect(starting.output()).not.toContain('API listening');
      expect(isRunning(postgresPid)).toBe(false);
      expect(fs.existsSync(lockFile())).toBe(false);
      expect(reportedPid(starting, 'starting')).toBe(starting.child.pid);
    },
    240_000,
  );

  it('a data folder held by a live PostgreSQL that this API did not start is refused with a clear message, and that server is left alone', async () => {
    const pgPort = await freePort();
    const unrelated = await startPostgresProcess({ dataDir, port: pgPort });
    try {
      // As if started by hand (pg_ctl): no record of an API starting it.
      fs.rmSync(path.join(dataDir, 'postgres-owner.json'), { force: true });
      const [port, otherPgPort] = await ports();
      const refused = spawnServer(dataDir, port, otherPgPort);
      expect(await exited(refused)).toBe(1);
      expect(refused.output()).toMatch(
        new RegExp(
          `is in use by PostgreSQL \\(pid \\d+, port ${pgPort}\\), which this API did not start\\. Stop that server, or set DATA_DIR to another folder`,
        ),
      );
      const client = new Client({ connectionString: unrelated.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await unrelated.stop();
    }
  }, 240_000);
});
