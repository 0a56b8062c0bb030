import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { EvidenceDocument } from './evidence.entity';

export const evidenceById = defineLoader<string, EvidenceDocument | undefined>(
  'evidenceById',
  (db) => (ids) => rowsByIds<EvidenceDocument>(db, EvidenceDocument, ids),
);

type Attached = EvidenceDocument & { subjectId: string };

/** The evidence attached to records of one subject type (the loader's argument), oldest attachment first. */
export const evidenceBySubjectId = defineLoader<string, EvidenceDocument[], string>(
  'evidenceBySubjectId',
  (db, subjectType) => async (ids) => {
    const rows: Attached[] = await db.query(
      `SELECT ${entityColumns(db, EvidenceDocument, 'ev')}, a.subject_id AS "subjectId"
     FROM evidence_attachments a JOIN evidence_documents ev ON ev.id = a.evidence_id
     WHERE a.subject_type = $1 AND a.subject_id = ANY($2::uuid[])
     ORDER BY a.attached_at, ev.id`,
      [subjectType, ids],
    );
    return groupByKey(rows, 'subjectId', ids);
  },
);
