import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface PostgresProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL of the test's own, run by a child process:
 * the package is ESM-only, which Jest's module loader cannot load (the global
 * setup runs outside it and can).
 */
export function startPostgresProcess(options: { dataDir: string; port: number; postgresFlags?: string[] }): Promise<PostgresProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'test/helpers/postgres-process-main.ts',
      options.dataDir,
      String(options.port),
      ...(options.postgresFlags ?? []),
    ],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const waiting = !stdout.includes('\n');
      stdout += chunk;
      if (!waiting || !stdout.includes('\n')) return;
      const { url } = JSON.parse(stdout.slice(0, stdout.indexOf('\n')));
      resolve({
        url,
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL process exited with ${code} before it was ready: ${stderr.trim().slice(-2000)}`)),
    );
  });
}
