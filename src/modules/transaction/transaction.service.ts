import type { DataSource } from 'typeorm';
import { entityColumns, type ListQuery, loadPageByParent } from '../../shared/list-query';
import type { LoaderRegistry } from '../../shared/loader-registry';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Transaction } from './transaction.entity';
import { correctionByTransactionId, transactionById, transactionsByProjectId } from './transaction.loaders';

const BY_DATE: Ordering = { key: 'date', expression: 't.transaction_date', sqlType: 'date', direction: 'ASC', idColumn: 't.id' };

/** Reads of transactions: by id, per project, and what corrected one. */
export class TransactionService {
  constructor(private readonly db: DataSource) {}

  load(loaders: LoaderRegistry, id: string): Promise<Transaction | undefined> {
    return loaders.use(transactionById, this.db).load(id);
  }

  /** The transaction that corrected this one, if one was recorded by asOf (or at all). */
  async correctedBy(loaders: LoaderRegistry, id: string, asOf?: Date | null): Promise<Transaction | undefined> {
    const correction = await loaders.use(correctionByTransactionId, this.db).load(id);
    return correction && (!asOf || new Date(correction.recordedAt) <= asOf) ? correction : undefined;
  }

  /**
   * A project's transactions by date (corrected and correcting ones alike; `correctedBy` tells them
   * apart), as recorded by asOf if given; batched over the request's projects.
   */
  pageByProject(loaders: LoaderRegistry, projectId: string, args: ConnectionArgs, asOf?: Date | null): Promise<Connection<Transaction>> {
    const params = new SqlParams();
    const where: string[] = [];
    if (asOf) where.push(`t.recorded_at <= ${params.add(asOf)}`);
    const query: ListQuery = {
      columns: entityColumns(this.db, Transaction, 't'),
      from: 'transactions t',
      where,
      params,
      ordering: BY_DATE,
    };
    return loadPageByParent<Transaction>(
      this.db,
      loaders,
      { loader: transactionsByProjectId, query, parentExpression: 't.project_id', filterKey: { asOf: asOf?.toISOString() ?? null } },
      projectId,
      args,
    );
  }
}
