import { AllianceMembership } from '../modules/alliance/alliance-membership.entity';
import { Alliance } from '../modules/alliance/alliance.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { CommitmentParty } from '../modules/commitment/commitment-party.entity';
import { Commitment } from '../modules/commitment/commitment.entity';
import { Country } from '../modules/country/country.entity';
import { EvidenceDocument } from '../modules/evidence/evidence.entity';
import { Development } from '../modules/development/development.entity';
import { MeetingParticipant } from '../modules/meeting/meeting-participant.entity';
import { Meeting } from '../modules/meeting/meeting.entity';
import { Obligation } from '../modules/obligation/obligation.entity';
import { Mineral } from '../modules/mineral/mineral.entity';
import { RefiningShareEstimate } from '../modules/mineral/refining-share-estimate.entity';
import { ProjectParticipant } from '../modules/project/project-participant.entity';
import { Project } from '../modules/project/project.entity';
import { Organisation } from '../modules/organisation/organisation.entity';
import { Transaction } from '../modules/transaction/transaction.entity';
import { Source } from '../modules/source/source.entity';
import { Assessment } from '../modules/assessment/assessment.entity';
import { Statement } from '../modules/statement/statement.entity';

export const ENTITIES = [
  Alliance,
  AllianceMembership,
  AuditEvent,
  Commitment,
  CommitmentParty,
  Country,
  EvidenceDocument,
  Development,
  Meeting,
  MeetingParticipant,
  Mineral,
  Obligation,
  Organisation,
  Project,
  ProjectParticipant,
  RefiningShareEstimate,
  Source,
  Statement,
  Transaction,
  Assessment,
];
