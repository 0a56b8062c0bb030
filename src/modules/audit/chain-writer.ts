import { AsyncResource } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { PreparedStatements } from '../../database/prepared-statements';
import { RequestTrace, requestScope } from '../../database/request-trace';
import { driverErrorOf } from '../../shared/error-formatting';
import { logger } from '../../shared/logger';
import { ALONE_GROUP_LOCKS, WRITE_GROUP_GATE } from './append-lock';
import { appendHeld, commitGroup } from './audit.service';
import { startWriteGroup, SubjectAlreadyHeld, type WriteGroup } from './write-group';

/** Most changes one group may hold: Postgres caches 64 subtransactions per transaction in shared memory; past that, every session's snapshots slow down. */
export const MAX_WRITE_GROUP_SIZE = 64;
/** Enough to spread one WAL flush over the changes of a busy moment, while a failed commit takes few with it. */
export const DEFAULT_WRITE_GROUP_SIZE = 32;
/**
 * Groups of changes that hold their events back that may run at once, each on a connection of
 * its own: they meet only at the append lock, at their ends, so while one appends and commits
 * the next already runs its changes. A group is bound by its round trips, not by any CPU.
 */
export const DEFAULT_WRITE_GROUPS_IN_FLIGHT = 3;
/** Each group in flight holds a connection of the pool for the whole of its transaction. */
export const MAX_WRITE_GROUPS_IN_FLIGHT = 8;
/** Times a change is run again after Postgres broke a deadlock by cancelling it. */
const DEADLOCK_RETRIES = 3;

/**
 * The statements of the changes, prepared: a group runs the same few shapes again and again, one
 * after another while the chain waits, and parsing and planning them took about half of their time.
 */
const preparedWrites = new PreparedStatements(200);

/** One caller's change: its work, and where its own result or error goes. */
interface Change {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  holdsEvents: boolean;
  batch?: BatchedChange;
  /** The caller's request, which the statements of a batch written for it count for too. */
  trace?: RequestTrace;
  /** Runs ended by a deadlock so far. */
  deadlocks: number;
}

/** An item a ChangeBatch writes for one change that must run in a later group: it meets a subject an earlier item of the batch changed. */
export const LATER = Symbol('later');

/** What became of one item of a batch: its result, or the refusal it met before anything of it was written, or LATER. */
export type BatchOutcome = { value: unknown } | { refused: unknown } | typeof LATER;

/**
 * Changes of one kind that a group writes set-based: a few statements for all of its changes of
 * that kind, however many, instead of a few for each one after another.
 */
export interface ChangeBatch<I> {
  /**
   * Judges `items` in their order and writes those accepted, in the group's transaction: an outcome
   * for each. Throws only when a statement fails, and then nothing of the batch may be kept.
   */
  write(manager: EntityManager, items: readonly I[]): Promise<BatchOutcome[]>;
}

/**
 * Told of each group that committed: how many changes it kept and, when a batch wrote them, the
 * statements the batch took (null when they ran one after another, each counted for its own request).
 */
export type CommittedListener = (changes: number, statements: number | null) => void;

/** A change as one item of a batch. */
export interface BatchedChange<I = unknown> {
  of: ChangeBatch<I>;
  item: I;
}

/** Runs a batch of one item, as a change of its own: its result, or its refusal thrown. */
export async function writeAlone<I>(manager: EntityManager, batch: ChangeBatch<I>, item: I): Promise<unknown> {
  const [outcome] = await batch.write(manager, [item]);
  if (outcome === LATER) throw new Error('A batch of one item put it off');
  if ('refused' in outcome) throw outcome.refused;
  return outcome.value;
}

/** TypeORM's Postgres runner: given an error, it hands its connection back to be closed, not reused. */
type PooledRunner = { releasePostgresConnection(error?: unknown): Promise<void> };

/**
 * Side-by-side groups lock rows and then wait for the append lock at their ends; a group running
 * alone holds the append lock from its start and then locks rows. Both at once could wait for each
 * other, so the gate keeps them apart in every process: side-by-side groups share it, a group
 * running alone takes it for itself, and then the append lock, at once: it sees everything other
 * processes' groups committed before it (a change may create a row another one created too).
 */
const SIDE_BY_SIDE_GROUP_LOCK = `SELECT pg_advisory_xact_lock_shared(${WRITE_GROUP_GATE})`;

/**
 * A group's statements are prepared (see WriteGroup.send) and run with the plan made once for each:
 * they look rows up by key, the same way whatever the values, and planning them each time took as
 * long as running them.
 */
const GROUP_BEGIN = ['BEGIN', 'SET LOCAL plan_cache_mode = force_generic_plan'];

/** A change failed in a group run without savepoints, after other changes wrote: the group must run again with them. */
class SavepointsNeeded extends Error {}

/** Postgres cancelled the statement to break a deadlock: nothing of the change is left, and it may simply run again. */
const isDeadlock = (error: unknown) => driverErrorOf(error)?.code === '40P01';

export interface ChangeOptions {
  /**
   * The change reads no history and needs no sequence before it returns, so the events it
   * appends may wait for the group's end and go in with the others' (see WriteGroup): two
   * statements per group instead of two per change while the chain waits.
   */
  holdsEvents?: boolean;
  /**
   * The change as an item of a batch: a group of such changes that all hold their events back and
   * share one batch has it write them together; `work` runs when one must run on its own.
   */
  batch?: BatchedChange;
}

/**
 * The one writer of the audit chain in this process. Changes queue here and run in
 * groups: each group is one transaction that runs every change in turn, takes the append
 * lock once and commits once, so a group costs one WAL flush instead of one per change.
 * Changes that may hold their events back have them appended together, at the group's end
 * or before the next change that may not.
 *
 * A change that fails is undone alone and gets its own error: it runs after a savepoint.
 * Most groups have no failure, and a savepoint is a round trip, so a group runs without
 * them unless the last one had a failure; when a change then fails after others wrote, the
 * group is rolled back and runs again, each change after a savepoint.
 *
 * A group is whatever queued, up to `maxChanges`; an idle writer starts at once, so a lone
 * change waits for nothing. Groups of changes that all hold their events back run up to
 * `groupsInFlight` at once, taking the lock only to append at their ends; any other group
 * runs alone and takes the lock as it begins, so that it sees all that other processes'
 * groups committed before (its changes may create rows another one created too). Rows
 * locked in opposite orders by two groups can still deadlock: Postgres cancels one change,
 * which runs again in a later group. Results are handed out only after the commit. Other
 * processes' writers queue on the same advisory lock.
 */
export class ChainWriter {
  private readonly queue: Change[] = [];
  private inFlight = 0;
  private aloneInFlight = false;
  private scheduled = false;
  /** Whether the last group had a change that failed: the next one then sets a savepoint before each change from the start. */
  private failedLately = false;
  private readonly committedListeners: CommittedListener[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly maxChanges: number,
    private readonly groupsInFlight = DEFAULT_WRITE_GROUPS_IN_FLIGHT,
  ) {
    if (!Number.isInteger(maxChanges) || maxChanges < 1 || maxChanges > MAX_WRITE_GROUP_SIZE)
      throw new Error(`A write group holds 1 to ${MAX_WRITE_GROUP_SIZE} changes, not ${maxChanges}`);
    if (!Number.isInteger(groupsInFlight) || groupsInFlight < 1 || groupsInFlight > MAX_WRITE_GROUPS_IN_FLIGHT)
      throw new Error(`1 to ${MAX_WRITE_GROUPS_IN_FLIGHT} write groups may run at once, not ${groupsInFlight}`);
  }

  /** Changes waiting for the next group. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Calls `listener` for each group that commits: the number of its changes, and the statements of its batch (see CommittedListener). */
  onCommitted(listener: CommittedListener): void {
    this.committedListeners.push(listener);
  }

  /**
   * Runs `work` in the transaction of the next group, where its appends hold the append
   * lock, and resolves with its result once that transaction has committed. If `work` fails, what
   * it wrote is rolled back and its promise rejects; the other changes of the group go on.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>, options: ChangeOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // In the caller's async context, so its statements count for its own request.
      const change = { work: AsyncResource.bind(work), resolve: resolve as (value: unknown) => void, reject, deadlocks: 0 };
      const holdsEvents = options.holdsEvents ?? false;
      this.queue.push({ ...change, holdsEvents, batch: holdsEvents ? options.batch : undefined, trace: requestScope.getStore() });
      this.schedule();
    });
  }

  /** Starts groups on the next turn: changes that arrive together share one. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // The group's own statements belong to no request.
    requestScope.exit(() =>
      setImmediate(() => {
        this.scheduled = false;
        this.startGroups();
      }),
    );
  }

  /** Starts as many groups as the queue and the room for them allow; each that ends starts more. */
  private startGroups(): void {
    while (this.queue.length > 0 && !this.aloneInFlight) {
      const alone = !this.queue[0].holdsEvents;
      if (alone ? this.inFlight > 0 : this.inFlight >= this.groupsInFlight) return;
      const group = alone ? this.queue.splice(0, this.maxChanges) : this.queue.splice(0, this.holdingAhead());
      this.inFlight += 1;
      this.aloneInFlight = alone;
      void this.write(group).finally(() => {
        this.inFlight -= 1;
        if (alone) this.aloneInFlight = false;
        this.startGroups();
      });
    }
  }

  /** How many changes at the head of the queue hold their events back, up to a group's size. */
  private holdingAhead(): number {
    let count = 0;
    while (count < this.queue.length && count < this.maxChanges && this.queue[count].holdsEvents) count += 1;
    return count;
  }

  /** Changes Postgres cancelled to break a deadlock go first, in their order, into a later group, a few times each; then they fail. */
  private again(changes: readonly Change[], error: unknown): void {
    const retried = changes.filter((change) => {
      change.deadlocks += 1;
      if (change.deadlocks <= DEADLOCK_RETRIES) return true;
      change.reject(error);
      return false;
    });
    this.queue.unshift(...retried);
    if (retried.length > 0) this.schedule();
  }

  /** One group: one transaction, one lock, one commit. Never throws: every change is settled. */
  private async write(group: Change[]): Promise<void> {
    const runner = this.db.createQueryRunner('master');
    let chain: WriteGroup | undefined;
    const kept: { change: Change; value: unknown }[] = [];
    // Changes already given their own error (or sent to a later group).
    const settled = new Set<Change>();
    let unprepare: (() => void) | undefined;
    let broken: unknown;
    let statements: number | null = null;
    try {
      // The writer opens and ends the transaction itself, so that the last append and the COMMIT can go as one message.
      chain = startWriteGroup(runner, (await runner.connect()) as PoolClient);
      unprepare = await preparedWrites.preparing(runner);
      const alone = group.some((change) => !change.holdsEvents);
      const batch = alone ? undefined : group[0].batch?.of;
      const batched = batch !== undefined && group.every((change) => change.batch?.of === batch);
      statements = batched ? await this.writeBatch(runner, chain, group, kept, settled) : null;
      // After a batch that failed, a change is expected to fail again: each runs after a savepoint from the start.
      if (statements === null)
        await this.writeEach(runner, chain, group, { alone, savepoints: batched || this.failedLately }, kept, settled);
      if (chain.open && kept.length > 0) await commitGroup(runner.manager);
      else if (chain.open) await this.rollback(runner, chain);
      chain.ended();
    } catch (error) {
      // The transaction itself failed (lock, savepoint, append, commit, connection): none of the group committed.
      const unsettled = group.filter((change) => !settled.has(change));
      if (isDeadlock(error)) this.again(unsettled, error);
      else for (const change of unsettled) change.reject(error);
      // A connection whose transaction cannot be rolled back is closed rather than pooled, where its next user would meet it.
      if (chain?.open) await this.rollback(runner, chain).catch((rollbackError) => (broken = rollbackError));
      return;
    } finally {
      unprepare?.();
      chain?.ended();
      // The changes are settled; a connection that cannot go back to the pool must not stop the writer.
      await (broken ? (runner as unknown as PooledRunner).releasePostgresConnection(broken) : runner.release()).catch((error) =>
        logger.warn({ err: error }, 'write group: releasing its connection failed'),
      );
    }
    for (const { change, value } of kept) change.resolve(value);
    if (kept.length > 0) for (const listener of this.committedListeners) listener(kept.length, statements);
  }

  /** Runs the group's changes one after another, each undone alone if it fails. */
  private async writeEach(
    runner: QueryRunner,
    chain: WriteGroup,
    group: readonly Change[],
    how: { alone: boolean; savepoints: boolean },
    kept: { change: Change; value: unknown }[],
    settled: Set<Change>,
  ): Promise<void> {
    const { alone } = how;
    let { savepoints } = how;
    for (;;) {
      try {
        for (const change of group) if (!settled.has(change)) await this.apply(runner, chain, change, { alone, savepoints }, kept, settled);
        this.failedLately = settled.size > 0;
        return;
      } catch (error) {
        if (!(error instanceof SavepointsNeeded)) throw error;
        // A change failed after others wrote, with no savepoint to undo it alone: all again, each after one.
        await this.rollback(runner, chain);
        kept.length = 0;
        savepoints = true;
      }
    }
  }

  /**
   * Has the group's batch write all of its changes (the group's first statements): each gets its
   * result, its refusal, or a place in a later group; the statements it took. Null when Postgres
   * refused one of its statements (a value, a constraint, a lock awaited too long, a deadlock): it is
   * rolled back, and the group runs change by change, so the change at fault fails alone.
   */
  private async writeBatch(
    runner: QueryRunner,
    chain: WriteGroup,
    group: readonly Change[],
    kept: { change: Change; value: unknown }[],
    settled: Set<Change>,
  ): Promise<number | null> {
    // The transaction opens with the batch's first message: one round trip fewer.
    chain.open = true;
    chain.opening = [...GROUP_BEGIN, SIDE_BY_SIDE_GROUP_LOCK];
    const trace = new RequestTrace('write-group');
    let outcomes: BatchOutcome[];
    chain.startChange(true);
    chain.readsAhead = true;
    try {
      outcomes = await requestScope.run(trace, () =>
        group[0].batch!.of.write(
          runner.manager,
          group.map((change) => change.batch!.item),
        ),
      );
    } catch (error) {
      if (!driverErrorOf(error)?.code) throw error;
      // A change's row locked too long or in a deadlock, or its data refused: run change by change, so that one fails alone.
      await this.rollback(runner, chain);
      return null;
    } finally {
      chain.readsAhead = false;
      chain.startChange(false);
    }
    // A batch that sent nothing never opened the transaction.
    if (chain.opening) chain.ended();
    const later: Change[] = [];
    group.forEach((change, index) => {
      if (change.trace) change.trace.statementCount += trace.statementCount;
      const outcome = outcomes[index];
      if (outcome !== LATER && 'value' in outcome) return kept.push({ change, value: outcome.value });
      settled.add(change);
      if (outcome === LATER) later.push(change);
      else change.reject(outcome.refused);
    });
    if (later.length > 0) {
      this.queue.unshift(...later);
      this.schedule();
    }
    return trace.statementCount;
  }

  /** Runs one change in the group's transaction (opening it if none is open); a change that fails is undone alone, with what it held. */
  private async apply(
    runner: QueryRunner,
    chain: WriteGroup,
    change: Change,
    how: { alone: boolean; savepoints: boolean },
    kept: { change: Change; value: unknown }[],
    settled: Set<Change>,
  ): Promise<void> {
    const { alone, savepoints } = how;
    if (!chain.open) {
      // Open before it is sent: if the lock fails (a timeout), the catch must still roll the transaction back.
      chain.open = true;
      chain.lockHeld = alone;
      await chain.client.query([...GROUP_BEGIN, alone ? ALONE_GROUP_LOCKS : SIDE_BY_SIDE_GROUP_LOCK].join('; '));
    }
    // A change that may read the history finds it whole, and its own events come after those held.
    if (!change.holdsEvents) await appendHeld(runner.manager);
    // A savepoint protects the changes already made in this transaction; before the first there is none to protect.
    if (kept.length > 0 && savepoints) await runner.query('SAVEPOINT change');
    const heldBefore = chain.held.length;
    chain.startChange(change.holdsEvents);
    try {
      kept.push({ change, value: await change.work(runner.manager) });
    } catch (error) {
      if (kept.length > 0 && !savepoints) throw new SavepointsNeeded();
      chain.dropHeldFrom(heldBefore);
      if (kept.length > 0) await runner.query('ROLLBACK TO SAVEPOINT change');
      else await this.rollback(runner, chain);
      settled.add(change);
      if (error instanceof SubjectAlreadyHeld) {
        // Appending now would take the append lock with rows still to lock: the change goes first into a later group,
        // which meets the subject once this group has committed; one that met its own held events appends at once there.
        this.queue.unshift({ ...change, holdsEvents: change.holdsEvents && !error.ownEvents });
        this.schedule();
      } else if (isDeadlock(error)) this.again([change], error);
      else change.reject(error);
    } finally {
      chain.startChange(false);
    }
  }

  /** Rolls the transaction back, and with it the lock. */
  private async rollback(runner: QueryRunner, chain: WriteGroup): Promise<void> {
    const begun = !chain.opening;
    chain.ended();
    if (begun) await runner.query('ROLLBACK');
  }
}
