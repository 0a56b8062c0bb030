import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { loadPageByParent, ListQuery } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { Caller } from '../auth/caller';
import { AuditAction } from './audit-event.entity';
import { actorJson, bySequence, type ChainedEvent, chainedEventsInsert, eventSelectList } from './audit-event.sql';
import { AUDIT_APPEND_LOCK, ensureAppendLock } from './append-lock';
import { eventTextAround, GENESIS_HASH, type PendingEvent } from './audit-hash';
import { statusHistoryBySubjectId } from './audit.loaders';
import { StatusChangeRecord } from './status-change.types';
import { subjectOf } from './subject-registry';
import { type HeldEvents, type ReadAhead, type WriteGroup, writeGroupOf } from './write-group';

/**
 * The channel on which to tell other API processes of an appended event, with its sequence as the
 * payload of `pg_notify` (sent by the append, so only on commit); undefined to tell nothing.
 */
export type AppendNotifier = (event: PendingEvent) => string | undefined;

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
 * commits. The append lock is taken by the message that appends and commits (see appendEvents),
 * so it is held only while Postgres runs that message.
 */
export async function commitGroup(manager: EntityManager): Promise<void> {
  const group = writeGroupOf(manager);
  if (!group) throw new Error('commitGroup: not a write group');
  const held = group.takeHeld();
  if (held.length === 0) await group.client.query('COMMIT');
  else await appendEvents(manager, held, 'COMMIT');
}

/**
 * Appends every batch's events in order, chained, and fills in their records. First the states of
 * their subjects (as the changes left them: write the rows first; in a write group, read ahead with
 * its writes when it could be), from which the canonical text of each event is made here, but for
 * its sequence and time. Then one statement takes the append lock, reads the head and the time,
 * chains and inserts the events (chainedEventsInsert): nothing goes back to Node while the lock is
 * held for it. In a write group that one message also takes the lock and, with `then`, commits.
 */
async function appendEvents(manager: EntityManager, batches: readonly HeldEvents[], then?: 'COMMIT'): Promise<void> {
  const group = writeGroupOf(manager);
  const inputs = batches.flatMap((batch) => batch.inputs);
  const states = group ? await statesInGroup(group, inputs) : await readStates(manager, inputs);
  const pending = inputs.map((input, index) => pendingEvent(input, states[index] ?? null));
  const notifies = batches.flatMap((batch) => batch.inputs.map(() => batch.notify));
  const insert = chainedEventsInsert(
    pending.map((event, index) => ({ event, text: eventTextAround(event), channel: notifies[index](event) })),
    GENESIS_HASH,
  );
  let rows: AppendedRow[];
  if (group) {
    const lock = group.lockHeld ? [] : [{ sql: APPEND_LOCK, values: [] }];
    const results = await group.send([...lock, insert, ...(then ? [{ sql: then, values: [] }] : [])], 0);
    group.lockHeld = !then;
    rows = results[lock.length] as unknown as AppendedRow[];
  } else {
    await ensureAppendLock(manager);
    rows = await manager.query(insert.sql, insert.values);
  }
  const records = batches.flatMap((batch) => batch.records);
  rows.forEach(({ sequence, prevHash, hash, occurredAt }, index) =>
    Object.assign(records[index], statusChangeOf({ ...pending[index], sequence, occurredAt, prevHash, hash })),
  );
}

/** What chainedEventsInsert gives back for each event, in order. */
type AppendedRow = Pick<ChainedEvent, 'sequence' | 'prevHash' | 'hash' | 'occurredAt'>;

const APPEND_LOCK = `SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`;

/**
 * A JSON array of the state of each input's subject, in the order of the inputs, from $1 and $2,
 * the arrays of their subject types and ids: one subquery per subject type, not per event,
 * so it is planned in little time however many events a group appends.
 */
function statesQuery(inputs: readonly EventSubject[]): string {
  const cases = [...new Set(inputs.map((input) => input.subjectType))].map((type) => {
    if (!/^[A-Z_]+$/.test(type)) throw new Error(`Not a subject type: ${type}`);
    return `WHEN '${type}' THEN (${subjectOf(type).stateSql.replace(/\$1\b/g, 'event_subject.id')})`;
  });
  return `SELECT json_agg(CASE event_subject.type ${cases.join(' ')} END ORDER BY event_subject.n) AS states
    FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS event_subject(type, id, n)`;
}

/** The states query of the inputs' subjects, as a statement with its parameters. */
const statesStatement = (inputs: readonly EventSubject[]) => ({
  sql: statesQuery(inputs),
  values: [inputs.map((input) => input.subjectType), inputs.map((input) => input.subjectId)],
});

/** The states of the inputs' subjects, in order, outside a write group. */
async function readStates(manager: EntityManager, inputs: readonly EventSubject[]): Promise<unknown[]> {
  const { sql, values } = statesStatement(inputs);
  const [{ states }] = await manager.query(sql, values);
  return states;
}

/** A subject of events, as the key of its state. */
const subjectKey = (input: EventSubject) => `${input.subjectType}:${input.subjectId}`;

/**
 * The states of the inputs' subjects in a write group, in order: as its batch read them ahead (see
 * statesAhead) when that covers them all, else read now. The subjects are locked by the changes
 * that moved them, so no one else changes them before the group commits.
 */
async function statesInGroup(group: WriteGroup, inputs: readonly AuditEventInput[]): Promise<unknown[]> {
  const { ahead } = group;
  group.ahead = undefined;
  if (ahead && inputs.every((input) => ahead.states.has(subjectKey(input))))
    return inputs.map((input) => ahead.states.get(subjectKey(input)));
  const [[{ states }]] = await group.send([statesStatement(inputs)], 0);
  return states as unknown[];
}

/**
 * What the group's append will need, read at the end of its last message of writes (see inTurn):
 * the states of the subjects its held events will be about, as those writes leave them. The
 * group's held events are then appended with one message. Subjects: those of every event the
 * group will hold, in any order.
 */
export function statesAhead(subjects: readonly EventSubject[]): (group: WriteGroup) => ReadAhead {
  return (group) => ({
    statements: [statesStatement(subjects)],
    read([[{ states }]]) {
      group.ahead = { states: new Map(subjects.map((subject, index) => [subjectKey(subject), (states as unknown[])[index]])) };
    },
  });
}

function pendingEvent(input: AuditEventInput, state: unknown): PendingEvent {
  return {
    id: randomUUID(),
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
