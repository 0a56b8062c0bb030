import { linkLoaders } from '../linked-record/linked-record.loaders';
import { defineLoader } from '../../shared/loader-registry';
import { nestedListKey, rowsByIds } from '../../shared/list-query';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';

export const commitmentById = defineLoader<string, Commitment | undefined>(
  'commitmentById',
  (db) => (ids) => rowsByIds<Commitment>(db, Commitment, ids),
);

const links = linkLoaders<CommitmentParty>({
  countryLink: CommitmentParty,
  countryTable: 'commitment_parties',
  mineralTable: 'commitment_minerals',
  ownerColumn: 'commitment_id',
  ownerKey: 'commitmentId',
  names: { linkByKey: 'partyByKey', linksByOwnerId: 'partiesByCommitmentId', mineralsByOwnerId: 'mineralsByCommitmentId' },
});

/** One party by "commitmentId:countryId", with its country. */
export const partyByKey = links.linkByKey;
/** The parties of each commitment now, by role then country code. */
export const partiesByCommitmentId = links.linksByOwnerId;
export const mineralsByCommitmentId = links.mineralsByOwnerId;

export const commitmentsByCountryId = nestedListKey<Commitment>('commitmentsByCountryId');
export const commitmentsByMeetingId = nestedListKey<Commitment>('commitmentsByMeetingId');
export const commitmentsByProjectId = nestedListKey<Commitment>('commitmentsByProjectId');
export const commitmentInvitationsByCountryId = nestedListKey<Commitment>('commitmentInvitationsByCountryId');
