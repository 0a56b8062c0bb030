import { IsOptional, Matches, MaxLength, Min } from 'class-validator';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../shared/scalars';
import { MutationPayload } from '../../shared/relay-mutation';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { AllianceMembership, MembershipStatus } from './alliance-membership.entity';
import { MembershipStatusChange } from './alliance.types';

@InputType({
  description:
    "Sets a country's standing in an alliance (ADMIN). A first membership starts as INVITED or MEMBER; after that, moves follow MembershipStatus and need expectedVersion.",
})
export class SetAllianceMembershipInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the alliance (Alliance.id).' })
  allianceId: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code of a tracked country (case-insensitive), e.g. IN.' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => MembershipStatus, {
    description: 'The new status: INVITED or MEMBER for a first membership, else a move MembershipStatus allows from the current one.',
  })
  status: MembershipStatus;

  @Field(() => Int, { nullable: true, description: 'The version you read; required when the membership exists.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day of the new status; default today. Not for FORMER, which keeps the day of joining.',
  })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'For FORMER: the last day of the membership; default today. Not for other statuses.',
  })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Note on the new status, e.g. how the invitation was announced; kept on the membership and in its status history.',
  })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The membership after the change, and the status history entry recording it.' })
export class SetAllianceMembershipPayload extends MutationPayload {
  @Field(() => AllianceMembership, { description: 'The membership after the change.' })
  membership: AllianceMembership;

  @Field(() => MembershipStatusChange, { description: 'The status history entry the change created.' })
  statusChange: StatusChangeRecord;
}
