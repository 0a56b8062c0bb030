import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { logger } from '../shared/logger';

const STOP_TIMEOUT_MS = 60_000;

/** The first lines of a cluster's postmaster.pid: the server that holds it, since when, on which port. */
interface PostmasterLock {
  pid: number;
  startedAt: string;
  port: number;
}

/** Which API process started the server that holds the cluster, kept next to the cluster. */
interface Ownership extends PostmasterLock {
  apiPid: number;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's parent where the system tells (Linux's /proc), else undefined. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Who runs the embedded PostgreSQL of a data folder. A `kill -9` of the API leaves its server
 * running (it is a child process, not killed with its parent), holding the cluster's lock, and
 * the next start would fail. The API records the server it starts; at the next start, a
 * server recorded by an API process that is gone is stopped, and any other is refused.
 */
export class ClusterOwnership {
  private readonly lockFile: string;
  private readonly ownerFile: string;

  constructor(
    dataDir: string,
    private readonly clusterDir: string,
    private readonly credentials: { user: string; password: string },
  ) {
    this.lockFile = path.join(clusterDir, 'postmaster.pid');
    this.ownerFile = path.join(dataDir, 'postgres-owner.json');
  }

  private lock(): PostmasterLock | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.lockFile, 'utf8');
    } catch (error) {
      // A server that stops removes the file: checking first and then reading could meet it gone.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const [pid, , startedAt, port] = text.split('\n');
    return pid ? { pid: Number(pid), startedAt, port: Number(port) } : undefined;
  }

  /** After a start: this process runs the server that now holds the cluster. Returns its pid. */
  record(): number | undefined {
    const lock = this.lock();
    if (lock) fs.writeFileSync(this.ownerFile, JSON.stringify({ ...lock, apiPid: process.pid } satisfies Ownership));
    return lock?.pid;
  }

  /** After a clean stop. */
  forget(): void {
    fs.rmSync(this.ownerFile, { force: true });
  }

  /**
   * Before a start: stops a server that an earlier run of this API left holding the cluster, and
   * refuses (with a message that says what to do) a server that anything else runs.
   */
  async reclaim(): Promise<void> {
    const lock = this.lock();
    // No server, or a stale lock file, which PostgreSQL replaces by itself.
    if (!lock || !isRunning(lock.pid)) return;
    const held = `The data folder's PostgreSQL cluster ${this.clusterDir} is in use by PostgreSQL (pid ${lock.pid}, port ${lock.port})`;
    const owner = readJson<Ownership>(this.ownerFile);
    if (!owner || owner.pid !== lock.pid || owner.startedAt !== lock.startedAt || owner.port !== lock.port) {
      throw new Error(`${held}, which this API did not start. Stop that server, or set DATA_DIR to another folder.`);
    }
    // A server whose parent is still the API that started it is in use; an orphan has a new parent.
    const parent = parentOf(lock.pid);
    if (parent !== undefined ? parent === owner.apiPid : isRunning(owner.apiPid)) {
      throw new Error(
        `${held}, started by the API process ${owner.apiPid}, which still runs. Stop that process, or set DATA_DIR to another folder.`,
      );
    }
    if (!(await this.answersFor(lock.port)))
      throw new Error(`${held}, which does not answer as this cluster's server. Stop it, or set DATA_DIR to another folder.`);
    logger.warn(
      { pid: lock.pid, port: lock.port, apiPid: owner.apiPid },
      'stopping the embedded PostgreSQL that an earlier run of the API left running',
    );
    try {
      // Fast shutdown: ends the sessions left over, checkpoints and releases the cluster.
      process.kill(lock.pid, 'SIGINT');
    } catch (error) {
      throw new Error(`${held}, left by an earlier run, and it could not be stopped (${(error as Error).message}). Stop it by hand.`);
    }
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (isRunning(lock.pid)) {
      if (Date.now() > deadline)
        throw new Error(`${held}, left by an earlier run, and it did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGINT.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.forget();
  }

  /** Whether the server on `port` is this cluster's (so its lock's pid is not a reused one). */
  private async answersFor(port: number): Promise<boolean> {
    const client = new Client({ host: 'localhost', port, database: 'postgres', ...this.credentials, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const [{ data_directory: dataDirectory }] = (await client.query('SHOW data_directory')).rows;
      return fs.realpathSync(dataDirectory) === fs.realpathSync(this.clusterDir);
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
