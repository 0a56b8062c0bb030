import { IsOptional, Matches, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';

/** What every answer to an invitation carries, whatever the record. */
@InputType()
export abstract class InvitationAnswerFields extends IdempotentInput {
  @Field(() => Boolean, { description: 'true accepts (the country is bound and counted); false declines (it is no longer named).' })
  accept: boolean;

  @Field(() => String, { nullable: true, description: 'Why, in a few words; kept in the history with the answer.' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you read, if you want CONFLICT when it has changed since.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The invited country's ISO code: a PARTNER answers for its own country only (the default); ADMIN must name one.",
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode?: string | null;
}
