import type { GraphQLObjectType } from 'graphql';
import { EVENT_COLUMN_OF } from '../../modules/audit/audit-event.sql';
import { statusHistoryQuery } from '../../modules/audit/audit.service';
import { statusChangeTypes } from '../../modules/audit/status-change.types';
import { Action, isAllowed } from '../../modules/auth/policy';
import { Role } from '../../modules/auth/caller';
import { connectionJson } from '../connection';
import { globalIdSql, scalarSql } from '../json-sql';
import { defineObject, objectJson, type FieldCompiler } from '../object-json';
import { NotCompiled, type PlanContext } from '../plan-context';
import type { SelectedField } from '../selection';
import { valueObject } from './fields';

/** Who made a change; `sub` only for callers the policy lets see it (ActorResolver), decided per row for a PARTNER. */
export const actorSql: FieldCompiler = (field, ctx, row) => {
  const { caller } = ctx;
  const sub =
    caller.role === Role.PARTNER
      ? `CASE WHEN ${row}.actor_country = ${ctx.params.add(caller.country)} THEN ${row}.actor_sub END`
      : isAllowed(caller, Action.READ_ACTOR_IDENTITY, { countryCodes: [] })
        ? `${row}.actor_sub`
        : 'NULL::text';
  return valueObject(ctx, field, { sub, role: (selected) => scalarSql(selected.definition.type, `${row}.actor_role`) });
};

// A status history entry is its event's row: the same columns, `recordedAt` being when the event occurred.
const STATUS_CHANGE_COLUMNS = {
  sequence: EVENT_COLUMN_OF.sequence,
  version: EVENT_COLUMN_OF.version,
  note: EVENT_COLUMN_OF.note,
  evidenceUrl: EVENT_COLUMN_OF.evidenceUrl,
  effectiveOn: EVENT_COLUMN_OF.effectiveOn,
  fromStatus: EVENT_COLUMN_OF.fromStatus,
  toStatus: EVENT_COLUMN_OF.toStatus,
  recordedAt: EVENT_COLUMN_OF.occurredAt,
};

/** Registers every status change type of the registry (call once the tracked records are registered). */
export function defineStatusChangeTypes(): void {
  for (const [typeName] of statusChangeTypes()) {
    defineObject(typeName, {
      columns: STATUS_CHANGE_COLUMNS,
      fields: { id: (_field, _ctx, row) => globalIdSql(typeName, `${row}.id`), actor: actorSql },
    });
  }
}

/** A record's status history now (the planner compiles no asOf), as the resolvers page it. */
export function statusHistoryJson(ctx: PlanContext, field: SelectedField, subjectId: string): string {
  return connectionJson(ctx, field, { query: statusHistoryQuery(), row: 'e', parent: { expression: 'e.subject_id', id: subjectId } });
}

/** AuditEvent.statusChange: the typed entry the event recorded (statusChangeOfEvent), null for events that set no status. */
export const statusChangeOfEventSql: FieldCompiler = (field, ctx, row) => {
  const branches = statusChangeTypes().map(([typeName, subjectType]) => {
    const type = ctx.schema.getType(typeName) as GraphQLObjectType | undefined;
    if (!type) throw new NotCompiled(typeName);
    return `WHEN ${row}.subject_type = '${subjectType}' THEN ${objectJson(ctx, type, field.node.selectionSet, row)}`;
  });
  return `CASE WHEN ${row}.to_status IS NULL THEN NULL ${branches.join(' ')} END`;
};
