import type { DataSource } from 'typeorm';
import { entityColumns, loadPageByParent, type ListQuery } from '../../shared/list-query';
import type { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Obligation } from './obligation.entity';
import { correctionByChangeId, obligationById, obligationsByCommitmentId } from './obligation.loaders';
import { isRebuilt, obligationOverdue, obligationsAt, todayAt, type ReadTime } from './obligation.sql';
import type { ObligationRow } from './obligation.types';

const BY_PARTY: Ordering = { key: 'party', expression: 'k.code', sqlType: 'text', direction: 'ASC', idColumn: 'o.id' };

/** Reads of obligations: per commitment (now, as recorded at asOf, or as valid on validOn), by id, and their corrections. */
export class ObligationService {
  constructor(private readonly db: DataSource) {}

  /** The obligations of a commitment by party country code, batched over every commitment of the request. */
  pageByCommitment(
    loaders: LoaderRegistry,
    commitmentId: string,
    time: ReadTime,
    args: ConnectionArgs,
  ): Promise<Connection<ObligationRow>> {
    const params = new SqlParams();
    const from = `(${obligationsAt(time, params)}) o JOIN countries k ON k.id = o.country_id JOIN commitments c ON c.id = o.commitment_id`;
    const asOf = time.asOf ? `, '${time.asOf.toISOString()}'::timestamptz AS "asOf"` : '';
    const query: ListQuery = {
      columns: `${entityColumns(this.db, Obligation, 'o')}, ${obligationOverdue(todayAt(time, params))} AS overdue${asOf}`,
      from,
      where: [],
      params,
      ordering: BY_PARTY,
      costlyToRepeat: isRebuilt(time),
    };
    const filterKey = { asOf: time.asOf ?? null, validOn: time.validOn ?? null };
    return loadPageByParent<ObligationRow>(
      this.db,
      loaders,
      { loader: obligationsByCommitmentId, query, parentExpression: 'o.commitment_id', filterKey },
      commitmentId,
      args,
    );
  }

  load(loaders: LoaderRegistry, id: string): Promise<Obligation | undefined> {
    return loaders.use(obligationById, this.db).load(id);
  }

  /** The correction of a status change, if one was recorded. */
  correctionOf(loaders: LoaderRegistry, changeId: string): Promise<StatusChangeRecord | null> {
    return loaders.use(correctionByChangeId, this.db).load(changeId);
  }
}
