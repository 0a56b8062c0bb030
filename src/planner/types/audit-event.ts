import { EVENT_COLUMN_OF } from '../../modules/audit/audit-event.sql';
import { registeredSubjects } from '../../modules/audit/subject-registry';
import { globalIdSql } from '../json-sql';
import { defineObject } from '../object-json';
import { actorSql, statusChangeOfEventSql } from './status-change';

// The plain fields of AuditEvent are its columns (the changes and state payloads are left to the resolvers).
const { changes: _changes, state: _state, ...EVENT_COLUMNS } = EVENT_COLUMN_OF;

defineObject('AuditEvent', {
  columns: EVENT_COLUMNS,
  fields: {
    id: (_field, _ctx, row) => globalIdSql('AuditEvent', `${row}.id`),
    uuid: (_field, _ctx, row) => `${row}.id::text`,
    actor: actorSql,
    statusChange: statusChangeOfEventSql,
    subjectGlobalId: (_field, _ctx, row) =>
      `CASE ${row}.subject_type ${registeredSubjects()
        .map(({ subjectType, typeName }) => `WHEN '${subjectType}' THEN ${globalIdSql(typeName, `${row}.subject_id`)}`)
        .join(' ')} END`,
  },
});
