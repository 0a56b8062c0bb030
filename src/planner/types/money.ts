import { minorUnits } from '../../shared/money';
import type { PlanContext } from '../plan-context';
import type { SelectedField } from '../selection';
import { valueObject } from './fields';

// The currencies whose ISO 4217 minor units are not 2, as the runtime's ICU data gives them: the same source formatAmount reads.
const OTHER_MINOR_UNITS = Intl.supportedValuesOf('currency')
  .map((currency) => [currency, minorUnits(currency)] as const)
  .filter(([, digits]) => digits !== 2);

const MINOR_UNITS_WHEN = OTHER_MINOR_UNITS.map(([code, digits]) => `WHEN '${code}' THEN ${digits}`).join(' ');

const minorUnitsSql = (currency: string) => `CASE ${currency} ${MINOR_UNITS_WHEN} ELSE 2 END`;

/** formatAmount (shared/money.ts) in SQL: trailing zeros dropped, then padded to the currency's minor units. */
function amountSql(amount: string, currency: string): string {
  const significant = `rtrim(split_part(${amount}::text, '.', 2), '0')`;
  const width = `greatest(length(${significant}), ${minorUnitsSql(currency)})`;
  return `split_part(${amount}::text, '.', 1) || CASE WHEN ${width} = 0 THEN '' ELSE '.' || rpad(${significant}, ${width}, '0') END`;
}

/** moneyOf(amount, currency) in SQL: null unless both columns hold a value. */
export function moneySql(ctx: PlanContext, field: SelectedField, amount: string, currency: string): string {
  const value = valueObject(ctx, field, { amount: amountSql(amount, currency), currency });
  return `CASE WHEN ${amount} IS NOT NULL AND ${currency} IS NOT NULL THEN ${value} END`;
}
