import fs from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { logger } from '../shared/logger';

/** Held even when the backlog is empty, so a balancer that has not yet seen /readyz fail is not refused at once. */
const MIN_GRACE_MS = 300;
const POLL_MS = 20;
const LISTEN_STATE = '0A';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connections the kernel has completed and queued on the listening port but Node has not
 * accepted yet (Linux: `rx_queue` of the LISTEN row in /proc/net/tcp*); undefined where
 * that cannot be read.
 */
export function acceptQueueLength(port: number): number | undefined {
  let found = false;
  let queued = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (state !== LISTEN_STATE || !local || parseInt(local.split(':')[1], 16) !== port) continue;
      found = true;
      queued += parseInt(queues.split(':')[1], 16);
    }
  }
  return found ? queued : undefined;
}

/**
 * Graceful shutdown of an HTTP server without timing guesses: on `drain()` the server reports
 * not-ready, keeps accepting until every connection the kernel had queued is accepted, then
 * closes the listener and waits for every accepted HTTP connection to be answered and closed,
 * including sockets whose request is written only after the signal.
 */
export class ConnectionDrain {
  /** True from the start of `drain()`: /readyz answers 503 and responses close their connection. */
  draining = false;
  /** Accepted sockets still serving HTTP (upgraded WebSockets are the subscription server's to close). */
  private readonly open = new Set<Socket>();
  private lastAcceptedAt = 0;

  constructor(private readonly server: http.Server) {
    server.on('connection', (socket: Socket) => {
      this.lastAcceptedAt = Date.now();
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
    });
    server.on('upgrade', (_request, socket: Socket) => this.open.delete(socket));
  }

  /**
   * Stops accepting once the backlog is drained, then waits for open HTTP connections until
   * `deadline` (epoch ms) and cuts the rest. The listener reports closed only when WebSockets
   * have closed too, so that is returned to await after the subscriptions are ended.
   */
  async drain(deadline: number): Promise<{ listenerClosed: Promise<void> }> {
    this.draining = true;
    const graceEnds = Math.min(Date.now() + MIN_GRACE_MS, deadline);
    while (Date.now() < deadline && (Date.now() < graceEnds || this.backlogWaiting())) await sleep(POLL_MS);
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    while (this.open.size > 0 && Date.now() < deadline) {
      // Keep-alive sockets between requests; a socket accepted but not yet sent its request is not idle and is waited for.
      this.server.closeIdleConnections();
      await sleep(POLL_MS);
    }
    if (this.open.size > 0) logger.warn({ connections: this.open.size }, 'shutdown timeout reached: closing connections still open');
    this.server.closeAllConnections();
    return { listenerClosed };
  }

  private backlogWaiting(): boolean {
    const address = this.server.address();
    const queued = typeof address === 'object' && address ? acceptQueueLength(address.port) : undefined;
    // Without /proc, the best sign of an empty backlog is that nothing has been accepted for a while.
    return queued === undefined ? Date.now() - this.lastAcceptedAt < MIN_GRACE_MS : queued > 0;
  }
}
