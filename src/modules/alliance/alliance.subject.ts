import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Alliance } from './alliance.entity';

/** Alliances as the audit trail tracks them: the row alone (no status). */
export const ALLIANCE_SUBJECT = {
  subjectType: SubjectType.ALLIANCE,
  typeName: 'Alliance',
  table: 'alliances',
  alias: 'a',
  entity: Alliance,
  linkTables: [],
  stateSql: `SELECT to_jsonb(a) FROM alliances a WHERE a.id = $1`,
} as const satisfies SubjectDescriptor;
