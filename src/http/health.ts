import { Router } from 'express';
import type { DataSource } from 'typeorm';

/** /healthz: the process answers. /readyz: not shutting down, the database answers and no migration is pending. */
export function healthRoutes(db: DataSource, draining: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    try {
      await db.query('SELECT 1');
      const pending = await db.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'unavailable', reason: 'migrations pending' });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  return router;
}
