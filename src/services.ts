import type { DataSource } from 'typeorm';
import { primaryUrlOf } from './database/data-source';
import { replicaReads } from './database/replica-reads';
import { AllianceMutationService } from './modules/alliance/alliance-mutation.service';
import { AllianceService } from './modules/alliance/alliance.service';
import { AssessmentMutationService } from './modules/assessment/assessment-mutation.service';
import { AssessmentService } from './modules/assessment/assessment.service';
import { ComplianceReportService } from './modules/assessment/compliance-report.service';
import { AuditSigner } from './modules/audit/audit-signer';
import { AuditTrailService } from './modules/audit/audit-trail.service';
import { AuditVerifier } from './modules/audit/audit-verifier';
import { AuditService } from './modules/audit/audit.service';
import { ChainWriter, DEFAULT_WRITE_GROUPS_IN_FLIGHT } from './modules/audit/chain-writer';
import { notifyStatusChanges, StatusFeed } from './modules/live/status-feed';
import { CommitmentMutationService } from './modules/commitment/commitment-mutation.service';
import { CommitmentStatsService } from './modules/commitment/commitment-stats.service';
import { CommitmentService } from './modules/commitment/commitment.service';
import { CountryService } from './modules/country/country.service';
import { DeliveryMutationService } from './modules/delivery/delivery-mutation.service';
import { DeliveryService } from './modules/delivery/delivery.service';
import { EvidenceMutationService } from './modules/evidence/evidence-mutation.service';
import { EvidenceService } from './modules/evidence/evidence.service';
import { DevelopmentService } from './modules/development/development.service';
import { IatiImportService } from './modules/iati/iati-import.service';
import { IdempotencyService } from './modules/idempotency/idempotency.service';
import { MeetingMutationService } from './modules/meeting/meeting-mutation.service';
import { MeetingService } from './modules/meeting/meeting.service';
import { MineralService } from './modules/mineral/mineral.service';
import { ObligationMutationService } from './modules/obligation/obligation-mutation.service';
import { ObligationService } from './modules/obligation/obligation.service';
import { ProjectMutationService } from './modules/project/project-mutation.service';
import { ProjectStatsService } from './modules/project/project-stats.service';
import { ProjectService } from './modules/project/project.service';
import { ScorecardService } from './modules/scorecard/scorecard.service';
import { ProvenanceService } from './modules/provenance/provenance.service';
import { SourceService } from './modules/source/source.service';
import { StatementMutationService } from './modules/statement/statement-mutation.service';
import { StatementService } from './modules/statement/statement.service';
import { BudgetService } from './modules/budget/budget.service';
import { FundingService } from './modules/funding/funding.service';
import { OrganisationMutationService } from './modules/organisation/organisation-mutation.service';
import { OrganisationService } from './modules/organisation/organisation.service';
import { ResultService } from './modules/result/result.service';
import { TransactionMutationService } from './modules/transaction/transaction-mutation.service';
import { TransactionService } from './modules/transaction/transaction.service';
import { registerTrackedRecords } from './tracked-records';

/**
 * One instance of each service per server; they hold no per-request state.
 * `db` is the primary: writes, idempotency keys, the audit verifier and the
 * status feed's LISTEN use it. Read services get `reads`, which may use a replica.
 */
export function createServices(db: DataSource, signer: AuditSigner, writeGroupSize: number, writeGroupsInFlight?: number) {
  registerTrackedRecords();
  const reads = replicaReads(db);
  // Appends go through the writer's transaction (the primary); only the status history reads use `reads`.
  const audit = new AuditService(reads, notifyStatusChanges);
  // Every mutation runs as a change of the one writer's groups (see ChainWriter).
  // Each group in flight holds a connection for its whole transaction: reads keep at least one.
  const poolSize = (db.options.extra as { max?: number } | undefined)?.max ?? 10;
  const inFlight = Math.max(1, Math.min(writeGroupsInFlight ?? DEFAULT_WRITE_GROUPS_IN_FLIGHT, poolSize - 1));
  const writer = new ChainWriter(db, writeGroupSize, inFlight);
  const idempotency = new IdempotencyService(writer);
  const obligationMutations = new ObligationMutationService(audit, idempotency);
  const commitmentMutations = new CommitmentMutationService(audit, idempotency, obligationMutations);
  const services = {
    db,
    writer,
    /** The read connections (a replica when configured), for statements that only read: the compiled reads. */
    reads,
    alliances: new AllianceService(reads),
    allianceMutations: new AllianceMutationService(audit, idempotency),
    assessments: new AssessmentService(reads),
    assessmentMutations: new AssessmentMutationService(audit, idempotency),
    audit,
    budgets: new BudgetService(reads, audit, idempotency),
    funding: new FundingService(reads),
    organisations: new OrganisationService(reads),
    organisationMutations: new OrganisationMutationService(audit, idempotency),
    results: new ResultService(reads, audit, idempotency),
    transactions: new TransactionService(reads),
    transactionMutations: new TransactionMutationService(audit, idempotency),
    statusFeed: new StatusFeed(primaryUrlOf(db)),
    auditTrail: new AuditTrailService(reads),
    // Verification answers for the authoritative chain, never for a copy that may lag or differ.
    auditVerifier: new AuditVerifier(db, signer),
    // Computed in one snapshot with the audit head it names: the primary's, never a lagging copy.
    complianceReports: new ComplianceReportService(db, signer),
    commitments: new CommitmentService(reads),
    commitmentMutations,
    commitmentStats: new CommitmentStatsService(reads),
    countries: new CountryService(reads),
    deliveries: new DeliveryService(reads),
    deliveryMutations: new DeliveryMutationService(audit, idempotency),
    evidence: new EvidenceService(reads),
    evidenceMutations: new EvidenceMutationService(audit, idempotency),
    developments: new DevelopmentService(reads),
    meetings: new MeetingService(reads),
    meetingMutations: new MeetingMutationService(audit, idempotency),
    minerals: new MineralService(reads),
    obligations: new ObligationService(reads),
    obligationMutations,
    projects: new ProjectService(reads),
    provenance: new ProvenanceService(reads),
    projectStats: new ProjectStatsService(reads),
    projectMutations: new ProjectMutationService(audit, idempotency, commitmentMutations),
    scorecards: new ScorecardService(reads),
    sources: new SourceService(reads),
    statements: new StatementService(reads),
    statementMutations: new StatementMutationService(audit, idempotency),
  };
  return { ...services, iatiImport: new IatiImportService(db, services) };
}

export type Services = ReturnType<typeof createServices>;
