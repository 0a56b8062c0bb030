import { orderClause } from '../../shared/pagination';
import { dateSql, globalIdSql, instantSql, type RecordExport } from '../../shared/record-export';
import { MEETING_SUBJECT } from '../meeting/meeting.subject';
import { PartyRole } from './commitment.enums';
import { acceptedParty, commitmentConditions, commitmentOrdering, commitmentSource } from './commitment.sql';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import { CommitmentFilter } from './commitment.types';

// Each link table aggregated once and hash-joined: a subquery per row would cost an index lookup per row and link table.
// Invited parties count nowhere: only those that have accepted are named.
const LINKS = `LEFT JOIN (SELECT x.commitment_id, min(k.code) FILTER (WHERE x.role = '${PartyRole.LEAD}') AS lead,
      array_agg(k.code ORDER BY x.role <> '${PartyRole.LEAD}', k.code) AS codes
    FROM commitment_parties x JOIN countries k ON k.id = x.country_id WHERE ${acceptedParty('x')} GROUP BY x.commitment_id) linked_parties
    ON linked_parties.commitment_id = c.id
  LEFT JOIN (SELECT x.commitment_id, array_agg(m.code ORDER BY m.code) AS codes
    FROM commitment_minerals x JOIN minerals m ON m.id = x.mineral_id GROUP BY x.commitment_id) linked_minerals
    ON linked_minerals.commitment_id = c.id`;

/** GET /export/commitments.csv and .jsonl: the commitments list with its filter, one row per commitment. */
export const COMMITMENT_EXPORT: RecordExport<CommitmentFilter> = {
  name: 'commitments',
  filter: CommitmentFilter,
  columns: [
    { name: 'id', sql: globalIdSql(COMMITMENT_SUBJECT.typeName, 'c.id') },
    { name: 'title', sql: 'c.title' },
    { name: 'description', sql: 'c.description' },
    { name: 'kind', sql: 'c.kind' },
    { name: 'instrument', sql: 'c.instrument' },
    { name: 'status', sql: 'c.status' },
    { name: 'leadCountry', sql: 'linked_parties.lead' },
    { name: 'partyCountries', list: true, sql: "coalesce(linked_parties.codes, '{}')" },
    { name: 'mineralCodes', list: true, sql: "coalesce(linked_minerals.codes, '{}')" },
    { name: 'valueChainStages', list: true, sql: 'c.value_chain_stages::text[]' },
    { name: 'meetingId', sql: globalIdSql(MEETING_SUBJECT.typeName, 'c.meeting_id') },
    // Exact decimals as text, never floats; never summed across currencies.
    { name: 'amount', sql: 'c.amount::text' },
    { name: 'currency', sql: 'c.currency' },
    { name: 'announcedOn', sql: dateSql('c.announced_on') },
    { name: 'targetOn', sql: dateSql('c.target_on') },
    { name: 'version', sql: 'c.version' },
    { name: 'createdAt', sql: instantSql('c.created_at') },
    { name: 'updatedAt', sql: instantSql('c.updated_at') },
  ],
  rows(filter, params) {
    const from = `${commitmentSource(null, params)} ${LINKS}`;
    const { where, byRank } = commitmentConditions(filter, null, params);
    return { from, where, orderBy: orderClause(commitmentOrdering(null, byRank), false) };
  },
};
