import type { DataSource, EntityManager } from 'typeorm';
import { loadPageByParent, ListQuery } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Caller } from '../auth/caller';
import { AuditAction, SubjectType } from './audit-event.entity';
import { StatusChange } from './status-change.type';

// Appends are serialised by this transaction-scoped lock so sequence numbers stay gap-free and ordered.
const AUDIT_APPEND_LOCK = 7_301_001;

export interface AuditEventInput {
  subjectType: SubjectType;
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

const STATUS_CHANGE_COLUMNS = `e.id, e.sequence, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.version, e.note,
  e.evidence_url AS "evidenceUrl", e.effective_on AS "effectiveOn", e.occurred_at AS "recordedAt",
  json_build_object('sub', e.actor_sub, 'role', e.actor_role, 'country', e.actor_country) AS actor`;

export class AuditService {
  constructor(private readonly db: DataSource) {}

  /** Appends one event inside the caller's transaction; returns it as a status change. */
  async record(manager: EntityManager, event: AuditEventInput): Promise<StatusChange> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    const [row] = await manager.query(
      `INSERT INTO audit_events (sequence, subject_type, subject_id, action, actor_sub, actor_role, actor_country,
         country_codes, from_status, to_status, version, note, evidence_url, effective_on, changes)
       SELECT coalesce(max(sequence), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM audit_events
       RETURNING ${STATUS_CHANGE_COLUMNS.replace(/\be\./g, '')}`,
      [
        event.subjectType, event.subjectId, event.action, event.actor.sub, event.actor.role, event.actor.country,
        event.countryCodes, event.fromStatus ?? null, event.toStatus ?? null, event.version, event.note ?? null,
        event.evidenceUrl ?? null, event.effectiveOn ?? null, event.changes ?? {},
      ],
    );
    return row;
  }

  /** Every status a subject has had, oldest first, as a connection (use `last` for the latest). */
  statusHistory(loaders: LoaderRegistry, subjectId: string, args: ConnectionArgs): Promise<Connection<StatusChange>> {
    const query: ListQuery = {
      columns: STATUS_CHANGE_COLUMNS,
      from: 'audit_events e',
      where: ['e.to_status IS NOT NULL'],
      params: new SqlParams(),
      ordering: BY_SEQUENCE,
    };
    return loadPageByParent<StatusChange>(this.db, loaders, { name: 'statusHistoryBySubjectId', query, parentExpression: 'e.subject_id' }, subjectId, args);
  }
}
