import { type Readable, Transform } from 'node:stream';
import { ClientBase, escapeLiteral } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { BinaryCopyLines, BLOCK_BYTES } from '../../database/copy-lines';
import { CSV_COPY_OPTIONS, spreadsheetSafeColumns } from '../../shared/csv-export';
import { SqlParams } from '../../shared/pagination';
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
 * COPY takes no bind parameters, so filter values are inlined as quoted literals
 * (arrays as text[]), the way SqlParams would have sent them.
 */
class SqlLiterals {
  add(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return `ARRAY[${value.map((item) => this.add(item)).join(', ')}]::text[]`;
    return escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
  }
}

export type ExportFormat = 'ndjson' | 'csv';

/**
 * How each format is written from the matching events (alias e, in sequence order, after
 * `filter`), COPY's options, and what turns COPY's output into the bytes sent.
 */
const EXPORTS: Record<ExportFormat, { query: (filter: string) => string; options: string; blocks: () => Transform }> = {
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
    blocks: () => inBlocks(),
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
  const conditions = where?.(new SqlLiterals()) ?? [];
  const { query, options } = EXPORTS[format];
  const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return client.query(copyTo(`COPY (${query(filter)}) TO STDOUT WITH (${options})`));
}

/** Turns what `copyEvents(client, format)` streams into the export's bytes, in blocks of about 64 KiB. */
export function exportBlocks(format: ExportFormat): Transform {
  return EXPORTS[format].blocks();
}

/**
 * Gathers COPY's output, one chunk per read from Postgres, into blocks of about 64 KiB, so
 * the HTTP response makes one write (and one chunk of its chunked encoding) per block. The
 * bytes are unchanged; back-pressure passes through.
 */
function inBlocks(blockBytes = BLOCK_BYTES): Transform {
  let pending: Buffer[] = [];
  let bytes = 0;
  const take = () => {
    const block = Buffer.concat(pending, bytes);
    pending = [];
    bytes = 0;
    return block;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      bytes += chunk.length;
      done(null, bytes >= blockBytes ? take() : undefined);
    },
    flush(done) {
      done(null, bytes ? take() : undefined);
    },
  });
}
