import { CSV_COPY_OPTIONS, type ExportFormat, JSON_LINES_COPY_OPTIONS, spreadsheetSafeCell } from './csv-export';
import type { SqlParams } from './pagination';
import { SqlLiterals } from './sql-literals';

/**
 * An analyst's export of a list (GET /export/<name>.csv and .jsonl): one descriptor per list,
 * in the module that owns it, holding its columns and the list's own SQL. The HTTP adapter
 * (http/record-exports.ts) reads the filter from query parameters and streams what this writes.
 */

/** One column of an export, in the order of the file. */
export interface ExportColumn {
  name: string;
  /** Its value, in SQL over the list's rows: text, a number, or (with `list`) text[]. */
  sql: string;
  /** A text[]: a JSON array in the lines, its items joined by ';' in the CSV. */
  list?: boolean;
}

/** Where an export's rows come from: the GraphQL list's FROM, filter conditions and ORDER BY. */
export interface ExportRows {
  from: string;
  where: string[];
  orderBy: string;
}

export interface RecordExport<F extends object> {
  /** The file's name without its extension, and the route's: /export/<name>.csv. */
  name: string;
  /** The GraphQL list's filter input: its fields are the query parameters, checked as GraphQL checks them. */
  filter: new () => F;
  /** The columns, in their stable order (the README lists them). */
  columns: readonly ExportColumn[];
  /** The rows the GraphQL list returns for `filter`, its values added to `params`. */
  rows(filter: F | null, params: SqlParams): ExportRows;
}

/** A global ID (Node.id) in SQL: base64url of "Type:key", as toGlobalId writes it; NULL stays NULL. */
export const globalIdSql = (typeName: string, column: string) =>
  `translate(encode(convert_to('${typeName}:' || ${column}::text, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** An instant as the API writes DateTime (UTC, milliseconds, Z), whatever the session's time zone. */
export const instantSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A date as the API writes Date (YYYY-MM-DD), whatever the session's DateStyle. */
export const dateSql = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

function csvCell(column: ExportColumn): string {
  const value = `exported."${column.name}"`;
  return `${spreadsheetSafeCell(column.list ? `array_to_string(${value}, ';')` : value)} AS "${column.name}"`;
}

/**
 * The COPY statement that writes the export of the rows `filter` selects, in the list's order.
 * COPY takes no bind parameters, so the filter's values are inlined as quoted literals. The
 * lines are row_to_json over the named columns; the CSV has a header row and spreadsheet-safe cells.
 */
export function exportStatement<F extends object>(descriptor: RecordExport<F>, filter: F | null, format: ExportFormat): string {
  const { from, where, orderBy } = descriptor.rows(filter, new SqlLiterals());
  const selected = descriptor.columns.map((column) => `${column.sql} AS "${column.name}"`).join(', ');
  const rows = `SELECT ${selected} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBy}`;
  if (format === 'ndjson') return `COPY (SELECT row_to_json(exported) FROM (${rows}) exported) TO STDOUT WITH (${JSON_LINES_COPY_OPTIONS})`;
  return `COPY (SELECT ${descriptor.columns.map(csvCell).join(', ')} FROM (${rows}) exported) TO STDOUT WITH (${CSV_COPY_OPTIONS})`;
}
