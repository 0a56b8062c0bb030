import { SubjectType } from '../audit/audit-event.entity';
import { StatusChangeTypes } from '../audit/status-change.type';
import { MembershipStatus } from './alliance-membership.entity';

export const {
  type: MembershipStatusChange,
  resolver: MembershipStatusChangeResolver,
  connection: MembershipStatusChangeConnection,
} = StatusChangeTypes(SubjectType.MEMBERSHIP, 'Membership', MembershipStatus);
