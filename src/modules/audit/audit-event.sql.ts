import type { Ordering } from '../../shared/pagination';
import type { HashedEvent } from './audit-hash';

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

/** The INSERT of chained events in one statement, in chain order, each row's values bound in chain order after the previous row's. */
export function eventsInsert(events: readonly ChainedEvent[]): { sql: string; values: unknown[] } {
  if (events.length === 1) return eventInsert(events[0]);
  const width = EVENT_MEMBERS.length;
  const rows = events.map((_, row) => `(${EVENT_MEMBERS.map((__, index) => `$${row * width + index + 1}`).join(', ')})`);
  return {
    sql: `INSERT INTO audit_events (${EVENT_MEMBERS.map((member) => EVENT_COLUMN_OF[member]).join(', ')}) VALUES ${rows.join(', ')}`,
    values: events.flatMap(eventValues),
  };
}

/**
 * The INSERT of chained events in one statement with their values written into its text by
 * `literal`, for a message of several statements (which can take no parameters).
 */
export function eventsInsertWithValues(events: readonly ChainedEvent[], literal: (value: unknown) => string): string {
  const rows = events.map((event) => `(${eventValues(event).map(literal).join(', ')})`);
  return `INSERT INTO audit_events (${EVENT_MEMBERS.map((member) => EVENT_COLUMN_OF[member]).join(', ')}) VALUES ${rows.join(', ')}`;
}

/**
 * Events (alias `e`) in chain order. The sequence is unique, so it alone orders and pages them;
 * `key` names the list inside its cursors, so one list's cursor is refused by another.
 */
export function bySequence(key: string): Ordering {
  return { key, expression: 'e.sequence', sqlType: 'bigint', direction: 'ASC', idColumn: 'e.id', unique: true };
}
