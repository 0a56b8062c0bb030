import { orderClause } from '../../shared/pagination';
import { dateSql, globalIdSql, instantSql, type RecordExport } from '../../shared/record-export';
import { MEETING_SUBJECT } from '../meeting/meeting.subject';
import { PartyRole } from './commitment.enums';
import { acceptedParty, commitmentConditions, commitmentOrdering, commitmentSource } from './commitment.sql';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import { CommitmentFilter } from './commitment.types';

// Invited parties count nowhere: only those that have accepted are named.
const acceptedParties = `FROM commitment_parties x JOIN countries k ON k.id = x.country_id WHERE x.commitment_id = c.id AND ${acceptedParty('x')}`;

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
    { name: 'leadCountry', sql: `(SELECT k.code ${acceptedParties} AND x.role = '${PartyRole.LEAD}' LIMIT 1)` },
    { name: 'partyCountries', list: true, sql: `ARRAY(SELECT k.code ${acceptedParties} ORDER BY x.role <> '${PartyRole.LEAD}', k.code)` },
    {
      name: 'mineralCodes',
      list: true,
      sql: 'ARRAY(SELECT m.code FROM commitment_minerals x JOIN minerals m ON m.id = x.mineral_id WHERE x.commitment_id = c.id ORDER BY m.code)',
    },
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
    const from = commitmentSource(null, params);
    const { where, byRank } = commitmentConditions(filter, null, params);
    return { from, where, orderBy: orderClause(commitmentOrdering(null, byRank), false) };
  },
};
