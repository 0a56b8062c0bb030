import { orderClause } from '../../shared/pagination';
import { dateSql, globalIdSql, instantSql, type RecordExport } from '../../shared/record-export';
import { COMMITMENT_SUBJECT } from '../commitment/commitment.subject';
import { acceptedParticipant, projectConditions, projectOrdering } from './project.sql';
import { PROJECT_SUBJECT } from './project.subject';
import { ProjectFilter } from './project.types';

// Each link table aggregated once and hash-joined: a subquery per row would cost an index lookup per row and link table.
// Invited participants count nowhere: only those that have accepted are named.
const LINKS = `LEFT JOIN (SELECT x.project_id, min(k.code) FILTER (WHERE x.reporting) AS reporting,
      array_agg(k.code ORDER BY NOT x.reporting, k.code) AS codes
    FROM project_participants x JOIN countries k ON k.id = x.country_id WHERE ${acceptedParticipant('x')} GROUP BY x.project_id) linked_participants
    ON linked_participants.project_id = p.id
  LEFT JOIN (SELECT x.project_id, array_agg(${globalIdSql(COMMITMENT_SUBJECT.typeName, 'x.commitment_id')} ORDER BY x.commitment_id) AS ids
    FROM project_commitments x GROUP BY x.project_id) linked_commitments
    ON linked_commitments.project_id = p.id
  LEFT JOIN (SELECT x.project_id, array_agg(m.code ORDER BY m.code) AS codes
    FROM project_minerals x JOIN minerals m ON m.id = x.mineral_id GROUP BY x.project_id) linked_minerals
    ON linked_minerals.project_id = p.id`;

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
    { name: 'reportingCountry', sql: 'linked_participants.reporting' },
    { name: 'participantCountries', list: true, sql: "coalesce(linked_participants.codes, '{}')" },
    { name: 'commitmentIds', list: true, sql: "coalesce(linked_commitments.ids, '{}')" },
    { name: 'mineralCodes', list: true, sql: "coalesce(linked_minerals.codes, '{}')" },
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
    return { from: `projects p ${LINKS}`, where, orderBy: orderClause(projectOrdering(null, byRank), false) };
  },
};
