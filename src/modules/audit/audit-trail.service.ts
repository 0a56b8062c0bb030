import type { DataSource } from 'typeorm';
import { decodeRecordId } from '../../shared/global-id';
import { ListQuery, loadPage, loadPageByParent } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { NODE_TYPE } from '../node/node.type';
import { actorJson, bySequence, eventSelectList } from './audit-event.sql';
import { AuditEventRecord, AuditTrailFilter } from './audit-event.types';
import { auditEventById, auditPayloadBySequence, auditTrailBySubjectId } from './audit.loaders';
import { EventConditions } from './audit-stream';
import { StatusChangeRecord, statusChangeOfEvent } from './status-change.types';

const BY_SEQUENCE = bySequence('audit');

// Everything but the bulky changes and state, which payloadOf loads only when asked for.
const EVENT_COLUMNS = `${eventSelectList('e', [
  'sequence',
  'id',
  'occurredAt',
  'subjectType',
  'subjectId',
  'action',
  'countryCodes',
  'fromStatus',
  'toStatus',
  'version',
  'note',
  'evidenceUrl',
  'effectiveOn',
  'prevHash',
  'hash',
])}, ${actorJson('e')} AS actor`;

/** The audit-trail filter as SQL conditions; shared by the GraphQL trail and the exports. */
export function trailConditions(filter: AuditTrailFilter | null | undefined): EventConditions {
  return (params) => {
    const where: string[] = [];
    if (filter?.subjectTypes?.length) where.push(`e.subject_type = ANY(${params.add(filter.subjectTypes)})`);
    if (filter?.subjectGlobalId)
      where.push(`e.subject_id = ${params.add(decodeRecordId(filter.subjectGlobalId, 'filter.subjectGlobalId').id)}`);
    if (filter?.countryCodes?.length)
      where.push(`e.country_codes && ${params.add(filter.countryCodes.map((c) => c.toUpperCase()))}::varchar[]`);
    if (filter?.actors?.length) where.push(`e.actor_sub = ANY(${params.add(filter.actors)})`);
    if (filter?.actions?.length) where.push(`e.action = ANY(${params.add(filter.actions)})`);
    if (filter?.occurredAtFrom) where.push(`e.occurred_at >= ${params.add(filter.occurredAtFrom)}`);
    if (filter?.occurredAtTo) where.push(`e.occurred_at <= ${params.add(filter.occurredAtTo)}`);
    return where;
  };
}

/** The bulky JSON members of an event, which most pages of the trail do not ask for. */
export interface EventPayload {
  changes: unknown;
  state: unknown;
}

/** Reading the audit trail: only auditors and admins may. */
export class AuditTrailService {
  constructor(private readonly db: DataSource) {}

  /** An event's changes and state, loaded for all events of a request in one statement, and only if asked for. */
  payloadOf(loaders: LoaderRegistry, sequence: number): Promise<EventPayload> {
    return loaders
      .get(auditPayloadBySequence, undefined, async (sequences) => {
        const rows: (EventPayload & { sequence: number })[] = await this.db.query(
          `SELECT ${eventSelectList('e', ['sequence', 'changes', 'state'])} FROM audit_events e WHERE e.sequence = ANY($1::bigint[])`,
          [sequences],
        );
        const bySequence = new Map(rows.map((row) => [row.sequence, row]));
        // Events are never deleted, so every sequence a page returned is still there.
        return sequences.map((sequence) => bySequence.get(sequence) as EventPayload);
      })
      .load(sequence);
  }

  /** Events by their UUID, for node(id): one statement for all the events and status changes of a request. */
  private eventById(loaders: LoaderRegistry, id: string): Promise<AuditEventRecord | undefined> {
    return loaders
      .get(auditEventById, undefined, async (ids) => {
        const rows: AuditEventRecord[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM audit_events e WHERE e.id = ANY($1::uuid[])`, [
          ids,
        ]);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((key) => byId.get(key));
      })
      .load(id);
  }

  /** One event by its UUID (AUDITOR, ADMIN). */
  event(caller: Caller, loaders: LoaderRegistry, id: string): Promise<AuditEventRecord | undefined> {
    authorize(caller, Action.READ_AUDIT_TRAIL);
    return this.eventById(loaders, id);
  }

  /** One status history entry of the given type by the UUID of its event; status histories are public. */
  async statusChange(loaders: LoaderRegistry, typeName: string, id: string): Promise<StatusChangeRecord | undefined> {
    const event = await this.eventById(loaders, id);
    const change = event && statusChangeOfEvent(event);
    return change && change[NODE_TYPE] === typeName ? change : undefined;
  }

  /** The trail as a list query (alias `e`): the one the trail pages, and the planner compiles. */
  query(filter: AuditTrailFilter | null | undefined): ListQuery {
    const params = new SqlParams();
    const where = trailConditions(filter)(params);
    return { columns: EVENT_COLUMNS, from: 'audit_events e', where, params, ordering: BY_SEQUENCE };
  }

  /** The trail in sequence order; keyset cursors make page N cost what page 1 costs. */
  trail(caller: Caller, filter: AuditTrailFilter | null | undefined, args: ConnectionArgs): Promise<Connection<AuditEventRecord>> {
    authorize(caller, Action.READ_AUDIT_TRAIL);
    return loadPage<AuditEventRecord>(this.db, this.query(filter), args);
  }

  /** Every event about one record, batched across the records of a request. */
  trailOf(caller: Caller, loaders: LoaderRegistry, subjectId: string, args: ConnectionArgs): Promise<Connection<AuditEventRecord>> {
    authorize(caller, Action.READ_AUDIT_TRAIL);
    return loadPageByParent<AuditEventRecord>(
      this.db,
      loaders,
      { loader: auditTrailBySubjectId, query: this.query(null), parentExpression: 'e.subject_id' },
      subjectId,
      args,
    );
  }
}
