import { escapeLiteral } from 'pg';

/**
 * CSV that is safe to open in a spreadsheet, written by Postgres (COPY ... TO STDOUT), following
 * OWASP's advice on CSV injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would be read as a formula, so it gets a single quote in front, and every cell is quoted.
 * A cell that already starts with a quote gets one too, so removing one leading quote always
 * gives the value back (and a spreadsheet shows the value as it was).
 */

/** What the exports stream: CSV (spreadsheet-safe) or JSON Lines (NDJSON), both written by Postgres. */
export type ExportFormat = 'ndjson' | 'csv';

/** What a cell may not start with unprefixed: OWASP's formula triggers, and the prefix itself. */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r', "'"];

// One bracket expression, `-` first where it cannot read as a range; tab and CR go in as themselves.
const STARTS_WITH_TRIGGER = escapeLiteral(`^([-${FORMULA_TRIGGERS.filter((character) => character !== '-').join('')}])`);

/** SQL: the text of `expression` as a spreadsheet-safe cell (NULL stays NULL, an empty cell). */
export function spreadsheetSafeCell(expression: string): string {
  return `regexp_replace((${expression})::text, ${STARTS_WITH_TRIGGER}, '''\\1')`;
}

/** COPY options: a header row, and every non-null cell quoted, so NULL (unquoted, empty) stays apart from ''. */
export const CSV_COPY_OPTIONS = 'FORMAT csv, HEADER, FORCE_QUOTE *';

/**
 * The SELECT list of a CSV export: one spreadsheet-safe column per name, read from the row
 * `source` (e.g. a derived table's alias), headed by the name.
 */
export function spreadsheetSafeColumns(source: string, names: readonly string[]): string {
  return names.map((name) => `${spreadsheetSafeCell(`${source}."${name}"`)} AS "${name}"`).join(', ');
}

/**
 * COPY options that write each row's one text column verbatim, followed by a newline: CSV with a
 * delimiter and quote that JSON text never holds (Postgres escapes control characters in JSON).
 * For JSON Lines written by Postgres.
 */
export const JSON_LINES_COPY_OPTIONS = `FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02'`;
