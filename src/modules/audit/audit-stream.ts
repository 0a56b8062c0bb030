import type { Readable, Transform } from 'node:stream';
import { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { BinaryCopyLines } from '../../database/copy-lines';
import { CSV_COPY_OPTIONS, type ExportFormat, spreadsheetSafeColumns } from '../../shared/csv-export';
import { SqlParams } from '../../shared/pagination';
import { SqlLiterals } from '../../shared/sql-literals';
import { ChainedEvent, EVENT_MEMBERS, eventSelectList, TEXT_FORMATS } from './audit-event.sql';

export type { ChainedEvent } from './audit-event.sql';

/** Every member as stored; only the instant needs turning into the text that was hashed. */
const CHAINED_COLUMNS = eventSelectList('e', EVENT_MEMBERS);

type RawEvent = Omit<ChainedEvent, 'occurredAt'> & { occurredAt: Date };

function toChainedEvent(row: RawEvent): ChainedEvent {
  return { ...row, occurredAt: row.occurredAt.toISOString() };
}

/** Conditions over audit_events (alias e), built into `params`. */
export type EventConditions = (params: Pick<SqlParams, 'add'>) => string[];

/**
 * Events in sequence order, fetched in keyset batches: memory stays flat however
 * long the trail, and each batch costs the same wherever it starts.
 */
export async function* streamEvents(
  db: DataSource,
  options: { fromSequence?: number; toSequence?: number; where?: EventConditions; batchSize?: number } = {},
): AsyncGenerator<ChainedEvent> {
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

/**
 * The members of ChainedEvent, named and formatted as in the NDJSON lines and the CSV columns:
 * arrays as JSON, instants and dates in fixed formats whatever the session's DateStyle.
 */
const EVENT_SELECT_LIST = eventSelectList('e', EVENT_MEMBERS, { ...TEXT_FORMATS, countryCodes: (column) => `to_json(${column})` });

/**
 * How each format is written from the matching events (alias e, in sequence order, after
 * `filter`), COPY's options, and what turns COPY's output into the bytes sent.
 */
const EXPORTS: Record<ExportFormat, { query: (filter: string) => string; options: string; blocks?: () => Transform }> = {
  // An NDJSON line is the event's `line`, stored when it was appended (migration AuditEventLines:
  // row_to_json over its members, named and formatted as in EVENT_SELECT_LIST), so the export
  // copies it instead of building it again; only events appended before that migration have
  // none, and get theirs built by the same function. In binary format Postgres sends each line
  // as stored, without scanning it for characters to escape; BinaryCopyLines adds the newlines.
  ndjson: {
    query: (filter) => `SELECT coalesce(e.line, audit_event_line(e)) FROM audit_events e ${filter} ORDER BY e.sequence`,
    options: 'FORMAT binary',
    blocks: () => new BinaryCopyLines(),
  },
  // One column per member, each safe to open in a spreadsheet; the JSON members (json, jsonb) as JSON text.
  csv: {
    query: (filter) =>
      `SELECT ${spreadsheetSafeColumns('event', EVENT_MEMBERS)} FROM (SELECT ${EVENT_SELECT_LIST} FROM audit_events e ${filter} ORDER BY e.sequence) event`,
    options: CSV_COPY_OPTIONS,
  },
};

/**
 * The matching events in sequence order, written by Postgres itself (COPY ... TO STDOUT) on
 * `client` and streamed as it writes them. The connection's socket pauses while the reader
 * does, so memory stays flat however long the trail, and Node never parses a row. The caller
 * owns `client`: one abandoned mid-COPY cannot serve another query. Pipe it through
 * `exportBlocks(format)` for the bytes of the export.
 */
export function copyEvents(client: ClientBase, format: ExportFormat, where?: EventConditions): Readable {
  // COPY takes no bind parameters: the filter's values are inlined as quoted literals.
  const conditions = where?.(new SqlLiterals()) ?? [];
  const { query, options } = EXPORTS[format];
  const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return client.query(copyTo(`COPY (${query(filter)}) TO STDOUT WITH (${options})`));
}

/**
 * What turns `copyEvents(client, format)`'s output into the export's bytes, when COPY's own
 * output is not already them (binary NDJSON); otherwise undefined, and plain blocking does.
 */
export function exportBlocks(format: ExportFormat): Transform | undefined {
  return EXPORTS[format].blocks?.();
}
