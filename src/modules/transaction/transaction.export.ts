import { dateSql, globalIdSql, instantSql, type RecordExport } from '../../shared/record-export';
import { PROJECT_SUBJECT } from '../project/project.subject';
import { projectConditions } from '../project/project.sql';
import { ProjectFilter } from '../project/project.types';
import { TransactionType } from './transaction.codes';
import { TRANSACTION_SUBJECT } from './transaction.subject';

const typeNames = `CASE t.transaction_type ${Object.entries(TransactionType)
  .map(([name, code]) => `WHEN '${code}' THEN '${name}'`)
  .join(' ')} END`;

const transactionId = (column: string) => globalIdSql(TRANSACTION_SUBJECT.typeName, column);

/**
 * GET /export/transactions.csv and .jsonl: every transaction of the projects that projects(filter:)
 * returns for the same filter, by date, then as recorded. Corrected ones are kept, as the chain keeps them: each
 * names its correction in correctedBy, and a correction the transaction it replaces in corrects.
 */
export const TRANSACTION_EXPORT: RecordExport<ProjectFilter> = {
  name: 'transactions',
  filter: ProjectFilter,
  columns: [
    { name: 'id', sql: transactionId('t.id') },
    { name: 'projectId', sql: globalIdSql(PROJECT_SUBJECT.typeName, 'p.id') },
    { name: 'projectIatiIdentifier', sql: 'p.iati_identifier' },
    // As the API names it (DISBURSEMENT), and IATI's TransactionType code (3).
    { name: 'transactionType', sql: typeNames },
    { name: 'transactionTypeCode', sql: 't.transaction_type' },
    { name: 'transactionDate', sql: dateSql('t.transaction_date') },
    // Exact decimals as text, never floats; never summed across currencies.
    { name: 'value', sql: 't.value::text' },
    { name: 'currency', sql: 't.currency' },
    { name: 'valueDate', sql: dateSql('t.value_date') },
    { name: 'providerOrganisation', sql: 'provider.iati_identifier' },
    { name: 'providerName', sql: 'coalesce(provider.name, t.provider_narrative)' },
    { name: 'receiverOrganisation', sql: 'receiver.iati_identifier' },
    { name: 'receiverName', sql: 'coalesce(receiver.name, t.receiver_narrative)' },
    { name: 'description', sql: 't.description' },
    { name: 'reference', sql: 't.reference' },
    { name: 'corrects', sql: transactionId('t.corrects_id') },
    { name: 'correctedBy', sql: transactionId('correction.id') },
    { name: 'recordedAt', sql: instantSql('t.recorded_at') },
  ],
  rows(filter, params) {
    const { where } = projectConditions(filter, params);
    return {
      from: `transactions t JOIN projects p ON p.id = t.project_id
        LEFT JOIN organisations provider ON provider.id = t.provider_organisation_id
        LEFT JOIN organisations receiver ON receiver.id = t.receiver_organisation_id
        LEFT JOIN transactions correction ON correction.corrects_id = t.id`,
      where,
      // A correction recorded the same day comes after what it corrects.
      orderBy: 't.transaction_date, t.recorded_at, t.id',
    };
  },
};
