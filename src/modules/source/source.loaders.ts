import { defineLoader, groupByKey, LoaderDefinition } from '../../shared/loader-registry';
import { entityColumns, rowsByIds } from '../../shared/list-query';
import { Source } from './source.entity';

/** The link tables that cite sources, by the subject they cite for. */
const CITATIONS = {
  commitment: { table: 'commitment_sources', column: 'commitment_id' },
  meeting: { table: 'meeting_sources', column: 'meeting_id' },
  membership: { table: 'membership_sources', column: 'membership_id' },
  alliance: { table: 'alliance_sources', column: 'alliance_id' },
} as const;

export type CitingSubject = keyof typeof CITATIONS;

export const sourceById = defineLoader<string, Source | undefined>('sourceById', (db) => (ids) => rowsByIds<Source>(db, Source, ids));

function sourcesCitedBy(subject: CitingSubject): LoaderDefinition<string, Source[]> {
  const { table, column } = CITATIONS[subject];
  return defineLoader<string, Source[]>(`sourcesBy${subject}Id`, (db) => async (ids) => {
    const rows: (Source & { subjectId: string })[] = await db.query(
      `SELECT ${entityColumns(db, Source, 's')}, link.${column} AS "subjectId"
       FROM ${table} link JOIN sources s ON s.id = link.source_id
       WHERE link.${column} = ANY($1::uuid[]) ORDER BY s.published_on NULLS LAST, s.title`,
      [ids],
    );
    return groupByKey(rows, 'subjectId', ids);
  });
}

/** The sources each kind of subject cites, by subject id. */
export const sourcesBySubjectId: Readonly<Record<CitingSubject, LoaderDefinition<string, Source[]>>> = Object.freeze({
  commitment: sourcesCitedBy('commitment'),
  meeting: sourcesCitedBy('meeting'),
  membership: sourcesCitedBy('membership'),
  alliance: sourcesCitedBy('alliance'),
});
