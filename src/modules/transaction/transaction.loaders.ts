import { defineLoader } from '../../shared/loader-registry';
import { entityColumns, nestedListKey, rowsByIds } from '../../shared/list-query';
import { Transaction } from './transaction.entity';

export const transactionById = defineLoader<string, Transaction | undefined>(
  'transactionById',
  (db) => (ids) => rowsByIds<Transaction>(db, Transaction, ids),
);

/** The transaction that corrected each one, if any (a transaction is corrected at most once). */
export const correctionByTransactionId = defineLoader<string, Transaction | undefined>('correctionByTransactionId', (db) => async (ids) => {
  const rows: (Transaction & { corrects: string })[] = await db.query(
    `SELECT ${entityColumns(db, Transaction, 't')}, t.corrects_id AS corrects FROM transactions t WHERE t.corrects_id = ANY($1::uuid[])`,
    [ids],
  );
  const byCorrected = new Map(rows.map((row) => [row.corrects, row]));
  return ids.map((id) => byCorrected.get(id));
});

/** A project's transactions, a page per project. */
export const transactionsByProjectId = nestedListKey<Transaction>('transactionsByProjectId');
