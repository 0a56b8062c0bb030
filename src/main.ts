import 'reflect-metadata';
import { Config, loadConfig } from './config';
import { Database, openDatabase } from './database/database';
import { AuditSigner } from './modules/audit/audit-signer';
import { AuditService } from './modules/audit/audit.service';
import { TokenVerifier } from './modules/auth/token-verifier';
import { notifyStatusChanges } from './modules/live/status-feed';
import { seedPublishedSources } from './seed/seed.service';
import { ApiServer, startApiServer } from './server';
import { logger } from './shared/logger';
import { registerTrackedRecords } from './tracked-records';

/** What has started so far; stopped in reverse. */
interface Running {
  database?: Database;
  server?: ApiServer;
}

/** Starts each part in turn; after a stop was asked for, starts nothing more. */
async function startUp(config: Config, running: Running, stopAsked: () => boolean): Promise<void> {
  registerTrackedRecords();
  const database = (running.database = await openDatabase(config));
  if (stopAsked()) return;
  if (config.seedOnStart) await seedPublishedSources(database.dataSource, new AuditService(database.dataSource, notifyStatusChanges));
  if (stopAsked()) return;
  running.server = await startApiServer({
    db: database.dataSource,
    host: config.host,
    port: config.port,
    settings: config.http,
    tokens: new TokenVerifier(TokenVerifier.keysFor(config.auth, config.local, config.dataDir)),
    signer: AuditSigner.fromConfig(config.auditSigningKey, config.local, config.dataDir),
    writeGroupSize: config.writeGroupSize,
    writeGroupsInFlight: config.writeGroupsInFlight,
  });
}

async function stopAll(running: Running): Promise<void> {
  await running.server?.stop();
  await running.database?.close();
}

/** Start-up only: config → database → seed → HTTP server; shutdown in reverse, whenever the signal comes. */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  logger.info({ pid: process.pid }, 'starting: SIGINT or SIGTERM to this pid stops the API and its database');
  const running: Running = {};
  let stopping = false;
  let started: Promise<void> = Promise.resolve();
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      // A start that fails now reports itself below; whatever it did start is stopped here.
      await started.catch(() => undefined);
      await stopAll(running);
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  // Before anything starts: the default action of a signal that came while the database starts
  // would kill this process and leave its PostgreSQL running.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  started = startUp(config, running, () => stopping);
  try {
    await started;
  } catch (error) {
    // Stopping on a signal already: the shutdown stops what started, and exits.
    if (stopping) return;
    await stopAll(running).catch((stopError) => logger.error({ err: stopError }, 'stopping after a failed start failed'));
    throw error;
  }
}

main().catch((error) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
