import { defineLoader } from '../../shared/loader-registry';
import { RESULTS } from '../funding/project-funding.state';
import { type ResultJson, resultOf } from './result.json';
import type { Result } from './result.types';

/** The results of each project, with indicators and periods, in order: one statement for all the request's projects. */
export const resultsByProjectId = defineLoader<string, Result[]>('resultsByProjectId', (db) => async (ids) => {
  const rows: { id: string; results: ResultJson[] }[] = await db.query(
    `SELECT p.id, ${RESULTS} AS results FROM projects p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  const byProject = new Map(rows.map((row) => [row.id, row.results.map(resultOf)]));
  return ids.map((id) => byProject.get(id) ?? []);
});
