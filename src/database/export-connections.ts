import { Pool, PoolClient } from 'pg';
import { logger } from '../shared/logger';

const CONNECT_TIMEOUT_MS = 10_000;

/** A connection lent to one export. */
export interface ExportLease {
  client: PoolClient;
  /** Gives it back, once; with the error that ended the export, the connection is closed, not pooled. */
  release(error?: Error): void;
}

/**
 * Connections for long exports, kept apart from the request pool: however many exports run,
 * and however slowly their clients read, queries and /readyz keep their connections. At most
 * `concurrency` exports hold one at a time; past that, `tryAcquire` says no at once instead of
 * queueing. They go to the primary: on a hot standby, a COPY that runs for minutes can be
 * cancelled by WAL replay.
 */
export class ExportConnections {
  private readonly pool: Pool;
  private leased = 0;

  constructor(
    primaryUrl: string,
    private readonly concurrency: number,
  ) {
    this.pool = new Pool({
      connectionString: primaryUrl,
      max: concurrency,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'critical-minerals-api:export',
    });
    // An idle connection whose server goes away must not take the process down.
    this.pool.on('error', (error) => logger.warn({ err: error }, 'idle export connection lost'));
  }

  /** A connection, or undefined when `concurrency` exports already hold one. */
  async tryAcquire(): Promise<ExportLease | undefined> {
    if (this.leased >= this.concurrency) return undefined;
    this.leased += 1;
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.leased -= 1;
      throw error;
    }
    let released = false;
    return {
      client,
      release: (error) => {
        if (released) return;
        released = true;
        this.leased -= 1;
        client.release(error);
      },
    };
  }

  /** Closes the idle connections; call once no export runs any more. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}
