import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Organisation } from './organisation.entity';

/** Organisations as the audit trail tracks them: the row, whether a user recorded it or the service inferred it. */
export const ORGANISATION_SUBJECT = {
  subjectType: SubjectType.ORGANISATION,
  typeName: 'Organisation',
  table: 'organisations',
  alias: 'o',
  entity: Organisation,
  linkTables: [],
  stateSql: `SELECT to_jsonb(o) || jsonb_build_object('country_code', (SELECT k.code FROM countries k WHERE k.id = o.country_id))
    FROM organisations o WHERE o.id = $1`,
} as const satisfies SubjectDescriptor;
