import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/free-port';

const ROOT = path.join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the server exactly as `npm start` does, on the embedded database in `dataDir`. */
async function startServer(dataDir: string, port: number, pgPort: number): Promise<Started> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info', NODE_ENV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start within 30 s: ${output}`);
}

function stop(server: Started, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.once('exit', (code) => resolve(code));
    server.child.kill(signal);
  });
}

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
  });
});
