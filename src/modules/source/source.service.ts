import type { DataSource } from 'typeorm';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
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

export class SourceService {
  constructor(private readonly db: DataSource) {}

  /** The sources a subject cites, batched per subject kind. */
  citedBy(loaders: LoaderRegistry, subject: CitingSubject, subjectId: string): Promise<Source[]> {
    const { table, column } = CITATIONS[subject];
    return loaders
      .get(`sourcesBy${subject}Id`, undefined, async (ids: readonly string[]) => {
        const rows: (Source & { subjectId: string })[] = await this.db.query(
          `SELECT ${entityColumns(this.db, Source, 's')}, link.${column} AS "subjectId"
           FROM ${table} link JOIN sources s ON s.id = link.source_id
           WHERE link.${column} = ANY($1::uuid[]) ORDER BY s.published_on NULLS LAST, s.title`,
          [ids],
        );
        return groupByKey(rows, 'subjectId', ids);
      })
      .load(subjectId);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Source | undefined> {
    return loaders.get('sourceById', undefined, (ids: readonly string[]) => rowsByIds<Source>(this.db, Source, ids)).load(id);
  }
}
