import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { PROJECT_FUNDING_STATE, PROJECT_FUNDING_TABLES } from '../funding/project-funding.state';
import { Project } from './project.entity';
import { PROJECT_WORKFLOW } from './project.status';

/** Projects as the audit trail tracks them: the row, its participants, minerals and the commitments it delivers on. */
export const PROJECT_SUBJECT = {
  subjectType: SubjectType.PROJECT,
  typeName: 'Project',
  table: 'projects',
  alias: 'p',
  entity: Project,
  workflow: PROJECT_WORKFLOW,
  statusChangeTypeName: 'ProjectStatusChange',
  linkTables: ['project_participants', 'project_minerals', 'project_commitments', ...PROJECT_FUNDING_TABLES],
  countryLinks: 'participants',
  stateSql: `SELECT (to_jsonb(p) - 'search_vector') || jsonb_build_object(
      'budget_amount', p.budget_amount::text,
      'participants', coalesce((SELECT jsonb_agg(jsonb_build_object('country_id', pp.country_id, 'code', k.code, 'role', pp.role, 'consent', pp.consent, 'reporting', pp.reporting) ORDER BY k.code)
        FROM project_participants pp JOIN countries k ON k.id = pp.country_id WHERE pp.project_id = p.id), '[]'),
      'mineral_ids', coalesce((SELECT jsonb_agg(pm.mineral_id ORDER BY pm.mineral_id) FROM project_minerals pm WHERE pm.project_id = p.id), '[]'),
      'commitment_ids', coalesce((SELECT jsonb_agg(pc.commitment_id ORDER BY pc.commitment_id) FROM project_commitments pc WHERE pc.project_id = p.id), '[]'))
      || ${PROJECT_FUNDING_STATE}
    FROM projects p WHERE p.id = $1`,
} as const satisfies SubjectDescriptor;
