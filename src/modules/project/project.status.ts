import { registerEnumType } from 'type-graphql';
import { describeStatusValues, describeTransitions, Workflow } from '../../shared/workflow';

/** IATI activity status vocabulary. */
export enum ProjectStatus {
  PIPELINE = 'PIPELINE',
  IMPLEMENTATION = 'IMPLEMENTATION',
  FINALISATION = 'FINALISATION',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
  SUSPENDED = 'SUSPENDED',
}

export const PROJECT_TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  PIPELINE: [ProjectStatus.IMPLEMENTATION, ProjectStatus.CANCELLED],
  IMPLEMENTATION: [ProjectStatus.FINALISATION, ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED],
  SUSPENDED: [ProjectStatus.IMPLEMENTATION, ProjectStatus.CANCELLED],
  FINALISATION: [ProjectStatus.CLOSED],
  CLOSED: [],
  CANCELLED: [],
};

export const PROJECT_WORKFLOW: Workflow<ProjectStatus> = {
  subject: 'project',
  transitions: PROJECT_TRANSITIONS,
  needsNote: [ProjectStatus.CANCELLED, ProjectStatus.SUSPENDED],
  needsEvidence: [],
};

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: `IATI activity status. Allowed moves: ${describeTransitions(PROJECT_TRANSITIONS)}.`,
  valuesConfig: describeStatusValues(PROJECT_WORKFLOW, {
    PIPELINE: 'IATI 1 Pipeline/identification: being scoped or planned; not started.',
    IMPLEMENTATION: 'IATI 2 Implementation: under way.',
    FINALISATION:
      'IATI 3 Finalisation: physical activity complete or the final payment made, but still open pending financial sign-off or evaluation.',
    CLOSED: 'IATI 4 Closed: physical activity complete and the final payment made; never overdue.',
    CANCELLED: 'IATI 5 Cancelled: stopped before completion (the note says why); never overdue.',
    SUSPENDED: 'IATI 6 Suspended: on hold for now (the note says why).',
  }),
});

/** Statuses in which a project is settled: once in one, it is never overdue. */
export const SETTLED_PROJECT_STATUSES = [ProjectStatus.CLOSED, ProjectStatus.CANCELLED] as const;
