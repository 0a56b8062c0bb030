import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { assertNotInFuture } from '../../shared/mutation-rules';
import { assertVersion, updateVersioned, Versioned } from '../../shared/versioned-row';
import { assertTransition, Workflow } from '../../shared/workflow';
import type { Caller } from '../auth/caller';
import { AuditAction } from './audit-event.entity';
import type { AuditService } from './audit.service';
import type { StatusChangeRecord } from './status-change.types';

export interface StatusChangeCommand<S extends string> {
  status: S;
  expectedVersion: number;
  note?: string | null;
  evidenceUrl?: string | null;
  effectiveOn?: string | null;
}

/**
 * The one way a status moves: at the version the caller read, along the
 * workflow, with the row update and its history entry in the same transaction.
 */
export async function applyStatusChange<S extends string, T extends Versioned & { status: S }>(
  manager: EntityManager,
  audit: AuditService,
  subject: { entity: EntityTarget<ObjectLiteral>; typeName: string; subjectType: string; workflow: Workflow<S> },
  current: T,
  countryCodes: string[],
  caller: Caller,
  command: StatusChangeCommand<S>,
): Promise<{ row: T; statusChange: StatusChangeRecord }> {
  assertVersion(subject.typeName, current, command.expectedVersion);
  assertTransition(subject.workflow, current.status, command);
  assertNotInFuture(command.effectiveOn, 'input.effectiveOn');
  const row = await updateVersioned<T>(manager, subject.entity, subject.typeName, current, { status: command.status });
  const statusChange = await audit.record(manager, {
    subjectType: subject.subjectType,
    subjectId: row.id,
    action: AuditAction.STATUS_CHANGED,
    actor: caller,
    countryCodes,
    version: row.version,
    fromStatus: current.status,
    toStatus: command.status,
    note: command.note ?? null,
    evidenceUrl: command.evidenceUrl ?? null,
    effectiveOn: command.effectiveOn ?? null,
  });
  return { row, statusChange };
}
