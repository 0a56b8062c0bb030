import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { AllianceMembership, MEMBERSHIP_WORKFLOW } from './alliance-membership.entity';

/** A country's membership of an alliance, as the audit trail tracks it: the row alone. */
export const MEMBERSHIP_SUBJECT = {
  subjectType: SubjectType.MEMBERSHIP,
  typeName: 'AllianceMembership',
  table: 'alliance_memberships',
  alias: 'm',
  entity: AllianceMembership,
  workflow: MEMBERSHIP_WORKFLOW,
  statusChangeTypeName: 'MembershipStatusChange',
  linkTables: [],
  stateSql: `SELECT to_jsonb(m) FROM alliance_memberships m WHERE m.id = $1`,
} as const satisfies SubjectDescriptor;
