import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { PreparedStatements } from '../../database/prepared-statements';
import { requestScope } from '../../database/request-trace';
import { logger } from '../../shared/logger';
import { appendHeld } from './audit.service';
import { startWriteGroup, SubjectAlreadyHeld, type WriteGroup } from './write-group';

/** Most changes one group may hold: Postgres caches 64 subtransactions per transaction in shared memory; past that, every session's snapshots slow down. */
export const MAX_WRITE_GROUP_SIZE = 64;
/** Enough to spread one WAL flush over the changes of a busy moment, while a failed commit takes few with it. */
export const DEFAULT_WRITE_GROUP_SIZE = 32;

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
}

export interface ChangeOptions {
  /**
   * The change reads no history and needs no sequence before it returns, so the events it
   * appends may wait for the group's end and go in with the others' (see WriteGroup): two
   * statements per group instead of two per change while the chain waits.
   */
  holdsEvents?: boolean;
}

/**
 * The one writer of the audit chain in this process. Changes queue here and run in
 * groups: each group is one transaction that runs every change in turn (each after a
 * savepoint, so a change that fails is undone alone and gets its own error), takes the
 * append lock at its first append and commits once, so a group costs one WAL flush
 * instead of one per change. Changes that may hold their events back have them appended
 * together, at the group's end or before the next change that may not. A group is whatever queued while the previous one ran, up to `maxChanges`;
 * an idle writer starts at once, so a lone change waits for nothing. Results are handed
 * out only after the commit. Other processes' writers queue on the same advisory lock.
 */
export class ChainWriter {
  private readonly queue: Change[] = [];
  private writing = false;
  private readonly committedListeners: ((changes: number) => void)[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly maxChanges: number,
  ) {
    if (!Number.isInteger(maxChanges) || maxChanges < 1 || maxChanges > MAX_WRITE_GROUP_SIZE)
      throw new Error(`A write group holds 1 to ${MAX_WRITE_GROUP_SIZE} changes, not ${maxChanges}`);
  }

  /** Changes waiting for the next group. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Calls `listener` with the number of changes of each group that commits. */
  onCommitted(listener: (changes: number) => void): void {
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
      const holdsEvents = options.holdsEvents ?? false;
      this.queue.push({ work: AsyncResource.bind(work), resolve: resolve as (value: unknown) => void, reject, holdsEvents });
      if (this.writing) return;
      this.writing = true;
      // The group's own statements belong to no request; waiting one turn lets changes that arrive together share it.
      requestScope.exit(() => setImmediate(() => void this.drain()));
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.write(this.queue.splice(0, this.maxChanges));
    this.writing = false;
  }

  /** One group: one transaction, one lock, one commit. Never throws: every change is settled. */
  private async write(group: Change[]): Promise<void> {
    const runner = this.db.createQueryRunner('master');
    const chain = startWriteGroup(runner);
    const kept: { change: Change; value: unknown }[] = [];
    let unprepare: (() => void) | undefined;
    try {
      unprepare = await preparedWrites.preparing(runner);
      for (const change of group) await this.apply(runner, chain, change, kept);
      if (runner.isTransactionActive && kept.length > 0) await appendHeld(runner.manager);
      if (runner.isTransactionActive) await this.end(runner, chain, kept.length > 0 ? 'commit' : 'rollback');
      for (const { change, value } of kept) change.resolve(value);
      if (kept.length > 0) for (const listener of this.committedListeners) listener(kept.length);
    } catch (error) {
      // The transaction itself failed (lock, savepoint, commit, connection): none of the group committed.
      for (const change of group) change.reject(error);
      if (runner.isTransactionActive) await this.end(runner, chain, 'rollback').catch(() => undefined);
    } finally {
      unprepare?.();
      chain.ended();
      // The changes are settled; a connection that cannot go back to the pool must not stop the writer.
      await runner.release().catch((error) => logger.warn({ err: error }, 'write group: releasing its connection failed'));
    }
  }

  /** Runs one change in the group's transaction (opening it if none is open); a change that fails is undone alone, with what it held. */
  private async apply(runner: QueryRunner, chain: WriteGroup, change: Change, kept: { change: Change; value: unknown }[]): Promise<void> {
    if (!runner.isTransactionActive) await runner.startTransaction();
    // A change that may read the history finds it whole, and its own events come after those held.
    if (!change.holdsEvents) await appendHeld(runner.manager);
    // A savepoint protects the changes already made in this transaction; before the first there is none to protect.
    if (kept.length > 0) await runner.query('SAVEPOINT change');
    for (let attempt = 1; ; attempt++) {
      const heldBefore = chain.held.length;
      const lockedBefore = chain.lockHeld;
      chain.holding = change.holdsEvents;
      try {
        kept.push({ change, value: await change.work(runner.manager) });
        return;
      } catch (error) {
        chain.dropHeldFrom(heldBefore);
        // A lock taken under the savepoint is released with it.
        chain.lockHeld = lockedBefore;
        if (kept.length > 0) await runner.query('ROLLBACK TO SAVEPOINT change');
        else await this.end(runner, chain, 'rollback');
        if (error instanceof SubjectAlreadyHeld && kept.length > 0 && attempt === 1) {
          // Out of the savepoint, so a failure of the run again cannot take the earlier changes' events with it.
          await runner.query('RELEASE SAVEPOINT change');
          await appendHeld(runner.manager);
          await runner.query('SAVEPOINT change');
          continue;
        }
        change.reject(error);
        return;
      } finally {
        chain.holding = false;
      }
    }
  }

  /** Ends the transaction, and with it the lock. */
  private async end(runner: QueryRunner, chain: WriteGroup, how: 'commit' | 'rollback'): Promise<void> {
    chain.ended();
    if (how === 'commit') await runner.commitTransaction();
    else await runner.rollbackTransaction();
  }
}
