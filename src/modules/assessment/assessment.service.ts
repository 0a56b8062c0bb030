import type { DataSource } from 'typeorm';
import { entityColumns, loadPageByParent, type ListQuery } from '../../shared/list-query';
import type { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Assessment } from './assessment.entity';
import { countedObligations, type ReadTime } from '../obligation/obligation.sql';
import { assessedScoreByCommitmentId, assessmentById, assessmentsByObligationId } from './assessment.loaders';
import { effectiveAssessments } from './assessment.sql';
import { type AssessedScore, assessedScore } from './assessment.types';

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

  /** A commitment's assessed score, averaged over its members' counted obligations; batched over every commitment of the request. */
  commitmentScore(loaders: LoaderRegistry, commitmentId: string, time: ReadTime): Promise<AssessedScore> {
    const key = { asOf: time.asOf?.toISOString() ?? null, validOn: time.validOn ?? null };
    return loaders.get(assessedScoreByCommitmentId, key, (ids) => this.commitmentScores(ids, time)).load(commitmentId);
  }

  private async commitmentScores(commitmentIds: readonly string[], time: ReadTime): Promise<AssessedScore[]> {
    const params = new SqlParams();
    const rows: { commitmentId: string; average: number | null; count: number }[] = await this.db.query(
      `SELECT ob.commitment_id AS "commitmentId", avg(ea.score)::float8 AS average, count(ea.score)::int AS count
       FROM (${countedObligations(time, params)}) ob JOIN (${effectiveAssessments(time, params)}) ea ON ea.obligation_id = ob.id
       WHERE ob.commitment_id = ANY(${params.add(commitmentIds)}::uuid[]) GROUP BY ob.commitment_id`,
      params.values,
    );
    const byId = new Map(rows.map((row) => [row.commitmentId, row]));
    return commitmentIds.map((id) => assessedScore(byId.get(id)?.average, byId.get(id)?.count));
  }
}
