import type { EntityManager } from 'typeorm';

// Appends are serialised by this transaction-scoped lock so sequence numbers stay gap-free and ordered.
// Exported so that other writers of the chain (the benchmark's floor) take the same one.
export const AUDIT_APPEND_LOCK = 7_301_001;
/** The write groups' gate (see ChainWriter); 7_301_002 is the seed's lock. */
export const WRITE_GROUP_GATE = 7_301_003;

/**
 * Takes the append lock for the transaction of `manager`, until it ends: for appends outside the
 * chain writer (the seed, a script). A write group takes it its own way (see ChainWriter, lockedHead).
 */
export async function ensureAppendLock(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
}

/**
 * The locks of a write group that runs alone (see ChainWriter), in its order: the gate, for itself,
 * then the append lock. A writer outside the chain writer that changes existing rows takes them
 * before any row, so it never holds a row that such a group waits for while it waits for the chain.
 */
export const ALONE_GROUP_LOCKS = `SELECT pg_advisory_xact_lock(${WRITE_GROUP_GATE}); SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`;

/** Takes ALONE_GROUP_LOCKS for the transaction of `manager`, until it ends. */
export async function takeChainAlone(manager: EntityManager): Promise<void> {
  await manager.query(ALONE_GROUP_LOCKS);
}
