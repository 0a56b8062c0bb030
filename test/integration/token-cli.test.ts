import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TokenVerifier } from '../../src/modules/auth/token-verifier';

/** `npm run token`, as the README runs it, in a child process with the given environment. */
const ROOT = path.join(__dirname, '..', '..');

function runTokenCli(env: Record<string, string>, args = ['--role', 'PARTNER', '--country', 'IN', '--sub', 'alice@example.gov']) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['dist/src/cli/token.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', AUTH_SECRET: '', AUTH_JWKS_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run token', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerals-token-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('refuses, and creates nothing, when DATA_DIR holds no generated secret and AUTH_SECRET is unset', async () => {
    const dataDir = path.join(freshDir(), 'not-the-servers');
    const result = await runTokenCli({ DATA_DIR: dataDir });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No token secret');
    expect(result.stderr).toContain('AUTH_SECRET');
    expect(result.stderr).toContain(dataDir);
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('signs with the secret the server generated in its DATA_DIR, which that server then accepts', async () => {
    const dataDir = freshDir();
    // What `npm start` does on its first start in this DATA_DIR.
    const server = new TokenVerifier(TokenVerifier.keysFor({ maxTokenHours: 24 }, true, dataDir));
    const result = await runTokenCli({ DATA_DIR: dataDir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    await expect(server.verify(result.stdout.trim())).resolves.toEqual({ sub: 'alice@example.gov', role: 'PARTNER', country: 'IN' });
  }, 60_000);

  it('signs with AUTH_SECRET when it is set, whatever DATA_DIR holds', async () => {
    const secret = 'a-configured-secret-of-at-least-32-characters';
    const result = await runTokenCli({ DATA_DIR: freshDir(), AUTH_SECRET: secret }, ['--role', 'AUDITOR']);
    expect(result.code).toBe(0);
    await expect(new TokenVerifier({ secret, maxTokenHours: 24 }).verify(result.stdout.trim())).resolves.toMatchObject({ role: 'AUDITOR' });
  }, 60_000);
});
