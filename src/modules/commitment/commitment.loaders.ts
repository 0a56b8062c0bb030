import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { entityColumns, entityJson, nestedListKey, rowsByIds, rowsByKeyPairs } from '../../shared/list-query';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';

export const commitmentById = defineLoader<string, Commitment | undefined>(
  'commitmentById',
  (db) => (ids) => rowsByIds<Commitment>(db, Commitment, ids),
);

/** One party by "commitmentId:countryId", with its country. */
export const partyByKey = defineLoader<string, CommitmentParty | undefined>(
  'partyByKey',
  (db) => (keys) =>
    rowsByKeyPairs<CommitmentParty>(
      db,
      `SELECT ${entityColumns(db, CommitmentParty, 'p')}, ${entityJson(db, Country, 'k')} AS country, p.commitment_id || ':' || p.country_id AS key
     FROM commitment_parties p JOIN countries k ON k.id = p.country_id
     WHERE (p.commitment_id, p.country_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      keys,
    ),
);

/** The parties of each commitment now, lead first. */
export const partiesByCommitmentId = defineLoader<string, CommitmentParty[]>('partiesByCommitmentId', (db) => async (ids) => {
  const rows: CommitmentParty[] = await db.query(
    `SELECT ${entityColumns(db, CommitmentParty, 'p')}, ${entityJson(db, Country, 'k')} AS country
     FROM commitment_parties p JOIN countries k ON k.id = p.country_id
     WHERE p.commitment_id = ANY($1::uuid[]) ORDER BY p.role, k.code`,
    [ids],
  );
  return groupByKey(rows, 'commitmentId', ids);
});

export const mineralsByCommitmentId = defineLoader<string, Mineral[]>('mineralsByCommitmentId', (db) => async (ids) => {
  const rows: (Mineral & { commitmentId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Mineral, 'm')}, cm.commitment_id AS "commitmentId"
     FROM commitment_minerals cm JOIN minerals m ON m.id = cm.mineral_id
     WHERE cm.commitment_id = ANY($1::uuid[]) ORDER BY m.code`,
    [ids],
  );
  return groupByKey(rows, 'commitmentId', ids);
});

export const commitmentsByCountryId = nestedListKey<Commitment>('commitmentsByCountryId');
export const commitmentsByMeetingId = nestedListKey<Commitment>('commitmentsByMeetingId');
export const commitmentsByProjectId = nestedListKey<Commitment>('commitmentsByProjectId');
