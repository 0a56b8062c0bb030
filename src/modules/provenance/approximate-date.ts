/** How exactly a source gives a date: to the day, the month, the season or the year. */
export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  SEASON = 'SEASON',
  YEAR = 'YEAR',
}

/** A date as a source gives it: a day inside the window it names, that window's precision, and whether it is "around" it. */
export interface DateAsGiven {
  day: string;
  precision: DatePrecision;
  approximate: boolean;
}

/**
 * Seasons as EDTF level 1 writes them (21 spring, 22 summer, 23 autumn, 24 winter), read as
 * meteorological seasons of the northern hemisphere: winter runs from December into the next year.
 */
const SEASONS = [
  { code: 24, months: [12, 1, 2] },
  { code: 21, months: [3, 4, 5] },
  { code: 22, months: [6, 7, 8] },
  { code: 23, months: [9, 10, 11] },
] as const;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

function seasonOf(year: number, month: number) {
  const season = SEASONS.find((s) => (s.months as readonly number[]).includes(month))!;
  // A winter is named after the year it starts in: January 2026 is in winter 2025.
  const startYear = season.code === 24 && month <= 2 ? year - 1 : year;
  return { code: season.code, startYear, startMonth: season.months[0] };
}

/** The first and last day of the window a date names (the day itself at DAY precision). */
export function windowOf({ day, precision }: DateAsGiven): { first: string; last: string } {
  const [year, month] = day.split('-').map(Number);
  switch (precision) {
    case DatePrecision.DAY:
      return { first: day, last: day };
    case DatePrecision.MONTH:
      return { first: iso(year, month, 1), last: iso(year, month, lastDayOf(year, month)) };
    case DatePrecision.YEAR:
      return { first: iso(year, 1, 1), last: iso(year, 12, 31) };
    case DatePrecision.SEASON: {
      const { startYear, startMonth } = seasonOf(year, month);
      const endYear = startMonth === 12 ? startYear + 1 : startYear;
      const endMonth = startMonth === 12 ? 2 : startMonth + 2;
      return { first: iso(startYear, startMonth, 1), last: iso(endYear, endMonth, lastDayOf(endYear, endMonth)) };
    }
  }
}

/** The date in the Extended Date/Time Format (ISO 8601-2): `2026-01-12~`, `2026-02`, `2025-22`, `2025`. */
export function edtfOf({ day, precision, approximate }: DateAsGiven): string {
  const [year, month] = day.split('-').map(Number);
  const qualifier = approximate ? '~' : '';
  switch (precision) {
    case DatePrecision.DAY:
      return `${day}${qualifier}`;
    case DatePrecision.MONTH:
      return `${pad(year, 4)}-${pad(month)}${qualifier}`;
    case DatePrecision.YEAR:
      return `${pad(year, 4)}${qualifier}`;
    case DatePrecision.SEASON: {
      const { code, startYear } = seasonOf(year, month);
      return `${pad(startYear, 4)}-${code}${qualifier}`;
    }
  }
}
