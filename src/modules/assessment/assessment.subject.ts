import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Assessment } from './assessment.entity';

/** Assessments as the audit trail tracks them: the row, the obligation's country (its scope) and the evidence attached. */
export const ASSESSMENT_SUBJECT = {
  subjectType: SubjectType.ASSESSMENT,
  typeName: 'Assessment',
  table: 'assessments',
  alias: 'a',
  entity: Assessment,
  linkTables: [],
  countryLinks: 'countries',
  stateSql: `SELECT to_jsonb(a) || jsonb_build_object(
      'countries', jsonb_build_array(jsonb_build_object('country_id', k.id, 'code', k.code, 'role', 'PARTY')),
      'commitment_id', o.commitment_id,
      'evidence', coalesce((SELECT jsonb_agg(ea.evidence_id ORDER BY ea.evidence_id) FROM evidence_attachments ea
        WHERE ea.subject_type = 'ASSESSMENT' AND ea.subject_id = a.id), '[]'))
    FROM assessments a JOIN obligations o ON o.id = a.obligation_id JOIN countries k ON k.id = o.country_id WHERE a.id = $1`,
} as const satisfies SubjectDescriptor;
