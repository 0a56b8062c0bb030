import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { rowsByIds } from '../../shared/list-query';
import { Organisation } from './organisation.entity';
import type { ProjectOrganisation } from './project-organisation.types';

export const organisationById = defineLoader<string, Organisation | undefined>(
  'organisationById',
  (db) => (ids) => rowsByIds<Organisation>(db, Organisation, ids),
);

/** The organisations taking part in each project, in the order they were given. */
export const organisationsByProjectId = defineLoader<string, ProjectOrganisation[]>('organisationsByProjectId', (db) => async (ids) => {
  const rows: ProjectOrganisation[] = await db.query(
    `SELECT po.project_id AS "projectId", po.organisation_id AS "organisationId", po.role, po.consent
     FROM project_organisations po WHERE po.project_id = ANY($1::uuid[]) ORDER BY po.project_id, po.position`,
    [ids],
  );
  return groupByKey(rows, 'projectId', ids);
});
