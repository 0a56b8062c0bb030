import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { EvidenceDocument } from './evidence.entity';

/**
 * Evidence as the audit trail tracks it: the row (never its bytes, whose sha256 the row
 * carries) and the records it is attached to. Evidence has no status: it stands or is superseded.
 */
export const EVIDENCE_SUBJECT = {
  subjectType: SubjectType.EVIDENCE,
  typeName: 'Evidence',
  table: 'evidence_documents',
  alias: 'ev',
  entity: EvidenceDocument,
  linkTables: ['evidence_attachments'],
  stateSql: `SELECT to_jsonb(ev) || jsonb_build_object(
      'attachments', coalesce((SELECT jsonb_agg(jsonb_build_object('subject_type', a.subject_type, 'subject_id', a.subject_id) ORDER BY a.subject_type, a.subject_id)
        FROM evidence_attachments a WHERE a.evidence_id = ev.id), '[]'))
    FROM evidence_documents ev WHERE ev.id = $1`,
} as const satisfies SubjectDescriptor;
