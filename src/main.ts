import 'reflect-metadata';
import { loadConfig } from './config';
import { openDatabase } from './database/database';
import { AuditSigner } from './modules/audit/audit-signer';
import { AuditService } from './modules/audit/audit.service';
import { TokenVerifier } from './modules/auth/token-verifier';
import { seedPublishedSources } from './seed/seed.service';
import { startApiServer } from './server';
import { logger } from './shared/logger';

/** Start-up only: config → database → seed → HTTP server; shutdown in reverse. */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  const database = await openDatabase(config);
  if (config.seedOnStart) await seedPublishedSources(database.dataSource, new AuditService(database.dataSource));
  const server = await startApiServer({
    db: database.dataSource,
    host: config.host,
    port: config.port,
    settings: config.http,
    tokens: new TokenVerifier(TokenVerifier.keysFor(config.auth, config.local, config.dataDir)),
    signer: AuditSigner.fromConfig(config.auditSigningKey, config.local, config.dataDir),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await server.stop();
      await database.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
