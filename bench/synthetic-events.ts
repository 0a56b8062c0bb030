import { AuditAction, SubjectType } from '../src/modules/audit/audit-event.entity';
import { eventHash, GENESIS_HASH, HashedEvent } from '../src/modules/audit/audit-hash';
import { Role } from '../src/modules/auth/caller';
import { COMMITMENT_WORKFLOW } from '../src/modules/commitment/commitment.status';
import { PROJECT_WORKFLOW } from '../src/modules/project/project.status';
import type { Workflow } from '../src/shared/workflow';
import { mulberry32, Rng, shuffle, uuidFrom, zipfSampler } from './prng';
import { isoDate, SyntheticParty, SyntheticWorld, TIMELINE_END, TIMELINE_START } from './synthetic-data';

// The API's workflows, so every history the generator writes is one the API would have accepted.
const WORKFLOWS: Workflow<string>[] = [COMMITMENT_WORKFLOW, PROJECT_WORKFLOW];
/** Statuses of both workflows in one numbering; -1 means "no status" (an UPDATED event, or a meeting). */
const STATUSES = WORKFLOWS.flatMap((workflow) => Object.keys(workflow.transitions));
const S = Object.fromEntries(STATUSES.map((name, i) => [name, i])) as Record<string, number>;
const MOVES: Record<number, number[]> = Object.fromEntries(
  WORKFLOWS.flatMap((workflow) => Object.entries(workflow.transitions).map(([from, targets]) => [S[from], targets.map((to) => S[to])])),
);
const FINAL = new Set(STATUSES.filter((status) => MOVES[S[status]].length === 0).map((status) => S[status]));
const NEEDS_NOTE = new Set(WORKFLOWS.flatMap((workflow) => workflow.needsNote.map((status) => S[status])));
const NONE = -1;

export function statusName(code: number): string | null {
  return code === NONE ? null : STATUSES[code];
}

/**
 * Who had which event when: subject i is commitment i, then projects, then meetings.
 * Worked out once without building any JSON, so the rows can be written with their
 * final status and version before the (expensive) hashed events are streamed.
 */
export interface EventPlan {
  total: number;
  subjectOf: Int32Array;
  toStatusOf: Int8Array;
  finalStatus: Int8Array;
  finalVersion: Int32Array;
  firstSequence: Int32Array;
  lastSequence: Int32Array;
  occurredAt(sequence: number): string;
}

function eventCounts(rng: Rng, world: SyntheticWorld): Int32Array {
  const { commitments, projects, meetings, events } = world.counts;
  const subjects = commitments + projects + meetings;
  const perSubject = new Int32Array(subjects).fill(1);
  const extra = events - subjects;
  // Most history is about commitments; within a group a few subjects have long histories.
  const groups: [number, number, number][] = [
    [0, commitments, 0.85],
    [commitments, projects, 0.13],
    [commitments + projects, meetings, 0.02],
  ];
  let assigned = 0;
  groups.forEach(([offset, n, share], g) => {
    const budget = g === groups.length - 1 ? extra - assigned : Math.round(extra * share);
    assigned += budget;
    const rankToSubject = shuffle(
      rng,
      Array.from({ length: n }, (_, i) => offset + i),
    );
    const draw = zipfSampler(n, 0.7);
    for (let i = 0; i < budget; i += 1) perSubject[rankToSubject[draw(rng)]] += 1;
  });
  return perSubject;
}

function nextStatus(rng: Rng, current: number, isLast: boolean, target: number): number {
  const moves = MOVES[current] ?? [];
  if (isLast && moves.includes(target)) return target;
  const open = moves.filter((move) => !FINAL.has(move));
  return open.length > 0 && rng() < 0.45 ? open[Math.floor(rng() * open.length)] : NONE;
}

export function planEvents(world: SyntheticWorld, seed = 0x65766e74): EventPlan {
  const rng = mulberry32(seed);
  const { commitments, projects } = world.counts;
  const perSubject = eventCounts(rng, world);
  const total = perSubject.reduce((sum, n) => sum + n, 0);
  const subjectOf = new Int32Array(total);
  let at = 0;
  perSubject.forEach((n, subject) => subjectOf.fill(subject, at, (at += n)));
  shuffle(rng, subjectOf as unknown as number[]);
  const subjects = perSubject.length;
  const toStatusOf = new Int8Array(total);
  const finalStatus = new Int8Array(subjects).fill(NONE);
  const finalVersion = new Int32Array(subjects);
  const firstSequence = new Int32Array(subjects);
  const lastSequence = new Int32Array(subjects);
  const remaining = Int32Array.from(perSubject);
  const target = new Int8Array(subjects);
  for (let i = 0; i < total; i += 1) {
    const subject = subjectOf[i];
    remaining[subject] -= 1;
    let to = NONE;
    if (finalVersion[subject] === 0) {
      firstSequence[subject] = i + 1;
      if (subject < commitments) {
        to = rng() < 0.3 ? S.PROPOSED : S.ANNOUNCED;
        target[subject] = rng() < 0.15 ? S.DELIVERED : rng() < 0.07 ? S.WITHDRAWN : NONE;
      } else if (subject < commitments + projects) {
        to = S.PIPELINE;
        target[subject] = rng() < 0.1 ? S.CLOSED : rng() < 0.08 ? S.CANCELLED : NONE;
      }
    } else if (subject < commitments + projects) {
      to = nextStatus(rng, finalStatus[subject], remaining[subject] === 0, target[subject]);
    }
    toStatusOf[i] = to;
    if (to !== NONE) finalStatus[subject] = to;
    finalVersion[subject] += 1;
    lastSequence[subject] = i + 1;
  }
  const step = (TIMELINE_END - TIMELINE_START) / total;
  return {
    total,
    subjectOf,
    toStatusOf,
    finalStatus,
    finalVersion,
    firstSequence,
    lastSequence,
    occurredAt: (sequence) => new Date(TIMELINE_START + Math.floor((sequence - 1) * step)).toISOString(),
  };
}

export interface ChainedSyntheticEvent extends HashedEvent {
  prevHash: string;
  hash: string;
}

/** The timestamp as to_jsonb writes a timestamptz in a UTC session. */
function jsonTimestamp(iso: string): string {
  return iso.replace('Z', '+00:00');
}

function codes(world: SyntheticWorld, parties: SyntheticParty[]): string[] {
  return [...new Set(parties.map((p) => world.countries[p.countryIndex].code))].sort();
}

function partyState(world: SyntheticWorld, parties: SyntheticParty[]) {
  return parties
    .map((p) => ({ code: world.countries[p.countryIndex].code, country_id: world.countries[p.countryIndex].id, role: p.role }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** A subject's whole state after an event, shaped as SUBJECT_STATE_SQL gives it. */
export function subjectState(
  world: SyntheticWorld,
  plan: EventPlan,
  subject: number,
  status: number,
  version: number,
  updatedAt: string,
): Record<string, unknown> {
  const { commitments, projects } = world.counts;
  const createdAt = jsonTimestamp(plan.occurredAt(plan.firstSequence[subject]));
  const base = {
    created_at: createdAt,
    updated_at: jsonTimestamp(updatedAt),
    version,
    description: version > 1 ? `Revision ${version}` : '',
  };
  if (subject < commitments) {
    const c = world.commitments[subject];
    return {
      ...base,
      id: c.id,
      title: c.title,
      kind: c.kind,
      instrument: c.instrument,
      status: statusName(status),
      value_chain_stages: c.stages,
      meeting_id: c.meetingIndex === null ? null : world.meetings[c.meetingIndex].id,
      amount: c.amount,
      currency: c.currency,
      announced_on: c.announcedOn,
      target_on: c.targetOn,
      parties: partyState(world, c.parties),
      mineral_ids: c.mineralIndexes.map((m) => world.minerals[m].id).sort(),
    };
  }
  if (subject < commitments + projects) {
    const p = world.projects[subject - commitments];
    return {
      ...base,
      id: p.id,
      name: p.name,
      kind: p.kind,
      status: statusName(status),
      budget_amount: p.budgetAmount,
      budget_currency: p.budgetCurrency,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
      location: p.location,
      participants: partyState(world, p.participants),
      mineral_ids: p.mineralIndexes.map((m) => world.minerals[m].id).sort(),
      commitment_ids: p.commitmentIndexes.map((c) => world.commitments[c].id).sort(),
    };
  }
  const m = world.meetings[subject - commitments - projects];
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    starts_on: m.startsOn,
    ends_on: m.endsOn,
    city: m.city,
    host_country_id: world.countries[m.hostIndex].id,
    summary: base.description,
    version,
    created_at: createdAt,
    updated_at: base.updated_at,
    participants: m.participants
      .map((p) => ({ country_id: world.countries[p.countryIndex].id, role: p.role, delegate_name: null, delegate_title: null }))
      .sort((a, b) => (a.country_id < b.country_id ? -1 : 1)),
  };
}

/** The audit trail in sequence order, each event hashed onto the one before (eventHash, as the API does). */
export function* chainedEvents(world: SyntheticWorld, plan: EventPlan, seed = 0x63686e): Generator<ChainedSyntheticEvent> {
  const rng = mulberry32(seed);
  const { commitments, projects } = world.counts;
  const status = new Int8Array(plan.finalStatus.length).fill(NONE);
  const version = new Int32Array(plan.finalStatus.length);
  let prevHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= plan.total; sequence += 1) {
    const subject = plan.subjectOf[sequence - 1];
    const to = plan.toStatusOf[sequence - 1];
    const from = status[subject];
    version[subject] += 1;
    if (to !== NONE) status[subject] = to;
    const created = version[subject] === 1;
    const isCommitment = subject < commitments;
    const isProject = !isCommitment && subject < commitments + projects;
    const parties = isCommitment
      ? world.commitments[subject].parties
      : isProject
        ? world.projects[subject - commitments].participants
        : world.meetings[subject - commitments - projects].participants;
    const lead = world.countries[parties[0].countryIndex].code;
    const partner = rng() < 0.8 && (isCommitment || isProject);
    const occurredAt = plan.occurredAt(sequence);
    const state = subjectState(world, plan, subject, status[subject], version[subject], occurredAt);
    const event: HashedEvent = {
      sequence,
      id: uuidFrom(rng),
      occurredAt,
      subjectType: isCommitment ? SubjectType.COMMITMENT : isProject ? SubjectType.PROJECT : SubjectType.MEETING,
      subjectId: state.id as string,
      action: created ? AuditAction.CREATED : to === NONE ? AuditAction.UPDATED : AuditAction.STATUS_CHANGED,
      actorSub: partner ? `partner@${lead.toLowerCase()}.example.gov` : 'admin@example.org',
      actorRole: partner ? Role.PARTNER : Role.ADMIN,
      actorCountry: partner ? lead : null,
      countryCodes: codes(world, parties),
      fromStatus: created ? null : statusName(to === NONE ? NONE : from),
      toStatus: statusName(to),
      version: version[subject],
      note: to !== NONE && NEEDS_NOTE.has(to) ? 'Synthetic note: timeline revised' : null,
      evidenceUrl: to === S.DELIVERED || to === S.CLOSED ? `https://example.org/evidence/${state.id}` : null,
      effectiveOn: to !== NONE && !created ? isoDate(Date.parse(occurredAt)) : null,
      changes: created
        ? { status: statusName(to) }
        : to === NONE
          ? { description: { from: '', to: `Revision ${version[subject]}` } }
          : { status: { from: statusName(from), to: statusName(to) } },
      state,
    };
    const hash = eventHash(prevHash, event);
    yield { ...event, prevHash, hash };
    prevHash = hash;
  }
}
