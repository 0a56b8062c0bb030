import type { EntityManager, QueryRunner } from 'typeorm';

// Appends are serialised by this transaction-scoped lock so sequence numbers stay gap-free and ordered.
// Exported so that other writers of the chain (the benchmark's floor) take the same one.
export const AUDIT_APPEND_LOCK = 7_301_001;

/** Transactions that took the lock for a whole group of changes (see ChainWriter); their appends need not ask again. */
const holding = new WeakSet<QueryRunner>();

/** Takes the append lock for this transaction, and records that it holds it until it ends. */
export async function holdAppendLock(runner: QueryRunner): Promise<void> {
  await runner.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  holding.add(runner);
}

/** The transaction ended: its lock went with it. */
export function releasedAppendLock(runner: QueryRunner): void {
  holding.delete(runner);
}

/**
 * Makes sure the transaction of `manager` holds the append lock: a group's transaction
 * already does; any other (the seed, a script) takes it here, until it commits.
 */
export async function ensureAppendLock(manager: EntityManager): Promise<void> {
  if (manager.queryRunner && holding.has(manager.queryRunner)) return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
}
