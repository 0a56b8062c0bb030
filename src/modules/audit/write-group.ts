import type { PoolClient, QueryResult } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import { requestScope } from '../../database/request-trace';
import { type SqlText, sqlExecuting } from '../../database/prepared-statements';
import { runStatement, type Statement } from '../../database/statement';
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
  /** Statements that open the transaction, not sent yet: they go ahead of the next message (see send). */
  opening?: string[];
  lockHeld = false;
  /**
   * Whether the running change is a batch, written before any savepoint and alone in its group: only
   * then may it read the states for the append with its writes (ReadAhead), as nothing else changes
   * them or is rolled back before the append.
   */
  readsAhead = false;
  /** The states of subjects, read at the end of the group's writes (see ReadAhead). */
  ahead?: AheadOfAppend;
  /** Whether the change now running may hold its events back (it reads no history and needs no sequence before it returns). */
  private holding = false;
  /** Where the running change's own held events begin in `held`. */
  private ownFrom = 0;
  readonly held: HeldEvents[] = [];

  /** The connection itself, for messages of several statements: each is one round trip. */
  constructor(readonly client: PoolClient) {}

  /**
   * Sends the statements as one message, after the opening if it is still to be sent: one round trip,
   * each statement on a snapshot of its own and prepared on the connection (see sqlExecuting). Their
   * rows, in order. The first `counted` count for the request in scope: the append's own, for none.
   */
  async send(statements: readonly SqlText[], counted = statements.length): Promise<Record<string, unknown>[][]> {
    const trace = requestScope.getStore();
    if (trace) trace.statementCount += counted;
    const texts = await sqlExecuting(this.client, statements);
    const opening = this.opening ?? [];
    this.opening = undefined;
    const result = (await this.client.query([...opening, ...texts].join('; '))) as unknown as QueryResult | QueryResult[];
    return (Array.isArray(result) ? result : [result]).slice(opening.length).map((each) => each.rows);
  }

  /** A change begins (or, with false, ends): whether it may hold its events back. */
  startChange(holding: boolean): void {
    this.holding = holding;
    this.ownFrom = this.held.length;
  }

  /**
   * Whether these events may wait for the group's end. Not when one of their subjects already
   * waits: its state is read when it is appended, and this change has already moved it, so the
   * change is undone and runs again in a later group (see ChainWriter).
   */
  mayHold(inputs: readonly AuditEventInput[]): boolean {
    if (!this.holding) return false;
    const subjects = new Set(inputs.map((input) => input.subjectId));
    const meets = (from: number, to: number) =>
      this.held.slice(from, to).some((events) => events.inputs.some((input) => subjects.has(input.subjectId)));
    if (meets(this.ownFrom, this.held.length)) throw new SubjectAlreadyHeld(true);
    if (meets(0, this.ownFrom)) throw new SubjectAlreadyHeld(false);
    return true;
  }

  hold(events: HeldEvents): void {
    this.held.push(events);
  }

  /** Everything held, in the order held, now to be appended. */
  takeHeld(): HeldEvents[] {
    this.ownFrom = 0;
    return this.held.splice(0);
  }

  /** A change failed and was rolled back: what it held goes with it. */
  dropHeldFrom(count: number): void {
    this.held.splice(count);
    this.ownFrom = Math.min(this.ownFrom, count);
  }

  /** The transaction ended: its lock went with it, and nothing it held was appended. */
  ended(): void {
    this.open = false;
    this.opening = undefined;
    this.lockHeld = false;
    this.ahead = undefined;
    this.holding = false;
    this.dropHeldFrom(0);
  }
}

/** The states of the subjects of a group's held events, read at the end of its writes, by subject. */
export interface AheadOfAppend {
  states: Map<string, unknown>;
}

/**
 * Statements that read what the append needs, sent at the end of a group's last message of writes
 * (inTurn), so the append needs no round trip of its own before the one that takes the lock;
 * `read` is given their rows.
 */
export interface ReadAhead {
  statements: readonly SqlText[];
  read(rows: Record<string, unknown>[][]): void;
}

/** A change met a subject whose events still wait (`ownEvents`: events it held itself): it must run again after they are appended. */
export class SubjectAlreadyHeld extends Error {
  constructor(readonly ownEvents: boolean) {
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

/**
 * Runs the statements in turn, each on a snapshot of its own (so one sees what committed while an
 * earlier one waited for a lock): in a write group as one message, one round trip, with `ahead` (if
 * given, and the group's batch is running) at its end; else one by one.
 */
export async function inTurn<A, B>(
  manager: EntityManager,
  first: Statement<A>,
  second: Statement<B>,
  ahead?: (group: WriteGroup) => ReadAhead,
): Promise<[A, B]> {
  const group = writeGroupOf(manager);
  if (!group) return [await runStatement(manager, first), await runStatement(manager, second)];
  const after = group.readsAhead ? ahead?.(group) : undefined;
  const [a, b, ...rest] = await group.send([first, second, ...(after?.statements ?? [])], 2);
  after?.read(rest);
  return [first.read(a), second.read(b)];
}
