import { defineLoader } from '../../shared/loader-registry';
import { nestedListKey, rowsByIds } from '../../shared/list-query';
import { AllianceMembership } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';

export const allianceById = defineLoader<string, Alliance | undefined>(
  'allianceById',
  (db) => (ids) => rowsByIds<Alliance>(db, Alliance, ids),
);

export const membershipById = defineLoader<string, AllianceMembership | undefined>(
  'membershipById',
  (db) => (ids) => rowsByIds<AllianceMembership>(db, AllianceMembership, ids),
);

export const membershipsByCountryId = nestedListKey<AllianceMembership>('membershipsByCountryId');
export const membershipsByAllianceId = nestedListKey<AllianceMembership>('membershipsByAllianceId');
