import { Matches, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { CurrencyScalar, DecimalScalar } from './scalars';

const minorUnitsByCurrency = new Map<string, number>();

/** ISO 4217 minor units of a currency (JPY 0, USD 2, BHD 3), as the runtime's ICU data gives them. */
export function minorUnits(currency: string): number {
  let digits = minorUnitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      // Not a well-formed code: the Currency scalar refuses it before anything is written.
      digits = 2;
    }
    minorUnitsByCurrency.set(currency, digits);
  }
  return digits;
}

let otherMinorUnitsSql: string | undefined;

/**
 * minorUnits in SQL: a CASE over `currency` naming every code whose minor units are not 2. The
 * runtime lists fewer currencies (Intl.supportedValuesOf) than it formats (CLF, UYW), so every
 * three-letter code is asked once, on first use (about 0.2 s).
 */
export function minorUnitsSql(currency: string): string {
  if (otherMinorUnitsSql === undefined) {
    const whens: string[] = [];
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const a of letters)
      for (const b of letters)
        for (const c of letters) {
          const digits = minorUnits(a + b + c);
          if (digits !== 2) whens.push(`WHEN '${a}${b}${c}' THEN ${digits}`);
          minorUnitsByCurrency.delete(a + b + c);
        }
    otherMinorUnitsSql = whens.join(' ');
  }
  return `CASE ${currency} ${otherMinorUnitsSql} ELSE 2 END`;
}

/** Decimal places that carry a value ("12.50" has 1). */
function significantDecimals(amount: string): string {
  return (amount.split('.')[1] ?? '').replace(/0+$/, '');
}

/**
 * The one place amounts are written for clients: with exactly the currency's
 * minor units ("1000" JPY, "1000.00" USD, "1.500" BHD), whether they come from
 * a column or from a SQL total. Only zeros are ever dropped, never a digit.
 */
export function formatAmount(amount: string, currency: string): string {
  const whole = amount.split('.')[0];
  const decimals = significantDecimals(amount).padEnd(minorUnits(currency), '0');
  return decimals ? `${whole}.${decimals}` : whole;
}

@ObjectType({ simpleResolvers: true, description: 'An exact amount of money in one currency.' })
export class Money {
  @Field(() => DecimalScalar, {
    description:
      'The amount, with exactly as many decimal places as the currency has minor units (ISO 4217): "1250000.00" USD, "150000000" JPY.',
  })
  amount: string;

  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code.' })
  currency: string;
}

@ValidatorConstraint({ name: 'fitsMinorUnits' })
class FitsMinorUnits implements ValidatorConstraintInterface {
  validate(amount: unknown, args: ValidationArguments): boolean {
    const { currency } = args.object as MoneyInput;
    return typeof amount !== 'string' || typeof currency !== 'string' || significantDecimals(amount).length <= minorUnits(currency);
  }

  defaultMessage(args: ValidationArguments): string {
    const { currency } = args.object as MoneyInput;
    return `amount has more decimal places than ${currency} has minor units (${minorUnits(currency)})`;
  }
}

@InputType({ description: 'An exact, non-negative amount in one currency.' })
export class MoneyInput {
  @Field(() => DecimalScalar, {
    description: 'The amount, with no more decimal places than the currency has minor units (none for JPY or KRW).',
  })
  @Matches(/^\d/, { message: 'amount must not be negative' })
  @Validate(FitsMinorUnits)
  amount: string;

  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code, e.g. USD, EUR, JPY.' })
  currency: string;
}

/** A Money value from an amount column and its currency column, null when no amount is recorded. */
export function moneyOf(amount: string | null, currency: string | null): Money | null {
  return amount !== null && currency !== null ? { amount: formatAmount(String(amount), currency), currency } : null;
}

/** Per-currency totals computed in SQL, written like every other amount. */
export function formatMoneyList(totals: Money[]): Money[] {
  return totals.map(({ amount, currency }) => ({ amount: formatAmount(String(amount), currency), currency }));
}
