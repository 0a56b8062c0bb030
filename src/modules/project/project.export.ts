import { orderClause } from '../../shared/pagination';
import { dateSql, globalIdSql, instantSql, type RecordExport } from '../../shared/record-export';
import { COMMITMENT_SUBJECT } from '../commitment/commitment.subject';
import { acceptedParticipant, projectConditions, projectOrdering } from './project.sql';
import { PROJECT_SUBJECT } from './project.subject';
import { ProjectFilter } from './project.types';

// Invited participants count nowhere: only those that have accepted are named.
const acceptedParticipants = `FROM project_participants x JOIN countries k ON k.id = x.country_id WHERE x.project_id = p.id AND ${acceptedParticipant('x')}`;

/** GET /export/projects.csv and .jsonl: the projects list with its filter, one row per project. */
export const PROJECT_EXPORT: RecordExport<ProjectFilter> = {
  name: 'projects',
  filter: ProjectFilter,
  columns: [
    { name: 'id', sql: globalIdSql(PROJECT_SUBJECT.typeName, 'p.id') },
    { name: 'name', sql: 'p.name' },
    { name: 'description', sql: 'p.description' },
    { name: 'kind', sql: 'p.kind' },
    { name: 'status', sql: 'p.status' },
    { name: 'reportingCountry', sql: `(SELECT k.code ${acceptedParticipants} AND x.reporting LIMIT 1)` },
    { name: 'participantCountries', list: true, sql: `ARRAY(SELECT k.code ${acceptedParticipants} ORDER BY NOT x.reporting, k.code)` },
    {
      name: 'commitmentIds',
      list: true,
      sql: `ARRAY(SELECT ${globalIdSql(COMMITMENT_SUBJECT.typeName, 'x.commitment_id')} FROM project_commitments x WHERE x.project_id = p.id ORDER BY x.commitment_id)`,
    },
    {
      name: 'mineralCodes',
      list: true,
      sql: 'ARRAY(SELECT m.code FROM project_minerals x JOIN minerals m ON m.id = x.mineral_id WHERE x.project_id = p.id ORDER BY m.code)',
    },
    // Exact decimals as text, never floats; never summed across currencies.
    { name: 'budgetAmount', sql: 'p.budget_amount::text' },
    { name: 'budgetCurrency', sql: 'p.budget_currency' },
    { name: 'startsOn', sql: dateSql('p.starts_on') },
    { name: 'endsOn', sql: dateSql('p.ends_on') },
    { name: 'location', sql: 'p.location' },
    { name: 'version', sql: 'p.version' },
    { name: 'createdAt', sql: instantSql('p.created_at') },
    { name: 'updatedAt', sql: instantSql('p.updated_at') },
  ],
  rows(filter, params) {
    const { where, byRank } = projectConditions(filter, params);
    return { from: 'projects p', where, orderBy: orderClause(projectOrdering(null, byRank), false) };
  },
};
