import { StatusChangeTypes } from '../audit/status-change.types';
import { ConnectionType } from '../../shared/pagination';
import { AllianceMembership, MembershipStatus } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';
import { MEMBERSHIP_SUBJECT } from './membership.subject';

export const AllianceConnection = ConnectionType(Alliance, 'Alliance');
export const AllianceMembershipConnection = ConnectionType(AllianceMembership, 'AllianceMembership');

export const {
  type: MembershipStatusChange,
  resolver: MembershipStatusChangeResolver,
  connection: MembershipStatusChangeConnection,
} = StatusChangeTypes(MEMBERSHIP_SUBJECT, MembershipStatus);
