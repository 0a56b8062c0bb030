import { GraphQLScalarType, Kind } from 'graphql';
import { CurrencyResolver, DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { BadUserInputError } from './errors';

const DECIMAL_PATTERN = /^-?\d{1,18}(\.\d{1,2})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text)) {
    throw new BadUserInputError(
      `Decimal must be a string of digits with at most 2 decimal places, e.g. "1250000.00"; got ${JSON.stringify(value)}`,
    );
  }
  // Two decimal places always, as the database returns them, so equal amounts compare equal.
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Exact decimals travel as strings so no amount is ever rounded through a float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, never rounded through floating point. As input: an optional minus sign, up to 18 digits, and at most 2 decimal places, e.g. "1250000.00" (a subset of the XML Schema decimal lexical form). ' +
    'Money amounts are written with their currency\'s ISO 4217 minor units ("1250000.00" USD, "150000000" JPY), and an input amount may have no more decimal places than its currency has.',
  specifiedByURL: 'https://www.w3.org/TR/xmlschema11-2/#decimal',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) {
      throw new BadUserInputError('Decimal must be given as a string, e.g. "1250000.00"');
    }
    return parseDecimal(ast.value);
  },
});

/** A calendar date, YYYY-MM-DD: the full-date of RFC 3339, ISO 8601's extended calendar date. */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
});
/** An instant, written as an RFC 3339 date-time in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
});
/** ISO 4217 code, upper-cased on input so "usd" and "USD" mean the same currency. */
export const CurrencyScalar = new GraphQLScalarType({
  name: 'Currency',
  description: 'An ISO 4217 currency code such as USD, EUR or JPY (case-insensitive on input, upper case on output).',
  specifiedByURL: 'https://www.iso.org/iso-4217-currency-codes.html',
  serialize: (value) => CurrencyResolver.serialize(value),
  parseValue: (value) => CurrencyResolver.parseValue(typeof value === 'string' ? value.toUpperCase() : value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new BadUserInputError('Currency must be a string such as "USD"');
    return CurrencyResolver.parseValue(ast.value.toUpperCase());
  },
});
