import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Statement } from './statement.entity';

/** Statements as the audit trail tracks them: the row and what it concerns (statements have no status). */
export const STATEMENT_SUBJECT = {
  subjectType: SubjectType.STATEMENT,
  typeName: 'Statement',
  table: 'statements',
  alias: 's',
  entity: Statement,
  linkTables: ['statement_commitments', 'statement_alliances'],
  stateSql: `SELECT to_jsonb(s) || jsonb_build_object(
      'commitments', coalesce((SELECT jsonb_agg(sc.commitment_id ORDER BY sc.commitment_id) FROM statement_commitments sc WHERE sc.statement_id = s.id), '[]'),
      'alliances', coalesce((SELECT jsonb_agg(sa.alliance_id ORDER BY sa.alliance_id) FROM statement_alliances sa WHERE sa.statement_id = s.id), '[]'))
    FROM statements s WHERE s.id = $1`,
} as const satisfies SubjectDescriptor;
