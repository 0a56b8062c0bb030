import type { DataSource } from 'typeorm';
import { AllianceService } from './modules/alliance/alliance.service';
import { AuditService } from './modules/audit/audit.service';
import { CommitmentMutationService } from './modules/commitment/commitment-mutation.service';
import { CommitmentService } from './modules/commitment/commitment.service';
import { CountryService } from './modules/country/country.service';
import { IdempotencyService } from './modules/idempotency/idempotency.service';
import { MeetingService } from './modules/meeting/meeting.service';
import { MineralService } from './modules/mineral/mineral.service';
import { ProjectService } from './modules/project/project.service';
import { SourceService } from './modules/source/source.service';

/** One instance of each service per server; they hold no per-request state. */
export function createServices(db: DataSource) {
  const audit = new AuditService(db);
  const idempotency = new IdempotencyService(db);
  return {
    db,
    alliances: new AllianceService(db),
    audit,
    commitments: new CommitmentService(db),
    commitmentMutations: new CommitmentMutationService(db, audit, idempotency),
    countries: new CountryService(db),
    meetings: new MeetingService(db),
    minerals: new MineralService(db),
    projects: new ProjectService(db),
    sources: new SourceService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
