import { registerEnumType } from 'type-graphql';
import { describeTransitions, Workflow } from '../../shared/workflow';

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

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: `IATI activity status. Allowed moves: ${describeTransitions(PROJECT_TRANSITIONS)}.`,
});

export const PROJECT_WORKFLOW: Workflow<ProjectStatus> = {
  subject: 'project',
  transitions: PROJECT_TRANSITIONS,
  needsNote: [ProjectStatus.CANCELLED, ProjectStatus.SUSPENDED],
  needsEvidence: [],
};

/** Statuses in which a project is settled: once in one, it is never overdue. */
export const SETTLED_PROJECT_STATUSES = [ProjectStatus.CLOSED, ProjectStatus.CANCELLED] as const;
