import 'reflect-metadata';
import { Config, loadConfig } from '../src/config';
import { createDataSource } from '../src/database/data-source';
import { AuditSigner } from '../src/modules/audit/audit-signer';
import { TokenVerifier } from '../src/modules/auth/token-verifier';
import { startApiServer } from '../src/server';
import { logger } from '../src/shared/logger';
import { startFloorServer } from './floor-server';

export interface StartedServer {
  url: string;
  stop(): Promise<void>;
}

/** The API (the real startApiServer, as main.ts wires it) or the floor, configured from `config`. */
export async function startServer(kind: string, config: Config): Promise<StartedServer> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set for a bench server');
  if (kind === 'floor') {
    const floor = await startFloorServer({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize });
    return { url: floor.url, stop: floor.close };
  }
  const db = createDataSource({
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  await db.initialize();
  const server = await startApiServer({
    db,
    host: '127.0.0.1',
    port: 0,
    settings: config.http,
    tokens: new TokenVerifier(config.auth),
    signer: AuditSigner.generate(),
  });
  return {
    url: server.url.replace(/\/graphql$/, ''),
    stop: async () => {
      await server.stop();
      await db.destroy();
    },
  };
}

/**
 * A benchmarked server in its own process, so the load generator never shares
 * its event loop. Talks to the bench over IPC: sends {ready, url}; answers
 * 'rss' with its memory; exits on 'stop'.
 */
async function serveChild(kind: string): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  const server = await startServer(kind, config);
  process.on('message', (message) => {
    if (message === 'rss') process.send?.({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
    else if (message === 'stop') server.stop().finally(() => process.exit(0));
  });
  process.send?.({ ready: true, url: server.url });
}

if (require.main === module) {
  serveChild(process.argv[2] ?? 'api').catch((error: Error) => {
    process.stderr.write(`bench server failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
