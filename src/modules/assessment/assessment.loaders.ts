import { nestedListKey, rowsByIds } from '../../shared/list-query';
import { defineLoader } from '../../shared/loader-registry';
import { Assessment } from './assessment.entity';

export const assessmentById = defineLoader<string, Assessment | undefined>(
  'assessmentById',
  (db) => (ids) => rowsByIds<Assessment>(db, Assessment, ids),
);

/** The assessments of each obligation, oldest first, corrected ones included. */
export const assessmentsByObligationId = nestedListKey<Assessment>('assessmentsByObligationId');
