import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Commitment } from './commitment.entity';
import { COMMITMENT_WORKFLOW } from './commitment.status';

/** Commitments as the audit trail tracks them: the row, its parties and its minerals. */
export const COMMITMENT_SUBJECT = {
  subjectType: SubjectType.COMMITMENT,
  typeName: 'Commitment',
  table: 'commitments',
  alias: 'c',
  entity: Commitment,
  workflow: COMMITMENT_WORKFLOW,
  statusChangeTypeName: 'CommitmentStatusChange',
  linkTables: ['commitment_parties', 'commitment_minerals'],
  countryLinks: 'parties',
  stateSql: `SELECT (to_jsonb(c) - 'search_vector') || jsonb_build_object(
      'amount', c.amount::text,
      'parties', coalesce((SELECT jsonb_agg(jsonb_build_object('country_id', p.country_id, 'code', k.code, 'role', p.role, 'consent', p.consent) ORDER BY k.code)
        FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE p.commitment_id = c.id), '[]'),
      'mineral_ids', coalesce((SELECT jsonb_agg(cm.mineral_id ORDER BY cm.mineral_id) FROM commitment_minerals cm WHERE cm.commitment_id = c.id), '[]'))
    FROM commitments c WHERE c.id = $1`,
} as const satisfies SubjectDescriptor;
