import { Field, ID, InputType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { Commitment } from './commitment.entity';
import { CommitmentKind } from './commitment.enums';
import { CommitmentStatus } from './commitment.status';

@InputType({ description: 'Narrows a list of commitments; all given conditions must hold.' })
export class CommitmentFilter {
  @Field(() => [String], { nullable: true, description: 'Commitments where any of these countries (ISO codes) is a party.' })
  countryCodes?: string[] | null;

  @Field(() => [CommitmentKind], { nullable: true })
  kinds?: CommitmentKind[] | null;

  @Field(() => [CommitmentStatus], { nullable: true })
  statuses?: CommitmentStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Commitments covering any of these minerals (codes such as LITHIUM).' })
  mineralCodes?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Commitments made at this meeting.' })
  meetingId?: string | null;
}

export const CommitmentConnection = ConnectionType(Commitment, 'Commitment');
