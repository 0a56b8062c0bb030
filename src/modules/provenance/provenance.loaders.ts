import { defineLoader, groupByKey, LoaderDefinition } from '../../shared/loader-registry';
import { entityJson } from '../../shared/list-query';
import { Source } from '../source/source.entity';
import type { DatePrecision } from './approximate-date';
import type { FieldProvenance } from './provenance.types';

/** The kinds of record whose field values may carry provenance (field_provenance.subject_type). */
export type ProvenanceSubject = 'COMMITMENT' | 'MEETING' | 'MEMBERSHIP' | 'STATEMENT';

/** One stored provenance entry, with the date precision it gives (if it is about a date). */
export interface ProvenanceRow extends FieldProvenance {
  subjectId: string;
  datePrecision: DatePrecision | null;
  dateApproximate: boolean;
}

function provenanceOf(subject: ProvenanceSubject): LoaderDefinition<string, ProvenanceRow[]> {
  return defineLoader<string, ProvenanceRow[]>(`provenanceBy${subject}Id`, (db) => async (ids) => {
    const rows: ProvenanceRow[] = await db.query(
      `SELECT fp.subject_id AS "subjectId", fp.field, fp.value, fp.basis, fp.excerpt, fp.note,
         fp.date_precision AS "datePrecision", fp.date_approximate AS "dateApproximate",
         CASE WHEN s.id IS NULL THEN NULL ELSE ${entityJson(db, Source, 's')} END AS source
       FROM field_provenance fp LEFT JOIN sources s ON s.id = fp.source_id
       WHERE fp.subject_type = $1 AND fp.subject_id = ANY($2::uuid[]) ORDER BY fp.position, fp.field`,
      [subject, ids],
    );
    return groupByKey(rows, 'subjectId', ids);
  });
}

export const provenanceBySubjectId: Readonly<Record<ProvenanceSubject, LoaderDefinition<string, ProvenanceRow[]>>> = Object.freeze({
  COMMITMENT: provenanceOf('COMMITMENT'),
  MEETING: provenanceOf('MEETING'),
  MEMBERSHIP: provenanceOf('MEMBERSHIP'),
  STATEMENT: provenanceOf('STATEMENT'),
});
