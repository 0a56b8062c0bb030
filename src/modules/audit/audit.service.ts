import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { loadPageByParent, ListQuery } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Caller } from '../auth/caller';
import { AuditAction } from './audit-event.entity';
import { actorJson, eventInsert, eventSelectList } from './audit-event.sql';
import { ensureAppendLock } from './append-lock';
import { eventHash, GENESIS_HASH, HashedEvent } from './audit-hash';
import { statusHistoryBySubjectId } from './audit.loaders';
import { StatusChangeRecord } from './status-change.types';
import { subjectOf } from './subject-registry';

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

const BY_SEQUENCE: Ordering = { key: 'sequence', expression: 'e.sequence', sqlType: 'bigint', direction: 'ASC', idColumn: 'e.id' };

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
   * the append lock (held by the group's transaction, see ChainWriter, or taken here)
   * serialises appends so the chain never forks and sequence stays gap-free.
   */
  async record(manager: EntityManager, input: AuditEventInput): Promise<StatusChangeRecord> {
    await ensureAppendLock(manager);
    const [head] = await manager.query(
      `SELECT coalesce(h.sequence, 0) AS sequence, coalesce(h.hash, $2) AS hash,
         to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now,
         (${subjectOf(input.subjectType).stateSql}) AS state
       FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1) h ON true`,
      [input.subjectId, GENESIS_HASH],
    );
    const event: HashedEvent = {
      sequence: head.sequence + 1,
      id: randomUUID(),
      occurredAt: head.now,
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
      state: head.state,
    };
    const hash = eventHash(head.hash, event);
    const notification = this.notify(event);
    const { sql: insert, values } = eventInsert({ ...event, prevHash: head.hash, hash });
    // The append lock is held until commit, so the notification rides on the insert: one round trip fewer in the serialised part.
    if (notification)
      await manager.query(`WITH appended AS (${insert} RETURNING 1) SELECT pg_notify($21, $22) FROM appended`, [
        ...values,
        ...notification,
      ]);
    else await manager.query(insert, values);
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
