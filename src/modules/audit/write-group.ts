import type { PoolClient } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { AppendNotifier, AuditEventInput } from './audit.service';
import type { StatusChangeRecord } from './status-change.types';

/** Events one call asked to append, held back: their records are filled in when they are appended. */
export interface HeldEvents {
  inputs: readonly AuditEventInput[];
  records: StatusChangeRecord[];
  notify: AppendNotifier;
}

/**
 * What the transaction of one write group (see ChainWriter) knows about the chain: whether it
 * holds the append lock yet, and the events its changes held back to append together at the end.
 */
export class WriteGroup {
  /** Whether its transaction is open (the writer opens it for the first change, and again after a first change failed). */
  open = false;
  lockHeld = false;
  /** Whether the change now running may hold its events back (it reads no history and needs no sequence before it returns). */
  holding = false;
  readonly held: HeldEvents[] = [];
  private readonly heldSubjects = new Set<string>();

  /**
   * Whether these events may wait for the group's end. Not when one of their subjects already
   * waits: its state is read when it is appended, and this change has already moved it, so the
   * change is undone and run again once the earlier events are in (see ChainWriter).
   */
  mayHold(inputs: readonly AuditEventInput[]): boolean {
    if (!this.holding) return false;
    if (inputs.some((input) => this.heldSubjects.has(input.subjectId))) throw new SubjectAlreadyHeld();
    return true;
  }

  hold(events: HeldEvents): void {
    this.held.push(events);
    for (const input of events.inputs) this.heldSubjects.add(input.subjectId);
  }

  /** Everything held, in the order held, now to be appended. */
  takeHeld(): HeldEvents[] {
    this.heldSubjects.clear();
    return this.held.splice(0);
  }

  /** A change failed and was rolled back: what it held goes with it. */
  dropHeldFrom(count: number): void {
    this.held.splice(count);
    this.heldSubjects.clear();
    for (const events of this.held) for (const input of events.inputs) this.heldSubjects.add(input.subjectId);
  }

  /** The connection itself, for messages of several statements: each is one round trip. */
  constructor(readonly client: PoolClient) {}

  /** The transaction ended: its lock went with it, and nothing it held was appended. */
  ended(): void {
    this.open = false;
    this.lockHeld = false;
    this.holding = false;
    this.dropHeldFrom(0);
  }
}

/** A change met a subject whose earlier events still wait: it must run again after they are appended. */
export class SubjectAlreadyHeld extends Error {
  constructor() {
    super('A subject changed again before its held events were appended');
  }
}

const groups = new WeakMap<QueryRunner, WriteGroup>();

/** The write group whose transaction `runner` runs, on `client`, its connection. */
export function startWriteGroup(runner: QueryRunner, client: PoolClient): WriteGroup {
  const group = new WriteGroup(client);
  groups.set(runner, group);
  return group;
}

/** The write group of `manager`'s transaction; undefined outside the chain writer (the seed, scripts). */
export function writeGroupOf(manager: EntityManager): WriteGroup | undefined {
  return manager.queryRunner ? groups.get(manager.queryRunner) : undefined;
}
