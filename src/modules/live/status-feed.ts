import { EventEmitter, on } from 'node:events';
import { Client } from 'pg';
import { logger } from '../../shared/logger';

const CHANNEL = 'status_changed';
const RECONNECT_DELAY_MS = 1000;

/** What every replica learns about a status change: small enough for NOTIFY's 8 kB payload. */
export interface StatusChangedMessage {
  /** UUID of the audit event, so the status change has the same ID as in statusHistory. */
  id: string;
  subjectType: string;
  subjectId: string;
  sequence: number;
  fromStatus: string | null;
  toStatus: string;
  version: number;
  countryCodes: string[];
  occurredAt: string;
  note: string | null;
  evidenceUrl: string | null;
  effectiveOn: string | null;
  actor: { sub: string; role: string; country: string | null };
}

/**
 * The arguments of `pg_notify` for a change. Sent inside the writer's transaction:
 * Postgres delivers it to every listening API process when the change commits,
 * and never when it rolls back.
 */
export function statusChangedNotification(message: StatusChangedMessage): [channel: string, payload: string] {
  return [CHANNEL, JSON.stringify(message)];
}

/**
 * Status changes from every API process, through Postgres LISTEN/NOTIFY, so
 * subscribers on any replica behind a load balancer see every change.
 */
export class StatusFeed {
  private readonly events = new EventEmitter();
  private client?: Client;
  private stopped = false;

  constructor(private readonly databaseUrl: string) {
    this.events.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'critical-minerals-api:status-feed' });
    client.on('notification', (notification) => {
      if (notification.channel !== CHANNEL || !notification.payload) return;
      this.events.emit('message', JSON.parse(notification.payload) as StatusChangedMessage);
    });
    client.on('error', (error) => {
      logger.warn({ err: error }, 'status feed connection lost; reconnecting');
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => this.start().catch((e) => logger.error({ err: e }, 'status feed reconnect failed')), RECONNECT_DELAY_MS);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  /** Messages that pass `accept`, from now until the consumer stops iterating. */
  async *subscribe(accept: (message: StatusChangedMessage) => boolean, signal?: AbortSignal): AsyncGenerator<StatusChangedMessage> {
    for await (const [message] of on(this.events, 'message', { signal })) {
      if (accept(message as StatusChangedMessage)) yield message as StatusChangedMessage;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.events.removeAllListeners();
    await this.client?.end();
  }
}
