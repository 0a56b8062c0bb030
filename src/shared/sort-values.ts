import type { Ordering } from './pagination';

type SqlType = Ordering['sqlType'];

// Sort values reach cursors as Postgres prints them (`::text`, DateStyle ISO, which node-postgres needs anyway).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(:\d{2}){0,2}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PATTERNS: Record<Exclude<SqlType, 'date' | 'timestamptz'>, RegExp> = {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what text values must not hold
  text: /^[^\u0000]*$/,
  bigint: /^-?\d{1,18}$/,
  numeric: /^-?(\d{1,40}(\.\d{1,40})?|Infinity)$/,
  real: /^-?(\d{1,40}(\.\d{1,40})?(e[+-]?\d{1,3})?|Infinity|NaN)$/,
};

function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

function isTimestamp(value: string): boolean {
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [, year, month, day, hours, minutes, seconds, , offsetHours] = parts;
  return isCalendarDate(year, month, day) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60 && Number(offsetHours) < 16;
}

/**
 * Whether Postgres would accept `value` as a sort value of this type: a cursor's
 * value is cast in SQL, so a tampered one must be refused before it gets there.
 */
export function isSortValue(sqlType: SqlType, value: string): boolean {
  // Nullable keys sort on coalesce(column, '±infinity').
  if ((sqlType === 'timestamptz' || sqlType === 'date') && (value === 'infinity' || value === '-infinity')) return true;
  if (sqlType === 'timestamptz') return isTimestamp(value);
  if (sqlType === 'date') {
    const parts = DATE.exec(value);
    return parts !== null && isCalendarDate(parts[1], parts[2], parts[3]);
  }
  return PATTERNS[sqlType].test(value);
}
