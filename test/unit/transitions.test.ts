import { COMMITMENT_TRANSITIONS, CommitmentStatus } from '../../src/modules/commitment/commitment.status';
import { describeTransitions } from '../../src/shared/workflow';
import { PROJECT_TRANSITIONS } from '../../src/modules/project/project.status';

describe('status transition tables', () => {
  it('make DELIVERED and WITHDRAWN final for commitments', () => {
    expect(COMMITMENT_TRANSITIONS.DELIVERED).toEqual([]);
    expect(COMMITMENT_TRANSITIONS.WITHDRAWN).toEqual([]);
  });

  it('cover every status, and only move to known statuses', () => {
    for (const [from, targets] of Object.entries(COMMITMENT_TRANSITIONS)) {
      expect(Object.values(CommitmentStatus)).toContain(from);
      for (const to of targets) expect(Object.values(CommitmentStatus)).toContain(to);
    }
    expect(Object.keys(PROJECT_TRANSITIONS).sort()).toEqual([
      'CANCELLED',
      'CLOSED',
      'FINALISATION',
      'IMPLEMENTATION',
      'PIPELINE',
      'SUSPENDED',
    ]);
  });

  it('describe themselves for the schema docs', () => {
    expect(describeTransitions({ A: ['B', 'C'], B: [] })).toBe('A → B | C; B → (final)');
  });
});
