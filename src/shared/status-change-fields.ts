import { IsOptional, IsUrl, Length, MaxLength, Min } from 'class-validator';
import { IdempotentInput } from './idempotent-input';
import { Field, InputType, Int } from 'type-graphql';
import { DateScalar } from './scalars';

/** The fields every status change carries, whatever its subject. */
@InputType()
export abstract class StatusChangeFields extends IdempotentInput {
  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT with the current version.' })
  @Min(1)
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'Why; required where the workflow says so (e.g. DELAYED, WITHDRAWN, CANCELLED).' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Link to evidence; required for DELIVERED.' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http(s) URL' })
  @MaxLength(2000)
  evidenceUrl?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the change took effect, if not today; never in the future.' })
  @IsOptional()
  effectiveOn?: string | null;
}
