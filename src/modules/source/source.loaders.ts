import { defineLoader, groupByKey, LoaderDefinition } from '../../shared/loader-registry';
import { entityJson, rowsByIds } from '../../shared/list-query';
import { Source } from './source.entity';
import type { Citation } from './source.types';

/** The link tables that cite sources, by the subject they cite for; each link holds the excerpt it relies on. */
const CITATIONS = {
  commitment: { table: 'commitment_sources', column: 'commitment_id' },
  meeting: { table: 'meeting_sources', column: 'meeting_id' },
  membership: { table: 'membership_sources', column: 'membership_id' },
  alliance: { table: 'alliance_sources', column: 'alliance_id' },
  mineral: { table: 'mineral_sources', column: 'mineral_id' },
  development: { table: 'development_sources', column: 'development_id' },
} as const;

export type CitingSubject = keyof typeof CITATIONS;

export const sourceById = defineLoader<string, Source | undefined>('sourceById', (db) => (ids) => rowsByIds<Source>(db, Source, ids));

function sourcesCitedBy(subject: CitingSubject): LoaderDefinition<string, Citation[]> {
  const { table, column } = CITATIONS[subject];
  return defineLoader<string, Citation[]>(`sourcesBy${subject}Id`, (db) => async (ids) => {
    const rows: (Citation & { subjectId: string })[] = await db.query(
      `SELECT ${entityJson(db, Source, 's')} AS source, link.excerpt, link.${column} AS "subjectId"
       FROM ${table} link JOIN sources s ON s.id = link.source_id
       WHERE link.${column} = ANY($1::uuid[]) ORDER BY s.published_on NULLS LAST, s.title`,
      [ids],
    );
    return groupByKey(rows, 'subjectId', ids);
  });
}

/** The citations of each kind of subject, by subject id. */
export const sourcesBySubjectId: Readonly<Record<CitingSubject, LoaderDefinition<string, Citation[]>>> = Object.freeze(
  Object.fromEntries(Object.keys(CITATIONS).map((subject) => [subject, sourcesCitedBy(subject as CitingSubject)])) as Record<
    CitingSubject,
    LoaderDefinition<string, Citation[]>
  >,
);
