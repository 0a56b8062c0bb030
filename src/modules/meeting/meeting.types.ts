import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { MAX_SEARCH_LENGTH } from '../../shared/full-text';
import { ConnectionType } from '../../shared/pagination';
import { DateScalar } from '../../shared/scalars';
import { SortDirection } from '../../shared/sorting';
import { Citation } from '../source/source.types';
import { Meeting, MeetingKind } from './meeting.entity';

@InputType({ description: 'Narrows a list of meetings; all given conditions must hold.' })
export class MeetingFilter {
  @Field(() => [MeetingKind], { nullable: true, description: 'Meetings of any of these kinds.' })
  kinds?: MeetingKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Meetings in which any of these countries (ISO codes) took part.' })
  countryCodes?: string[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Meetings whose startsOn is on or after this date; those without one are left out.',
  })
  startsOnFrom?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Meetings whose startsOn is on or before this date; those without one are left out.',
  })
  startsOnTo?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search over title, summary and city (English stemming, web-search syntax: words, "quoted phrases", OR between alternatives, -word to exclude). Without orderBy, the most relevant come first.',
  })
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;
}

export enum MeetingOrderField {
  START_DATE = 'START_DATE',
  TITLE = 'TITLE',
}
registerEnumType(MeetingOrderField, {
  name: 'MeetingOrderField',
  description: 'What a list of meetings can be sorted by; ties are broken by id, so paging is stable.',
  valuesConfig: {
    START_DATE: { description: 'startsOn (the default); meetings whose date the sources do not give come last.' },
    TITLE: { description: 'Title, in the database collation.' },
  },
});

@InputType({ description: 'Sort order of a list of meetings.' })
export class MeetingOrder {
  @Field(() => MeetingOrderField, { description: 'What to sort by.' })
  field: MeetingOrderField;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: 'ASC (the default) or DESC; items without a value come last either way.',
  })
  direction: SortDirection;
}

export const MEETING_ORDER_DESCRIPTION =
  'Sort order, ties broken by id. Default: START_DATE ASC, or by relevance to filter.search when it searches.';

export const MeetingConnection = ConnectionType(Meeting, 'Meeting');

@ObjectType({
  simpleResolvers: true,
  description:
    'Something a meeting discussed, as the reports name it. A topic is not a commitment: no report states a pledge, and scorecards do not count it.',
})
export class MeetingTopic {
  @Field({ description: 'The topic, in the words of a report, e.g. "funding for new projects".' })
  name: string;

  @Field(() => [Citation], { description: 'Reports of the discussion, each with the passage that reports it.' })
  sources: Citation[];
}
