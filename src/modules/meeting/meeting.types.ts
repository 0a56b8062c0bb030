import { Field, InputType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { DateScalar } from '../../shared/scalars';
import { Meeting, MeetingKind } from './meeting.entity';

@InputType({ description: 'Narrows a list of meetings; all given conditions must hold.' })
export class MeetingFilter {
  @Field(() => [MeetingKind], { nullable: true })
  kinds?: MeetingKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Meetings in which any of these countries (ISO codes) took part.' })
  countryCodes?: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Meetings starting on or after this date.' })
  startsFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Meetings starting on or before this date.' })
  startsTo?: string | null;
}

export const MeetingConnection = ConnectionType(Meeting, 'Meeting');
