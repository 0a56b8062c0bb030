import { ConnectionType } from '../../shared/pagination';
import { AllianceMembership } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';

export const AllianceConnection = ConnectionType(Alliance, 'Alliance');
export const AllianceMembershipConnection = ConnectionType(AllianceMembership, 'AllianceMembership');
