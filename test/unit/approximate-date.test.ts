import { DatePrecision, edtfOf, windowOf } from '../../src/modules/provenance/approximate-date';

const date = (day: string, precision: DatePrecision, approximate = false) => ({ day, precision, approximate });

describe('dates at a precision', () => {
  it.each([
    [date('2026-01-12', DatePrecision.DAY, true), '2026-01-12~', '2026-01-12', '2026-01-12'],
    [date('2026-01-12', DatePrecision.DAY), '2026-01-12', '2026-01-12', '2026-01-12'],
    [date('2026-02-28', DatePrecision.MONTH), '2026-02', '2026-02-01', '2026-02-28'],
    [date('2028-02-10', DatePrecision.MONTH, true), '2028-02~', '2028-02-01', '2028-02-29'],
    [date('2025-06-01', DatePrecision.SEASON), '2025-22', '2025-06-01', '2025-08-31'],
    [date('2025-04-15', DatePrecision.SEASON), '2025-21', '2025-03-01', '2025-05-31'],
    [date('2025-10-01', DatePrecision.SEASON), '2025-23', '2025-09-01', '2025-11-30'],
    // A winter runs from December into the next year and is named after the year it starts in.
    [date('2025-12-20', DatePrecision.SEASON), '2025-24', '2025-12-01', '2026-02-28'],
    [date('2026-01-20', DatePrecision.SEASON), '2025-24', '2025-12-01', '2026-02-28'],
    [date('2025-07-04', DatePrecision.YEAR), '2025', '2025-01-01', '2025-12-31'],
  ])('%o is %s, from %s to %s', (given, edtf, first, last) => {
    expect(edtfOf(given)).toBe(edtf);
    expect(windowOf(given)).toEqual({ first, last });
  });
});
