import type { DataSource } from 'typeorm';
import { SqlParams } from '../../shared/pagination';
import { HashedEvent } from './audit-hash';

/** An event as stored: what is hashed, plus its place in the chain. */
export interface ChainedEvent extends HashedEvent {
  prevHash: string;
  hash: string;
}

const CHAINED_COLUMNS = `e.sequence, e.id, e.occurred_at, e.subject_type, e.subject_id, e.action, e.actor_sub, e.actor_role, e.actor_country,
  e.country_codes, e.from_status, e.to_status, e.version, e.note, e.evidence_url, e.effective_on, e.changes, e.state, e.prev_hash, e.hash`;

type RawEvent = Record<string, any>;

function toChainedEvent(row: RawEvent): ChainedEvent {
  return {
    sequence: row.sequence,
    id: row.id,
    occurredAt: (row.occurred_at as Date).toISOString(),
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    action: row.action,
    actorSub: row.actor_sub,
    actorRole: row.actor_role,
    actorCountry: row.actor_country,
    countryCodes: row.country_codes,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    version: row.version,
    note: row.note,
    evidenceUrl: row.evidence_url,
    effectiveOn: row.effective_on,
    changes: row.changes,
    state: row.state,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Conditions over audit_events (alias e), built into `params`. */
export type EventConditions = (params: SqlParams) => string[];

/**
 * Events in sequence order, fetched in keyset batches: memory stays flat however
 * long the trail, and each batch costs the same wherever it starts.
 */
export async function* streamEvents(db: DataSource, options: { fromSequence?: number; toSequence?: number; where?: EventConditions; batchSize?: number } = {}): AsyncGenerator<ChainedEvent> {
  const batchSize = options.batchSize ?? 2000;
  let after = (options.fromSequence ?? 1) - 1;
  for (;;) {
    const params = new SqlParams();
    const conditions = [`e.sequence > ${params.add(after)}`, ...(options.where?.(params) ?? [])];
    if (options.toSequence !== undefined) conditions.push(`e.sequence <= ${params.add(options.toSequence)}`);
    const rows: RawEvent[] = await db.query(
      `SELECT ${CHAINED_COLUMNS} FROM audit_events e WHERE ${conditions.join(' AND ')} ORDER BY e.sequence LIMIT ${batchSize}`,
      params.values,
    );
    for (const row of rows) yield toChainedEvent(row);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].sequence;
  }
}
