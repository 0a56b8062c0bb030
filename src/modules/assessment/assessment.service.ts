import type { DataSource } from 'typeorm';
import { entityColumns, loadPageByParent, type ListQuery } from '../../shared/list-query';
import type { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Assessment } from './assessment.entity';
import { assessmentById, assessmentsByObligationId } from './assessment.loaders';

const OLDEST_FIRST: Ordering = { key: 'assessed', expression: 'a.created_at', sqlType: 'timestamptz', direction: 'ASC', idColumn: 'a.id' };

/** Reads of assessments: by id, and per obligation (as recorded by an instant, when one is given). */
export class AssessmentService {
  constructor(private readonly db: DataSource) {}

  load(loaders: LoaderRegistry, id: string): Promise<Assessment | undefined> {
    return loaders.use(assessmentById, this.db).load(id);
  }

  /** The assessments of an obligation, oldest first, batched over every obligation of the request. */
  pageByObligation(
    loaders: LoaderRegistry,
    obligationId: string,
    asOf: Date | null | undefined,
    args: ConnectionArgs,
  ): Promise<Connection<Assessment>> {
    const params = new SqlParams();
    const where: string[] = [];
    if (asOf) where.push(`a.created_at <= ${params.add(asOf)}`);
    const query: ListQuery = {
      columns: entityColumns(this.db, Assessment, 'a'),
      from: 'assessments a',
      where,
      params,
      ordering: OLDEST_FIRST,
    };
    return loadPageByParent<Assessment>(
      this.db,
      loaders,
      { loader: assessmentsByObligationId, query, parentExpression: 'a.obligation_id', filterKey: { asOf: asOf ?? null } },
      obligationId,
      args,
    );
  }
}
