import { nestedListKey, rowsByIds } from '../../shared/list-query';
import { defineLoader, loaderKey } from '../../shared/loader-registry';
import { Assessment } from './assessment.entity';
import type { AssessedScore } from './assessment.types';

export const assessmentById = defineLoader<string, Assessment | undefined>(
  'assessmentById',
  (db) => (ids) => rowsByIds<Assessment>(db, Assessment, ids),
);

/** The assessments of each obligation, oldest first, corrected ones included. */
export const assessmentsByObligationId = nestedListKey<Assessment>('assessmentsByObligationId');

/** The assessed score of each commitment (over its members), one loader per read time. */
export const assessedScoreByCommitmentId = loaderKey<string, AssessedScore>('assessedScoreByCommitmentId');
