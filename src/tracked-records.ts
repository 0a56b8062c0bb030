import { ALLIANCE_SUBJECT } from './modules/alliance/alliance.subject';
import { MEMBERSHIP_SUBJECT } from './modules/alliance/membership.subject';
import { ASSESSMENT_SUBJECT } from './modules/assessment/assessment.subject';
import { registerSubject } from './modules/audit/subject-registry';
import { COMMITMENT_SUBJECT } from './modules/commitment/commitment.subject';
import { EVIDENCE_SUBJECT } from './modules/evidence/evidence.subject';
import { MEETING_SUBJECT } from './modules/meeting/meeting.subject';
import { OBLIGATION_SUBJECT } from './modules/obligation/obligation.subject';
import { PROJECT_SUBJECT } from './modules/project/project.subject';
import { ORGANISATION_SUBJECT } from './modules/organisation/organisation.subject';
import { TRANSACTION_SUBJECT } from './modules/transaction/transaction.subject';
import { STATEMENT_SUBJECT } from './modules/statement/statement.subject';

/**
 * Tells the audit trail about every kind of record with a history. Called by whatever
 * starts the application, a CLI or a test before it appends events; calling it again is harmless.
 */
export function registerTrackedRecords(): void {
  for (const descriptor of [
    COMMITMENT_SUBJECT,
    PROJECT_SUBJECT,
    MEMBERSHIP_SUBJECT,
    MEETING_SUBJECT,
    ALLIANCE_SUBJECT,
    EVIDENCE_SUBJECT,
    STATEMENT_SUBJECT,
    OBLIGATION_SUBJECT,
    ASSESSMENT_SUBJECT,
    TRANSACTION_SUBJECT,
    ORGANISATION_SUBJECT,
  ])
    registerSubject(descriptor);
}
