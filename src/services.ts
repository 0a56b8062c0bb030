import type { DataSource } from 'typeorm';
import { AllianceMutationService } from './modules/alliance/alliance-mutation.service';
import { AllianceService } from './modules/alliance/alliance.service';
import { AuditSigner } from './modules/audit/audit-signer';
import { AuditTrailService } from './modules/audit/audit-trail.service';
import { AuditVerifier } from './modules/audit/audit-verifier';
import { AuditService } from './modules/audit/audit.service';
import { StatusFeed } from './modules/live/status-feed';
import { CommitmentMutationService } from './modules/commitment/commitment-mutation.service';
import { CommitmentStatsService } from './modules/commitment/commitment-stats.service';
import { CommitmentService } from './modules/commitment/commitment.service';
import { CountryService } from './modules/country/country.service';
import { IdempotencyService } from './modules/idempotency/idempotency.service';
import { MeetingMutationService } from './modules/meeting/meeting-mutation.service';
import { MeetingService } from './modules/meeting/meeting.service';
import { MineralService } from './modules/mineral/mineral.service';
import { ProjectMutationService } from './modules/project/project-mutation.service';
import { ProjectStatsService } from './modules/project/project-stats.service';
import { ProjectService } from './modules/project/project.service';
import { ScorecardService } from './modules/scorecard/scorecard.service';
import { SourceService } from './modules/source/source.service';

/** The URL the pool connects with; the status feed opens its own LISTEN connection to it. */
function databaseUrlOf(db: DataSource): string {
  return (db.options as { url?: string }).url ?? '';
}

/** One instance of each service per server; they hold no per-request state. */
export function createServices(db: DataSource, signer: AuditSigner) {
  const audit = new AuditService(db);
  const idempotency = new IdempotencyService(db);
  const commitmentMutations = new CommitmentMutationService(audit, idempotency);
  return {
    db,
    alliances: new AllianceService(db),
    allianceMutations: new AllianceMutationService(audit, idempotency),
    audit,
    statusFeed: new StatusFeed(databaseUrlOf(db)),
    auditTrail: new AuditTrailService(db),
    auditVerifier: new AuditVerifier(db, signer),
    commitments: new CommitmentService(db),
    commitmentMutations,
    commitmentStats: new CommitmentStatsService(db),
    countries: new CountryService(db),
    meetings: new MeetingService(db),
    meetingMutations: new MeetingMutationService(audit, idempotency),
    minerals: new MineralService(db),
    projects: new ProjectService(db),
    projectStats: new ProjectStatsService(db),
    projectMutations: new ProjectMutationService(audit, idempotency, commitmentMutations),
    scorecards: new ScorecardService(db),
    sources: new SourceService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
