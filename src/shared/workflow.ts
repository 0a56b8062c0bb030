import { AppError, BadUserInputError, ErrorCode } from './errors';

/** A status workflow as data: the allowed moves and what each target status requires. */
export interface Workflow<S extends string> {
  subject: string;
  transitions: Readonly<Record<S, readonly S[]>>;
  needsNote: readonly S[];
  needsEvidence: readonly S[];
}

export interface StatusChangeRequest<S extends string> {
  status: S;
  note?: string | null;
  evidenceUrl?: string | null;
}

/** Throws INVALID_TRANSITION (with the allowed targets) or BAD_USER_INPUT for a missing note or evidence. */
export function assertTransition<S extends string>(workflow: Workflow<S>, from: S, request: StatusChangeRequest<S>): void {
  const allowed = workflow.transitions[from];
  if (!allowed.includes(request.status)) {
    const options = allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
    throw new AppError(ErrorCode.INVALID_TRANSITION, `A ${workflow.subject} cannot move from ${from} to ${request.status} (${options})`, {
      from,
      to: request.status,
      allowedTargets: [...allowed],
    });
  }
  if (workflow.needsNote.includes(request.status) && !request.note?.trim()) {
    throw new BadUserInputError(`Moving a ${workflow.subject} to ${request.status} needs a note saying why`, { argument: 'input.note' });
  }
  if (workflow.needsEvidence.includes(request.status) && !request.evidenceUrl) {
    throw new BadUserInputError(`Moving a ${workflow.subject} to ${request.status} needs an evidenceUrl`, {
      argument: 'input.evidenceUrl',
    });
  }
}

/** A transition table as one line of text, for schema descriptions. */
export function describeTransitions(table: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(table)
    .map(([from, to]) => `${from} → ${to.length ? to.join(' | ') : '(final)'}`)
    .join('; ');
}

/**
 * Enum value descriptions for a workflow's statuses: what each means (given) and,
 * from the table, where it may move next and what a move into it requires.
 */
export function describeStatusValues<S extends string>(
  workflow: Workflow<S>,
  meanings: Readonly<Record<S, string>>,
): Record<S, { description: string }> {
  const described = {} as Record<S, { description: string }>;
  for (const status of Object.keys(workflow.transitions) as S[]) {
    const next = workflow.transitions[status];
    const requires = [workflow.needsNote.includes(status) && 'a note', workflow.needsEvidence.includes(status) && 'an evidenceUrl'].filter(
      Boolean,
    );
    described[status] = {
      description: [
        meanings[status],
        next.length ? `Next: ${next.join(', ')}.` : 'Final: no further moves.',
        requires.length ? `Moving here needs ${requires.join(' and ')}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
  }
  return described;
}
