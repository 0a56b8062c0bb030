import { SubjectType } from '../audit/audit-event.entity';
import { StatusChangeTypes } from '../audit/status-change.type';
import { ConnectionType } from '../../shared/pagination';
import { AllianceMembership, MEMBERSHIP_WORKFLOW, MembershipStatus } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';

export const AllianceConnection = ConnectionType(Alliance, 'Alliance');
export const AllianceMembershipConnection = ConnectionType(AllianceMembership, 'AllianceMembership');

export const {
  type: MembershipStatusChange,
  resolver: MembershipStatusChangeResolver,
  connection: MembershipStatusChangeConnection,
} = StatusChangeTypes(SubjectType.MEMBERSHIP, 'Membership', MembershipStatus, MEMBERSHIP_WORKFLOW);
