import { BadUserInputError } from '../../shared/errors';

/** The dates money and results may carry: wide enough for any real record, narrow enough to refuse typing slips. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

/** Refuses a date outside the bounds, naming its argument. */
export function assertDateInRange(date: string | null | undefined, argument: string): void {
  if (date && (date < EARLIEST_DATE || date > LATEST_DATE))
    throw new BadUserInputError(`${argument} (${date}) must lie between ${EARLIEST_DATE} and ${LATEST_DATE}`, { argument });
}

/** Refuses a period whose end comes before its start, or (with `maxYears`) lasts longer than that. */
export function assertPeriod(start: string, end: string, argument: string, maxYears?: number): void {
  assertDateInRange(start, `${argument}.periodStart`);
  assertDateInRange(end, `${argument}.periodEnd`);
  if (end < start)
    throw new BadUserInputError(`${argument}.periodEnd (${end}) must not be before its periodStart (${start})`, {
      argument: `${argument}.periodEnd`,
    });
  if (maxYears !== undefined) {
    if (end > yearsAfter(start, maxYears))
      throw new BadUserInputError(`${argument} lasts longer than ${maxYears} year: IATI budgets cover at most a year each`, {
        argument: `${argument}.periodEnd`,
      });
  }
}

/** The day `years` after `day`, as Postgres adds an interval: 29 February becomes 28 February. */
function yearsAfter(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const lastOfMonth = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  return `${String(year + years).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastOfMonth)).padStart(2, '0')}`;
}
