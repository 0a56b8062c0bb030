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

/** An event as one NDJSON line built by Postgres, with the members and formats of ChainedEvent. */
const EVENT_JSON = `json_build_object(
  'sequence', e.sequence, 'id', e.id, 'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'subjectType', e.subject_type, 'subjectId', e.subject_id, 'action', e.action, 'actorSub', e.actor_sub, 'actorRole', e.actor_role,
  'actorCountry', e.actor_country, 'countryCodes', to_json(e.country_codes), 'fromStatus', e.from_status, 'toStatus', e.to_status,
  'version', e.version, 'note', e.note, 'evidenceUrl', e.evidence_url, 'effectiveOn', e.effective_on, 'changes', e.changes,
  'state', e.state, 'prevHash', e.prev_hash, 'hash', e.hash)::text`;

/**
 * The same events as JSON text made by the database: the export then holds one
 * string per event instead of an object tree, which keeps its garbage small.
 */
export async function* streamEventLines(db: DataSource, options: { where?: EventConditions; batchSize?: number } = {}): AsyncGenerator<string> {
  const batchSize = options.batchSize ?? 2000;
  let after = 0;
  for (;;) {
    const params = new SqlParams();
    const conditions = [`e.sequence > ${params.add(after)}`, ...(options.where?.(params) ?? [])];
    const rows: { sequence: number; line: string }[] = await db.query(
      `SELECT e.sequence, ${EVENT_JSON} AS line FROM audit_events e WHERE ${conditions.join(' AND ')} ORDER BY e.sequence LIMIT ${batchSize}`,
      params.values,
    );
    for (const row of rows) yield row.line;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].sequence;
  }
}
