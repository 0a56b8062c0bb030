import { Router } from 'express';
import type { DataSource } from 'typeorm';

/** Why the database is not ready, or undefined when it is. */
async function databaseProblem(db: DataSource): Promise<string | undefined> {
  try {
    await db.query('SELECT 1');
    return (await db.showMigrations()) ? 'migrations pending' : undefined;
  } catch {
    return 'database unreachable';
  }
}

/**
 * /healthz: the process answers. /readyz: not shutting down, a pooled connection is free within
 * `timeoutMs`, the database answers and no migration is pending. An exhausted pool makes the
 * server useless to its clients, so it is not ready, however alive the process.
 */
export function healthRoutes(db: DataSource, draining: () => boolean, timeoutMs: number): Router {
  const router = Router();
  // Probes that come while a check waits share it, so a stuck pool does not queue one more per probe.
  let running: Promise<string | undefined> | undefined;
  const check = () => (running ??= databaseProblem(db).finally(() => (running = undefined)));
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, `no database connection and answer within ${timeoutMs} ms (pool exhausted, or database slow)`);
    });
    const problem = await Promise.race([check(), late]).finally(() => clearTimeout(timer));
    if (problem) {
      res.status(503).json({ status: 'unavailable', reason: problem });
      return;
    }
    res.json({ status: 'ready' });
  });
  return router;
}
