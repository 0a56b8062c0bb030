import type { EntityManager } from 'typeorm';
import { writeGroupOf } from './write-group';

// Appends are serialised by this transaction-scoped lock so sequence numbers stay gap-free and ordered.
// Exported so that other writers of the chain (the benchmark's floor) take the same one.
export const AUDIT_APPEND_LOCK = 7_301_001;
/** The write groups' gate (see ChainWriter); 7_301_002 is the seed's lock. */
export const WRITE_GROUP_GATE = 7_301_003;

/**
 * Makes sure the transaction of `manager` holds the append lock until it ends. A write group
 * (see ChainWriter) takes it at its first append and then remembers it; any other transaction
 * (the seed, a script) asks at each append.
 */
export async function ensureAppendLock(manager: EntityManager): Promise<void> {
  const group = writeGroupOf(manager);
  if (group?.lockHeld) return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  if (group) group.lockHeld = true;
}
