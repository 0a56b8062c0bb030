import { IsOptional, Matches } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { CurrencyScalar, DecimalScalar } from './scalars';

@ObjectType({ simpleResolvers: true, description: 'An exact amount of money in one currency.' })
export class Money {
  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code.' })
  currency: string;
}

@InputType({ description: 'An exact, non-negative amount in one currency.' })
export class MoneyInput {
  @Field(() => DecimalScalar)
  @Matches(/^\d/, { message: 'amount must not be negative' })
  amount: string;

  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code, e.g. USD, EUR, JPY.' })
  currency: string;
}

/** A Money value from an amount column and its currency column, null when no amount is recorded. */
export function moneyOf(amount: string | null, currency: string | null): Money | null {
  return amount !== null && currency !== null ? { amount, currency } : null;
}
