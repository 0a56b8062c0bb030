import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Transaction } from './transaction.entity';

/**
 * Transactions as the audit trail tracks them: the row, with its value as text. A transaction has no
 * status and never changes: its one event is its CREATED event; a correction is another transaction's.
 */
export const TRANSACTION_SUBJECT = {
  subjectType: SubjectType.TRANSACTION,
  typeName: 'Transaction',
  table: 'transactions',
  alias: 't',
  entity: Transaction,
  linkTables: [],
  stateSql: `SELECT to_jsonb(t) || jsonb_build_object('value', t.value::text) FROM transactions t WHERE t.id = $1`,
} as const satisfies SubjectDescriptor;
