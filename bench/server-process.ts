import 'reflect-metadata';
import { Config, loadConfig } from '../src/config';
import { createDataSource } from '../src/database/data-source';
import { AuditSigner } from '../src/modules/audit/audit-signer';
import { TokenVerifier } from '../src/modules/auth/token-verifier';
import { startApiServer } from '../src/server';
import { logger } from '../src/shared/logger';
import { registerTrackedRecords } from '../src/tracked-records';
import { startFloorServer } from './floor-server';
import { startPostGraphileServer } from './postgraphile-server';

export interface StartedServer {
  url: string;
  /** SQL statements sent so far, for a server that sets no x-sql-statements header. */
  statements?(): number;
  stop(): Promise<void>;
}

/**
 * In-process servers (the smoke test): the API as main.ts wires it, the floor,
 * or PostGraphile. A real bench runs each in a child process instead (servers.ts):
 * the API as the compiled build's `dist/src/main.js`.
 */
export async function startServer(kind: string, config: Config): Promise<StartedServer> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set for a bench server');
  const options = { databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize };
  if (kind === 'floor') {
    const floor = await startFloorServer(options);
    return { url: floor.url, stop: floor.close };
  }
  if (kind === 'postgraphile') {
    const server = await startPostGraphileServer(options);
    return { url: server.url, statements: server.statements, stop: server.close };
  }
  registerTrackedRecords();
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
    writeGroupSize: config.writeGroupSize,
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
 * A server in its own process, so the load generator never
 * shares its event loop. Talks to the bench over IPC: sends {ready, url};
 * answers 'statements' with its count; exits on 'stop'.
 */
async function serveChild(kind: string): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  const server = await startServer(kind, config);
  process.on('message', (message) => {
    if (message === 'statements') process.send?.({ statements: server.statements?.() ?? 0 });
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
