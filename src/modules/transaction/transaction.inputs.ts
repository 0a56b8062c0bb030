import { IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MoneyInput } from '../../shared/money';
import { ConnectionType } from '../../shared/pagination';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { TransactionType } from './transaction.codes';
import { Transaction } from './transaction.entity';

const NOT_BLANK = { message: '$property must not be blank' };

/** What a transaction says, whether first recorded or recorded as a correction. */
@InputType()
export abstract class TransactionFieldsInput extends IdempotentInput {
  @Field(() => TransactionType, { description: "What kind of flow it is (IATI's TransactionType)." })
  transactionType: TransactionType;

  @Field(() => DateScalar, { description: 'When it happened: not in the future, not before 1900.' })
  transactionDate: string;

  @Field(() => MoneyInput, { description: 'How much, exact, in its currency.' })
  @ValidateNested()
  value: MoneyInput;

  @Field(() => DateScalar, { nullable: true, description: 'The date of the exchange rate for the value; transactionDate when omitted.' })
  valueDate?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Global ID of the providing Organisation: one the project names that has accepted, or one of your own country or of none (ADMIN: any).',
  })
  @IsOptional()
  @MaxLength(200)
  providerOrganisationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The provider as the record names it (up to 300 characters), with or without an organisation.',
  })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, NOT_BLANK)
  providerNarrative?: string | null;

  @Field(() => ID, { nullable: true, description: 'Global ID of the receiving Organisation, under the same rule as the provider.' })
  @IsOptional()
  @MaxLength(200)
  receiverOrganisationId?: string | null;

  @Field(() => String, { nullable: true, description: 'The receiver as the record names it (up to 300 characters).' })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, NOT_BLANK)
  receiverNarrative?: string | null;

  @Field(() => String, { nullable: true, description: 'What it was for, up to 2000 characters.' })
  @IsOptional()
  @Length(1, 2000)
  @Matches(/\S/, NOT_BLANK)
  description?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The reporting organisation's own reference for it (IATI transaction/@ref), up to 200 characters.",
  })
  @IsOptional()
  @Length(1, 200)
  @Matches(/\S/, NOT_BLANK)
  reference?: string | null;
}

@InputType({ description: "A flow of money of a project to record (ADMIN, or PARTNER of the project's reporting participant)." })
export class RecordTransactionInput extends TransactionFieldsInput {
  @Field(() => ID, { description: 'Global ID of the Project.' })
  @MaxLength(200)
  projectId: string;
}

@InputType({
  description:
    "A transaction that replaces a mistaken one of the same project: all its fields, as they should have been (ADMIN, or PARTNER of the project's reporting participant).",
})
export class CorrectTransactionInput extends TransactionFieldsInput {
  @Field(() => ID, { description: 'Global ID of the Transaction it corrects: one not corrected yet (CORRECTION_NOT_LATEST otherwise).' })
  @MaxLength(200)
  transactionId: string;

  @Field({ description: 'Why the corrected transaction was wrong, kept in the history; 1 to 2000 characters.' })
  @Length(1, 2000)
  @Matches(/\S/, NOT_BLANK)
  reason: string;
}

@ObjectType({ simpleResolvers: true, description: 'The recorded transaction.' })
export class RecordTransactionPayload extends MutationPayload {
  @Field(() => Transaction, { description: 'The new transaction.' })
  transaction: Transaction;
}

@ObjectType({ simpleResolvers: true, description: 'The correcting transaction and the one it replaces.' })
export class CorrectTransactionPayload extends MutationPayload {
  @Field(() => Transaction, { description: 'The new transaction; its corrects names the one it replaces.' })
  transaction: Transaction;

  @Field(() => Transaction, { description: 'The replaced transaction, which no longer counts.' })
  corrected: Transaction;
}

export const TransactionConnection = ConnectionType(Transaction, 'Transaction');
