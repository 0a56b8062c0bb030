import { registerEnumType } from 'type-graphql';
import { describeStatusValues, describeTransitions, Workflow } from '../../shared/workflow';

export enum CommitmentStatus {
  PROPOSED = 'PROPOSED',
  ANNOUNCED = 'ANNOUNCED',
  IN_PROGRESS = 'IN_PROGRESS',
  DELIVERED = 'DELIVERED',
  DELAYED = 'DELAYED',
  WITHDRAWN = 'WITHDRAWN',
}

/** The commitment workflow as data: every allowed move, and nothing else. */
export const COMMITMENT_TRANSITIONS: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  PROPOSED: [CommitmentStatus.ANNOUNCED, CommitmentStatus.WITHDRAWN],
  ANNOUNCED: [CommitmentStatus.IN_PROGRESS, CommitmentStatus.DELAYED, CommitmentStatus.DELIVERED, CommitmentStatus.WITHDRAWN],
  IN_PROGRESS: [CommitmentStatus.DELIVERED, CommitmentStatus.DELAYED, CommitmentStatus.WITHDRAWN],
  DELAYED: [CommitmentStatus.IN_PROGRESS, CommitmentStatus.DELIVERED, CommitmentStatus.WITHDRAWN],
  DELIVERED: [],
  WITHDRAWN: [],
};

export const COMMITMENT_WORKFLOW: Workflow<CommitmentStatus> = {
  subject: 'commitment',
  transitions: COMMITMENT_TRANSITIONS,
  needsNote: [CommitmentStatus.WITHDRAWN, CommitmentStatus.DELAYED],
  needsEvidence: [CommitmentStatus.DELIVERED],
};

registerEnumType(CommitmentStatus, {
  name: 'CommitmentStatus',
  description: `Where a commitment stands. Allowed moves: ${describeTransitions(COMMITMENT_TRANSITIONS)}.`,
  valuesConfig: describeStatusValues(COMMITMENT_WORKFLOW, {
    PROPOSED: 'Put forward, but not yet formally announced by its parties.',
    ANNOUNCED: 'Made public by its parties; not yet reported as under way.',
    IN_PROGRESS: 'Being carried out.',
    DELIVERED: 'Fulfilled; never overdue.',
    DELAYED: 'Behind schedule (the note says why).',
    WITHDRAWN: 'Abandoned by its parties (the note says why); never overdue.',
  }),
});

/** New commitments enter the workflow at its start; later moves go through changeCommitmentStatus. */
export const INITIAL_COMMITMENT_STATUSES = [CommitmentStatus.PROPOSED, CommitmentStatus.ANNOUNCED] as const;

/** Statuses in which a commitment is settled: once in one, it is never overdue. */
export const SETTLED_COMMITMENT_STATUSES = [CommitmentStatus.DELIVERED, CommitmentStatus.WITHDRAWN] as const;
