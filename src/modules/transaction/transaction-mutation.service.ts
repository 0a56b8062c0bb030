import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../shared/list-query';
import { AppError, BadUserInputError, ErrorCode } from '../../shared/errors';
import { fromGlobalId, toGlobalId } from '../../shared/global-id';
import { assertNotInFuture } from '../../shared/mutation-rules';
import { changeOf } from '../../shared/relay-mutation';
import { insertRow } from '../../shared/versioned-row';
import { AuditAction } from '../audit/audit-event.entity';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { Action } from '../auth/policy';
import { assertDateInRange } from '../funding/funding-dates';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { organisationConsent, PartyConsent } from '../linked-record/consent';
import { lockReportedProject, type ReportedProject } from '../organisation/reported-project';
import { Transaction } from './transaction.entity';
import type {
  CorrectTransactionInput,
  CorrectTransactionPayload,
  RecordTransactionInput,
  RecordTransactionPayload,
  TransactionFieldsInput,
} from './transaction.inputs';
import { TRANSACTION_SUBJECT } from './transaction.subject';

/**
 * The organisation a transaction names as provider or receiver: one the project names and that has
 * accepted, or one the caller may name without anyone's consent (its own country's, one of no
 * country, or any for ADMIN). A transaction is never changed, so it cannot wait for an answer.
 */
async function partyOrganisation(
  manager: EntityManager,
  caller: Caller,
  projectId: string,
  globalId: string | null | undefined,
  argument: string,
) {
  if (!globalId) return null;
  const id = fromGlobalId('Organisation', globalId, argument);
  const [row] = await manager.query(
    `SELECT o.id, o.iati_identifier AS identifier, k.code AS country,
       EXISTS (SELECT 1 FROM project_organisations po WHERE po.project_id = $2 AND po.organisation_id = o.id AND po.consent = $3) AS named
     FROM organisations o LEFT JOIN countries k ON k.id = o.country_id WHERE o.id = $1`,
    [id, projectId, PartyConsent.ACCEPTED],
  );
  if (!row) throw new BadUserInputError(`${argument} names no organisation`, { argument });
  if (!row.named && organisationConsent(caller, row.country) !== PartyConsent.ACCEPTED)
    throw new BadUserInputError(
      `${row.identifier} is of another country (${row.country}): name it on the project first (setProjectOrganisations), and it may be named here once its country has accepted; or give a narrative only`,
      { argument },
    );
  return row.id as string;
}

/** The rules for recording transactions and their corrections: append-only, each one its own CREATED event. */
export class TransactionMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Records a transaction of a project (its reporting participant's PARTNER, or ADMIN). */
  record(caller: Caller, input: RecordTransactionInput): Promise<RecordTransactionPayload> {
    return this.idempotency.run(
      caller,
      Action.REPORT_PROJECT_FUNDING,
      'recordTransaction',
      input.idempotencyKey,
      input,
      async (manager) => {
        const project = await lockReportedProject(manager, caller, input.projectId);
        return { transaction: await this.insert(manager, caller, project, input) };
      },
    );
  }

  /**
   * Records a transaction that replaces a mistaken one of the same project, which then no longer counts.
   * Only a transaction not corrected yet may be corrected (CORRECTION_NOT_LATEST names the one that did).
   */
  correct(caller: Caller, input: CorrectTransactionInput): Promise<CorrectTransactionPayload> {
    return this.idempotency.run(
      caller,
      Action.REPORT_PROJECT_FUNDING,
      'correctTransaction',
      input.idempotencyKey,
      input,
      async (manager) => {
        const id = fromGlobalId('Transaction', input.transactionId, 'input.transactionId');
        const [found] = await manager.query('SELECT project_id FROM transactions WHERE id = $1', [id]);
        if (!found) throw new BadUserInputError('input.transactionId names no transaction', { argument: 'input.transactionId' });
        // Corrections lock their project, so two corrections of one transaction queue and the second sees the first.
        const project = await lockReportedProject(manager, caller, toGlobalId('Project', found.project_id), 'input.transactionId');
        const [correctedBy] = await manager.query('SELECT id FROM transactions WHERE corrects_id = $1', [id]);
        if (correctedBy)
          throw new AppError(
            ErrorCode.CORRECTION_NOT_LATEST,
            'This transaction has been corrected already: correct the transaction that corrected it',
            {
              argument: 'input.transactionId',
              correctedBy: toGlobalId('Transaction', correctedBy.id),
            },
          );
        const transaction = await this.insert(manager, caller, project, input, id);
        const [corrected] = await manager.query(
          `SELECT ${entityColumns(manager.connection, Transaction, 't')} FROM transactions t WHERE t.id = $1`,
          [id],
        );
        return { transaction, corrected };
      },
    );
  }

  /**
   * Inserts one transaction of a locked project and appends its CREATED event, inside the caller's
   * transaction. The caller must have judged the caller against the project (lockReportedProject);
   * importers and bulk loads use this, so every transaction enters the audit chain the same way.
   */
  async insert(
    manager: EntityManager,
    caller: Caller,
    project: ReportedProject,
    input: TransactionFieldsInput & { reason?: string },
    correctsId: string | null = null,
  ): Promise<Transaction> {
    assertDateInRange(input.transactionDate, 'input.transactionDate');
    assertNotInFuture(input.transactionDate, 'input.transactionDate');
    assertDateInRange(input.valueDate, 'input.valueDate');
    const projectId = project.row.id;
    const transaction = await insertRow<Transaction>(manager, Transaction, {
      project_id: projectId,
      transaction_type: input.transactionType,
      transaction_date: input.transactionDate,
      value: input.value.amount,
      currency: input.value.currency,
      value_date: input.valueDate ?? input.transactionDate,
      provider_organisation_id: await partyOrganisation(
        manager,
        caller,
        projectId,
        input.providerOrganisationId,
        'input.providerOrganisationId',
      ),
      provider_narrative: input.providerNarrative?.trim() ?? null,
      receiver_organisation_id: await partyOrganisation(
        manager,
        caller,
        projectId,
        input.receiverOrganisationId,
        'input.receiverOrganisationId',
      ),
      receiver_narrative: input.receiverNarrative?.trim() ?? null,
      description: input.description?.trim() ?? null,
      reference: input.reference?.trim() ?? null,
      corrects_id: correctsId,
    });
    const { reason, ...fields } = changeOf(input) as Record<string, unknown>;
    await this.audit.record(manager, {
      subjectType: TRANSACTION_SUBJECT.subjectType,
      subjectId: transaction.id,
      action: AuditAction.CREATED,
      actor: caller,
      countryCodes: project.participants.map((p) => p.code),
      version: 1,
      note: (reason as string | undefined) ?? null,
      changes: {
        ...fields,
        projectId: toGlobalId('Project', projectId),
        ...(correctsId ? { corrects: toGlobalId('Transaction', correctsId) } : {}),
      },
    });
    return transaction;
  }
}
