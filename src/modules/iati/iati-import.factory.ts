import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ChainWriter } from '../audit/chain-writer';
import { BudgetService } from '../budget/budget.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { notifyStatusChanges } from '../live/status-feed';
import { OrganisationMutationService } from '../organisation/organisation-mutation.service';
import { ResultService } from '../result/result.service';
import { TransactionMutationService } from '../transaction/transaction-mutation.service';
import { registerTrackedRecords } from '../../tracked-records';
import { IatiImportService } from './iati-import.service';

/** An import service with the services it writes through, for the CLI and tests (the server shares its own: src/services.ts). */
export function createIatiImportService(db: DataSource): IatiImportService {
  registerTrackedRecords();
  const audit = new AuditService(db, notifyStatusChanges);
  const idempotency = new IdempotencyService(new ChainWriter(db, 1));
  return new IatiImportService(db, {
    audit,
    budgets: new BudgetService(db, audit, idempotency),
    results: new ResultService(db, audit, idempotency),
    transactionMutations: new TransactionMutationService(audit, idempotency),
    organisationMutations: new OrganisationMutationService(audit, idempotency),
  });
}
