import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { entityColumns, entityJson, nestedListKey, rowsByIds, rowsByKeyPairs } from '../../shared/list-query';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { ProjectParticipant } from './project-participant.entity';
import { Project } from './project.entity';

export const projectById = defineLoader<string, Project | undefined>('projectById', (db) => (ids) => rowsByIds<Project>(db, Project, ids));

/** One participant by "projectId:countryId", with its country. */
export const participantByKey = defineLoader<string, ProjectParticipant | undefined>(
  'participantByKey',
  (db) => (keys) =>
    rowsByKeyPairs<ProjectParticipant>(
      db,
      `SELECT ${entityColumns(db, ProjectParticipant, 'pp')}, ${entityJson(db, Country, 'k')} AS country, pp.project_id || ':' || pp.country_id AS key
     FROM project_participants pp JOIN countries k ON k.id = pp.country_id
     WHERE (pp.project_id, pp.country_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      keys,
    ),
);

/** The participants of each project now, by role. */
export const participantsByProjectId = defineLoader<string, ProjectParticipant[]>('participantsByProjectId', (db) => async (ids) => {
  const rows: ProjectParticipant[] = await db.query(
    `SELECT ${entityColumns(db, ProjectParticipant, 'pp')}, ${entityJson(db, Country, 'k')} AS country
     FROM project_participants pp JOIN countries k ON k.id = pp.country_id
     WHERE pp.project_id = ANY($1::uuid[]) ORDER BY pp.role, k.code`,
    [ids],
  );
  return groupByKey(rows, 'projectId', ids);
});

export const mineralsByProjectId = defineLoader<string, Mineral[]>('mineralsByProjectId', (db) => async (ids) => {
  const rows: (Mineral & { projectId: string })[] = await db.query(
    `SELECT ${entityColumns(db, Mineral, 'm')}, pm.project_id AS "projectId"
     FROM project_minerals pm JOIN minerals m ON m.id = pm.mineral_id
     WHERE pm.project_id = ANY($1::uuid[]) ORDER BY m.code`,
    [ids],
  );
  return groupByKey(rows, 'projectId', ids);
});

export const projectsByCountryId = nestedListKey<Project>('projectsByCountryId');
export const projectsByCommitmentId = nestedListKey<Project>('projectsByCommitmentId');
