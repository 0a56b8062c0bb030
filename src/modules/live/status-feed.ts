import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { logger } from '../../shared/logger';
import { AuditAction } from '../audit/audit-event.entity';
import { actorJson, eventSelectList, TEXT_FORMATS } from '../audit/audit-event.sql';
import type { AppendNotifier } from '../audit/audit.service';

const CHANNEL = 'status_changed';
/** Status changes a subscription may fall behind by before it is ended (see StatusFeed.subscribe). */
export const MAX_QUEUED_MESSAGES = 1_000;

/** In place of the messages a subscription fell behind on: it ends after this. */
export interface FellBehind {
  fellBehind: number;
}
const RECONNECT_DELAY_MS = 1000;

/** What subscribers learn about a status change, read from the audit event the notification names. */
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

const MESSAGE_BY_SEQUENCE = `SELECT ${eventSelectList(
  '',
  [
    'id',
    'subjectType',
    'subjectId',
    'fromStatus',
    'toStatus',
    'version',
    'countryCodes',
    'occurredAt',
    'note',
    'evidenceUrl',
    'effectiveOn',
  ],
  TEXT_FORMATS,
)}, ${actorJson('')} AS actor
  FROM audit_events WHERE sequence = $1`;

/**
 * The status feed's part in every append: a notification on its channel for each event that sets a
 * status, sent by the append: Postgres delivers it to every listening API process when the change
 * commits, and never when it rolls back. Only the sequence travels: NOTIFY payloads stop at 8000
 * bytes, and a note or evidence URL within the input limits can be longer than that.
 */
export const notifyStatusChanges: AppendNotifier = (event) =>
  event.action === AuditAction.STATUS_CHANGED && event.toStatus ? CHANNEL : undefined;

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
      if (notification.channel !== CHANNEL || !notification.payload || this.events.listenerCount('message') === 0) return;
      const sequence = Number(notification.payload);
      // On the listening connection: the primary, which holds the event once the notification arrives,
      // and one query at a time, so messages go out in commit order.
      client.query(MESSAGE_BY_SEQUENCE, [sequence]).then(
        ({ rows: [row] }) => row && this.events.emit('message', { ...row, sequence } as StatusChangedMessage),
        (error) => logger.warn({ err: error, sequence }, 'status feed could not read a notified event'),
      );
    });
    client.on('error', (error) => {
      logger.warn({ err: error }, 'status feed connection lost; reconnecting');
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped)
        setTimeout(() => this.start().catch((e) => logger.error({ err: e }, 'status feed reconnect failed')), RECONNECT_DELAY_MS);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  /** Subscriptions listening in this process now. */
  get subscribers(): number {
    return this.events.listenerCount('message');
  }

  /**
   * Messages that pass `accept`, from now until the consumer stops iterating. Not an async
   * generator: one waiting for a message would only act on `return()` once a message it accepts
   * came, so a subscription that ended (the client completed it or went away) went on listening.
   * Once returned it gives nothing more, not even messages that had queued. A consumer that falls
   * `maxQueued` messages behind (a client that stopped reading its socket) gets FellBehind in their
   * place and nothing after: its queue is what a stalled client would make the process hold.
   */
  subscribe(
    accept: (message: StatusChangedMessage) => boolean,
    maxQueued = MAX_QUEUED_MESSAGES,
  ): AsyncIterableIterator<StatusChangedMessage | FellBehind> {
    const queue: (StatusChangedMessage | FellBehind)[] = [];
    let ended = false;
    let failure: { error: unknown } | undefined;
    let wakers: (() => void)[] = [];
    const end = () => {
      ended = true;
      this.events.off('message', listener);
      for (const wake of wakers) wake();
      wakers = [];
    };
    const listener = (message: StatusChangedMessage) => {
      try {
        if (!accept(message)) return;
      } catch (error) {
        failure = { error };
        return end();
      }
      if (queue.length >= maxQueued) {
        queue.splice(0, queue.length, { fellBehind: maxQueued });
        return end();
      }
      queue.push(message);
      for (const wake of wakers) wake();
      wakers = [];
    };
    this.events.on('message', listener);
    const subscription: AsyncIterableIterator<StatusChangedMessage | FellBehind> = {
      async next() {
        for (;;) {
          const value = queue.shift();
          if (value) return { done: false, value };
          if (failure) {
            const { error } = failure;
            failure = undefined;
            throw error;
          }
          if (ended) return { done: true, value: undefined };
          await new Promise<void>((resolve) => wakers.push(resolve));
        }
      },
      // Stops listening at once, and ends a next() still waiting.
      async return() {
        queue.length = 0;
        end();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => subscription,
    };
    return subscription;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.events.removeAllListeners();
    await this.client?.end();
  }
}
