import { SubjectType } from '../audit/audit-event.entity';

/**
 * The tracked records evidence can be attached to, by audit subject type. Each is looked up
 * through its descriptor in the subject registry (its table, its GraphQL type, the countries
 * its state lists), so attaching evidence to another kind of record is one entry here, plus
 * its subject type in the CHECK on evidence_attachments.subject_type (in that record's migration).
 * A status change is evidenced through its obligation (or, as before, its own evidenceUrl).
 */
export const EVIDENCE_TARGETS: readonly string[] = [SubjectType.PROJECT, SubjectType.OBLIGATION, SubjectType.ASSESSMENT];
