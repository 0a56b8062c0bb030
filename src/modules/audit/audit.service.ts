import { randomUUID } from 'node:crypto';
import type { QueryResult } from 'pg';
import { literalOf } from '../../database/sql-literal';
import type { DataSource, EntityManager } from 'typeorm';
import { loadPageByParent, ListQuery } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { Caller } from '../auth/caller';
import { AuditAction } from './audit-event.entity';
import { actorJson, bySequence, type ChainedEvent, eventSelectList, eventsInsert, eventsInsertWithValues } from './audit-event.sql';
import { AUDIT_APPEND_LOCK, ensureAppendLock } from './append-lock';
import { eventHash, GENESIS_HASH, HashedEvent } from './audit-hash';
import { statusHistoryBySubjectId } from './audit.loaders';
import { StatusChangeRecord } from './status-change.types';
import { subjectOf } from './subject-registry';
import { type HeadAhead, type HeldEvents, type WriteGroup, writeGroupOf } from './write-group';

/**
 * What to tell other API processes about an appended event, as the arguments of `pg_notify`
 * (sent inside the writer's transaction, so only on commit); undefined to tell nothing.
 */
export type AppendNotifier = (event: HashedEvent) => [channel: string, payload: string] | undefined;

export interface AuditEventInput {
  /** A registered subject type (see subject-registry). */
  subjectType: string;
  subjectId: string;
  action: AuditAction;
  actor: Caller;
  countryCodes: string[];
  version: number;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  evidenceUrl?: string | null;
  effectiveOn?: string | null;
  changes?: Record<string, unknown>;
}

/** What an event is about. */
type EventSubject = Pick<AuditEventInput, 'subjectType' | 'subjectId'>;

const BY_SEQUENCE = bySequence('sequence');

const STATUS_CHANGE_COLUMNS = `${eventSelectList('e', [
  'id',
  'sequence',
  'fromStatus',
  'toStatus',
  'version',
  'note',
  'evidenceUrl',
  'effectiveOn',
  ['occurredAt', 'recordedAt'],
])}, ${actorJson('e')} AS actor`;

/** The status changes of every subject (alias `e`, parent key `e.subject_id`), as recorded up to asOf when given. */
export function statusHistoryQuery(asOf?: Date): ListQuery {
  const params = new SqlParams();
  const where = ['e.to_status IS NOT NULL'];
  if (asOf) where.push(`e.occurred_at <= ${params.add(asOf)}`);
  return { columns: STATUS_CHANGE_COLUMNS, from: 'audit_events e', where, params, ordering: BY_SEQUENCE };
}

export class AuditService {
  /** `notify`, if given, is asked about every appended event (the live status feed uses it). */
  constructor(
    private readonly db: DataSource,
    private readonly notify: AppendNotifier = () => undefined,
  ) {}

  /**
   * Appends one event inside the caller's transaction, chained to the one before:
   * the append lock (taken here, and held until the transaction ends) serialises
   * appends so the chain never forks and sequence stays gap-free.
   */
  async record(manager: EntityManager, input: AuditEventInput): Promise<StatusChangeRecord> {
    const [recorded] = await this.recordAll(manager, [input]);
    return recorded;
  }

  /**
   * Appends several events of one change in order, each chained to the one before, in two
   * statements whatever their number: one read of the chain's head and of every subject's
   * state (so each state is as the change left it: write the rows first), one insert.
   *
   * In a write group whose running change may hold its events back (see ChainWriter), they are
   * appended with the rest of the group's at its end instead: the records returned are filled
   * in then, before the change's result is handed out.
   */
  async recordAll(manager: EntityManager, inputs: readonly AuditEventInput[]): Promise<StatusChangeRecord[]> {
    const events: HeldEvents = { inputs, records: inputs.map(() => ({}) as StatusChangeRecord), notify: this.notify };
    const group = writeGroupOf(manager);
    if (group?.mayHold(inputs)) {
      group.hold(events);
      return events.records;
    }
    // Held events were asked for first, so they come first in the chain.
    await appendHeld(manager);
    await appendEvents(manager, [events]);
    return events.records;
  }

  /** Every status a subject has had, oldest first, as a connection (use `last` for the latest). */
  statusHistory(loaders: LoaderRegistry, subjectId: string, args: ConnectionArgs, asOf?: Date): Promise<Connection<StatusChangeRecord>> {
    const query = statusHistoryQuery(asOf);
    return loadPageByParent<StatusChangeRecord>(
      this.db,
      loaders,
      { loader: statusHistoryBySubjectId, query, parentExpression: 'e.subject_id', filterKey: asOf ?? null },
      subjectId,
      args,
    );
  }
}

/** Appends the events the group's changes held back (see WriteGroup), if any. */
export async function appendHeld(manager: EntityManager): Promise<void> {
  const group = writeGroupOf(manager);
  if (group && group.held.length > 0) await appendEvents(manager, group.takeHeld());
}

/**
 * Ends a write group's transaction: appends the events its changes held back, if any, and
 * commits. The append lock is held from the head read to the commit, and every other group
 * waits for it: after the head read, the INSERT and the COMMIT go as one message.
 */
export async function commitGroup(manager: EntityManager): Promise<void> {
  const group = writeGroupOf(manager);
  if (!group) throw new Error('commitGroup: not a write group');
  const held = group.takeHeld();
  if (held.length === 0) await group.client.query('COMMIT');
  else await appendEvents(manager, held, 'COMMIT');
}

/**
 * Appends every batch's events in order, chained, with one read of the head and one insert,
 * and fills in their records; in a write group, `then` (the COMMIT) goes with the insert.
 */
async function appendEvents(manager: EntityManager, batches: readonly HeldEvents[], then?: 'COMMIT'): Promise<void> {
  const group = writeGroupOf(manager);
  const inputs = batches.flatMap((batch) => batch.inputs);
  const head = group ? await lockedHead(group, inputs) : await readHead(manager, inputs);
  let prevHash: string = head.hash;
  const chained = inputs.map((input, index) => {
    const event = hashedEvent(input, head.sequence + index + 1, head.now, head.states?.[index] ?? null);
    const hash = eventHash(prevHash, event);
    const link = { ...event, prevHash, hash };
    prevHash = hash;
    return link;
  });
  let next = 0;
  const notifications: [channel: string, payload: string][] = [];
  for (const batch of batches) {
    for (const record of batch.records) {
      const event = chained[next++];
      Object.assign(record, statusChangeOf(event));
      const notification = batch.notify(event);
      if (notification) notifications.push(notification);
    }
  }
  if (!group || !then) {
    await insertEvents(manager, chained, notifications);
    return;
  }
  // One message: if the INSERT fails, Postgres skips the COMMIT and the transaction stays to be rolled back.
  const literal = (value: unknown) => literalOf(group.client, value);
  const rows = notifications.map(([channel, payload]) => `(${literal(channel)}, ${literal(payload)})`);
  await group.client.query(`${notifying(eventsInsertWithValues(chained, literal), rows)}; ${then}`);
}

/** One INSERT of the chained events, with their notifications. */
async function insertEvents(manager: EntityManager, chained: ChainedEvent[], notifications: [string, string][]): Promise<void> {
  const { sql, values } = eventsInsert(chained);
  const rows = notifications.map((_, i) => `($${values.length + 2 * i + 1}, $${values.length + 2 * i + 2})`);
  await manager.query(notifying(sql, rows), [...values, ...notifications.flat()]);
}

/**
 * The INSERT with the notifications (`rows`: each `(channel, payload)` in SQL) riding on it, sent on
 * commit: one round trip fewer in the serialised part.
 */
function notifying(insert: string, rows: readonly string[]): string {
  if (rows.length === 0) return insert;
  return `WITH appended AS (${insert} RETURNING 1)
     SELECT pg_notify(n.channel, n.payload) FROM (VALUES ${rows.join(', ')}) AS n(channel, payload)
     WHERE EXISTS (SELECT 1 FROM appended)`;
}

type Head = { sequence: number; hash: string; now: string; states: unknown[] | null };

/**
 * A JSON array of the state of each input's subject, in the order of the inputs, from `types` and
 * `ids`, the SQL arrays of their subject types and ids: one subquery per subject type, not per event,
 * so it is planned in little time however many events a group appends.
 */
function statesQuery(inputs: readonly Pick<AuditEventInput, 'subjectType'>[], types: string, ids: string): string {
  const cases = [...new Set(inputs.map((input) => input.subjectType))].map((type) => {
    if (!/^[A-Z_]+$/.test(type)) throw new Error(`Not a subject type: ${type}`);
    return `WHEN '${type}' THEN (${subjectOf(type).stateSql.replace(/\$1\b/g, 'event_subject.id')})`;
  });
  return `SELECT json_agg(CASE event_subject.type ${cases.join(' ')} END ORDER BY event_subject.n)
    FROM unnest(${types}::text[], ${ids}::uuid[]) WITH ORDINALITY AS event_subject(type, id, n)`;
}

/** The SELECT of the chain's head and the time (`genesis`: the SQL of the genesis hash), with `more` columns. */
function headQuery(genesis: string, more = ''): string {
  return `SELECT coalesce(h.sequence, 0) AS sequence, coalesce(h.hash, ${genesis}) AS hash,
       to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now${more}
     FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1) h ON true`;
}

const subjectsOf = (inputs: readonly EventSubject[]) => [inputs.map((input) => input.subjectType), inputs.map((input) => input.subjectId)];

/** The head, the time and the states, after taking the append lock (see ensureAppendLock), in one statement. */
async function readHead(manager: EntityManager, inputs: readonly AuditEventInput[]): Promise<Head> {
  await ensureAppendLock(manager);
  const [head] = await manager.query(headQuery('$1', `, (${statesQuery(inputs, '$2', '$3')}) AS states`), [
    GENESIS_HASH,
    ...subjectsOf(inputs),
  ]);
  return head;
}

/** A subject of events, as the key of its state. */
const subjectKey = (input: EventSubject) => `${input.subjectType}:${input.subjectId}`;

/** The states, then the lock (unless the group holds it) and the head read: one message. */
function headStatements(group: WriteGroup, inputs: readonly EventSubject[]): string[] {
  const [types, ids] = subjectsOf(inputs).map((values) => literalOf(group.client, values));
  const lock = group.lockHeld ? [] : [`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`];
  return [statesQuery(inputs, types, ids), ...lock, headQuery(literalOf(group.client, GENESIS_HASH))];
}

/**
 * What the group's append will need, read at the end of its last message of writes (see inTurn):
 * the states of the subjects its held events will be about, as those writes leave them, then the
 * append lock and the head. The group's held events are then appended with one message, the
 * INSERT and the COMMIT. Subjects: those of every event the group will hold, in any order.
 */
export function headAhead(subjects: readonly EventSubject[]): (group: WriteGroup) => HeadAhead {
  return (group) => ({
    statements: headStatements(group, subjects),
    read(rows) {
      const states = rows[0][0].json_agg as unknown[];
      group.lockHeld = true;
      group.ahead = {
        head: rows[rows.length - 1][0] as Omit<Head, 'states'>,
        states: new Map(subjects.map((subject, index) => [subjectKey(subject), states[index]])),
      };
    },
  });
}

/**
 * The same in a write group, in one message: the states, then the lock (unless the group holds it)
 * and the head read, which as a statement of its own sees every append committed while the lock was
 * awaited. The held events' subjects are locked by the changes that moved them, so no one else can
 * change them before the group commits: their states are read before the lock, which is then held the less.
 * What was read ahead of the append (headAhead) serves instead when it holds every subject: the
 * group has held the lock since, so the head has not moved.
 */
async function lockedHead(group: WriteGroup, inputs: readonly AuditEventInput[]): Promise<Head> {
  const { ahead } = group;
  group.ahead = undefined;
  if (ahead && inputs.every((input) => ahead.states.has(subjectKey(input))))
    return { ...ahead.head, states: inputs.map((input) => ahead.states.get(subjectKey(input))) };
  const results = (await group.client.query(headStatements(group, inputs).join('; '))) as unknown as QueryResult[];
  group.lockHeld = true;
  return { ...results[results.length - 1].rows[0], states: results[0].rows[0].json_agg };
}

function hashedEvent(input: AuditEventInput, sequence: number, occurredAt: string, state: unknown): HashedEvent {
  return {
    sequence,
    id: randomUUID(),
    occurredAt,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    action: input.action,
    actorSub: input.actor.sub,
    actorRole: input.actor.role,
    actorCountry: input.actor.country,
    countryCodes: [...new Set(input.countryCodes)].sort(),
    fromStatus: input.fromStatus ?? null,
    toStatus: input.toStatus ?? null,
    version: input.version,
    note: input.note ?? null,
    evidenceUrl: input.evidenceUrl ?? null,
    effectiveOn: input.effectiveOn ?? null,
    // Stored as jsonb and read back as JSON, so hash exactly what reading back will give.
    changes: JSON.parse(JSON.stringify(input.changes ?? {})),
    state,
  };
}

function statusChangeOf(event: ChainedEvent): StatusChangeRecord {
  return {
    sequence: event.sequence,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus as string,
    version: event.version,
    note: event.note,
    evidenceUrl: event.evidenceUrl,
    effectiveOn: event.effectiveOn,
    recordedAt: new Date(event.occurredAt),
    actor: { sub: event.actorSub, role: event.actorRole, country: event.actorCountry },
    id: event.id,
  } as StatusChangeRecord;
}
