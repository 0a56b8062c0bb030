import { nestedListKey } from '../../shared/list-query';
import { loaderKey } from '../../shared/loader-registry';
import type { AuditEventRecord } from './audit-event.types';
import type { EventPayload } from './audit-trail.service';
import type { StatusChangeRecord } from './status-change.types';

/** An event's changes and state by its sequence; the trail service batches them (only when asked for). */
export const auditPayloadBySequence = loaderKey<number, EventPayload>('auditPayloadBySequence');
/** Events by their UUID, for node(id). */
export const auditEventById = loaderKey<string, AuditEventRecord | undefined>('auditEventById');
export const auditTrailBySubjectId = nestedListKey<AuditEventRecord>('auditTrailBySubjectId');
export const statusHistoryBySubjectId = nestedListKey<StatusChangeRecord>('statusHistoryBySubjectId');
