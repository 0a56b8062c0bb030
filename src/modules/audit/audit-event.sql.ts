import type { Ordering } from '../../shared/pagination';
import { arrayText } from '../../database/sql-literal';
import type { HashedEvent, PendingEvent } from './audit-hash';

/** An event as stored: what is hashed, plus its place in the chain. */
export interface ChainedEvent extends HashedEvent {
  prevHash: string;
  hash: string;
}

export type EventMember = keyof ChainedEvent;

/**
 * The one declaration of audit_events' columns: each member of a stored event and its
 * column, in chain order. Writers, the trail, the streams and the status feed all build
 * their SQL from it.
 */
export const EVENT_COLUMN_OF: { readonly [M in EventMember]-?: string } = {
  sequence: 'sequence',
  id: 'id',
  occurredAt: 'occurred_at',
  subjectType: 'subject_type',
  subjectId: 'subject_id',
  action: 'action',
  actorSub: 'actor_sub',
  actorRole: 'actor_role',
  actorCountry: 'actor_country',
  countryCodes: 'country_codes',
  fromStatus: 'from_status',
  toStatus: 'to_status',
  version: 'version',
  note: 'note',
  evidenceUrl: 'evidence_url',
  effectiveOn: 'effective_on',
  changes: 'changes',
  state: 'state',
  prevHash: 'prev_hash',
  hash: 'hash',
};

export const EVENT_MEMBERS = Object.keys(EVENT_COLUMN_OF) as EventMember[];

/** Fixed text formats, whatever the session's DateStyle, for readers that pass values on untouched. */
export const TEXT_FORMATS: Partial<Record<EventMember, (column: string) => string>> = {
  occurredAt: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  effectiveOn: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
};

/** One selected member: its name, or [its name, the name to give it]. */
export type SelectedMember = EventMember | readonly [member: EventMember, as: string];

/** A select list over audit_events aliased `alias`, each member named as in ChainedEvent (or renamed), optionally formatted. */
export function eventSelectList(
  alias: string,
  members: readonly SelectedMember[],
  formats: Partial<Record<EventMember, (column: string) => string>> = {},
): string {
  return members
    .map((selected) => {
      const [member, as] = typeof selected === 'string' ? [selected, selected] : selected;
      const column = alias ? `${alias}.${EVENT_COLUMN_OF[member]}` : EVENT_COLUMN_OF[member];
      return `${formats[member]?.(column) ?? column} AS "${as}"`;
    })
    .join(', ');
}

/** The actor of an event as one JSON object { sub, role, country }. */
export function actorJson(alias: string): string {
  const prefix = alias ? `${alias}.` : '';
  return `json_build_object('sub', ${prefix}actor_sub, 'role', ${prefix}actor_role, 'country', ${prefix}actor_country)`;
}

/** A chained event as the values of its columns, in chain order (the jsonb ones as JSON text). */
export function eventValues(event: ChainedEvent): unknown[] {
  return EVENT_MEMBERS.map((member) => {
    if (member === 'changes') return JSON.stringify(event.changes);
    if (member === 'state') return event.state === null ? null : JSON.stringify(event.state);
    return event[member];
  });
}

const INSERT_EVENT_SQL = `INSERT INTO audit_events (${EVENT_MEMBERS.map((member) => EVENT_COLUMN_OF[member]).join(', ')})
       VALUES (${EVENT_MEMBERS.map((_, index) => `$${index + 1}`).join(', ')})`;

/** The INSERT of one chained event, its values bound as $1..$20 in chain order. */
export function eventInsert(event: ChainedEvent): { sql: string; values: unknown[] } {
  return { sql: INSERT_EVENT_SQL, values: eventValues(event) };
}

/**
 * Events (alias `e`) in chain order. The sequence is unique, so it alone orders and pages them;
 * `key` names the list inside its cursors, so one list's cursor is refused by another.
 */
export function bySequence(key: string): Ordering {
  return { key, expression: 'e.sequence', sqlType: 'bigint', direction: 'ASC', idColumn: 'e.id', unique: true };
}

/** The SQL type of each member a pending event carries into the append, as an array parameter of it. */
const PENDING_TYPES: { readonly [M in Exclude<EventMember, 'sequence' | 'occurredAt' | 'prevHash' | 'hash'>]: string } = {
  id: 'uuid',
  subjectType: 'text',
  subjectId: 'uuid',
  action: 'text',
  actorSub: 'text',
  actorRole: 'text',
  actorCountry: 'text',
  // As the text of each one's array: an array parameter of arrays would be two-dimensional.
  countryCodes: 'text',
  fromStatus: 'text',
  toStatus: 'text',
  version: 'int',
  note: 'text',
  evidenceUrl: 'text',
  effectiveOn: 'date',
  changes: 'jsonb',
  state: 'jsonb',
};
const PENDING_MEMBERS = Object.keys(PENDING_TYPES) as (keyof typeof PENDING_TYPES)[];

/** A pending event as the append writes it: its canonical text around the holes, and the channel to notify of its sequence, if any. */
export interface AppendedEvent {
  event: PendingEvent;
  text: { before: string; between: string; after: string };
  channel?: string;
}

/** Its SQL (the same for any number of events, so it is prepared once) and parameters; see chainedEventsInsert. */
const CHAINED_INSERT_SQL = (() => {
  const columns = [...PENDING_MEMBERS.map((member) => EVENT_COLUMN_OF[member]), 'channel', 'before', 'between', 'after'];
  const arrays = [...PENDING_MEMBERS.map((member) => PENDING_TYPES[member]), 'text', 'text', 'text', 'text'].map(
    (type, index) => `$${index + 2}::${type}[]`,
  );
  const computed: Partial<Record<EventMember, string>> = {
    sequence: 'chain.sequence',
    occurredAt: 'head.now::timestamptz',
    prevHash: 'chain.prev_hash',
    hash: 'chain.hash',
    countryCodes: 'e.country_codes::varchar[]',
  };
  return `WITH RECURSIVE head AS MATERIALIZED (
      SELECT coalesce(h.sequence, 0) AS sequence, coalesce(h.hash::text, $1::text) AS hash,
        to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now
      FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1) h ON true),
    e AS MATERIALIZED (SELECT * FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS e(${columns.join(', ')}, n)),
    chain (n, sequence, prev_hash, hash) AS (
      SELECT 0::bigint, head.sequence, NULL::text, head.hash FROM head
      UNION ALL
      SELECT e.n, chain.sequence + 1, chain.hash,
        encode(sha256(convert_to(chain.hash || E'\\n' || e.before || '"' || head.now || '"' || e.between || (chain.sequence + 1) || e.after, 'UTF8')), 'hex')
      FROM chain JOIN e ON e.n = chain.n + 1 CROSS JOIN head),
    appended AS (
      INSERT INTO audit_events (${EVENT_MEMBERS.map((member) => EVENT_COLUMN_OF[member]).join(', ')})
      SELECT ${EVENT_MEMBERS.map((member) => computed[member] ?? `e.${EVENT_COLUMN_OF[member]}`).join(', ')}
      FROM e JOIN chain USING (n) CROSS JOIN head
      RETURNING id, sequence, prev_hash, hash)
    SELECT a.sequence, a.prev_hash AS "prevHash", a.hash, (SELECT now FROM head) AS "occurredAt",
      CASE WHEN e.channel IS NOT NULL THEN pg_notify(e.channel, a.sequence::text) END AS notified
    FROM appended a JOIN e ON e.id = a.id ORDER BY a.sequence`;
})();

/**
 * The one statement that appends events after the head under the append lock: it reads the head
 * and the time, chains each event's hash to the one before (SHA-256 of the previous hash, a newline
 * and the event's canonical text with its time and sequence filled in), inserts them and notifies
 * their channels. No round trip back to the writer while the lock is held. Its rows: each event's
 * sequence, time, prevHash and hash, in order.
 */
export function chainedEventsInsert(events: readonly AppendedEvent[], genesis: string): { sql: string; values: unknown[] } {
  const column = (value: (one: AppendedEvent) => unknown) => events.map(value);
  const values = [
    genesis,
    ...PENDING_MEMBERS.map((member) =>
      column(({ event }) => {
        const value = event[member];
        if (member === 'changes') return JSON.stringify(value);
        if (member === 'state') return value === null ? null : JSON.stringify(value);
        if (member === 'countryCodes') return arrayText(value as string[]);
        return value;
      }),
    ),
    column(({ channel }) => channel ?? null),
    column(({ text }) => text.before),
    column(({ text }) => text.between),
    column(({ text }) => text.after),
  ];
  return { sql: CHAINED_INSERT_SQL, values };
}
