import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs } from '../../shared/pagination';
import { COMMITMENT_ORDER_DESCRIPTION, CommitmentConnection, CommitmentFilter, CommitmentOrder } from '../commitment/commitment.types';
import { Country } from '../country/country.entity';
import { NodeResolver } from '../node/node.resolver';
import { Citation } from '../source/source.types';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import { MEETING_ORDER_DESCRIPTION, MeetingConnection, MeetingFilter, MeetingOrder, MeetingTopic } from './meeting.types';

@Resolver(() => Meeting)
export class MeetingResolver extends NodeResolver(Meeting) {
  @Query(() => MeetingConnection, {
    description:
      'Meetings, by default in date order (meetings whose date the sources do not give come last), or most relevant first when the filter searches.',
  })
  meetings(
    @Arg('filter', () => MeetingFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: MeetingFilter | null,
    @Arg('orderBy', () => MeetingOrder, { nullable: true, description: MEETING_ORDER_DESCRIPTION }) orderBy: MeetingOrder | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.meetings.page(filter, orderBy, args);
  }

  @Query(() => Meeting, { nullable: true, description: 'One meeting by ID.' })
  meeting(
    @Arg('id', () => ID, { description: 'Global ID of the meeting (Meeting.id); null when none has it.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.meetings.findById(id);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'The host country; null where the sources do not name one.' })
  hostCountry(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    return meeting.hostCountryId ? ctx.services.countries.load(ctx.loaders, meeting.hostCountryId) : null;
  }

  @FieldResolver(() => [MeetingParticipant], { description: 'Host first, then members, then invited partners.' })
  participants(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    return ctx.services.meetings.participants(ctx.loaders, meeting.id);
  }

  @FieldResolver(() => [MeetingTopic], {
    description: 'What the meeting discussed, as the reports name it (not commitments: scorecards do not count topics).',
  })
  topics(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    return ctx.services.meetings.topics(ctx.loaders, meeting.id);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments made at this meeting.' })
  commitments(
    @Root() meeting: Meeting,
    @Arg('filter', () => CommitmentFilter, { nullable: true, description: 'Narrows the commitments, as on the root commitments list.' })
    filter: CommitmentFilter | null,
    @Arg('orderBy', () => CommitmentOrder, { nullable: true, description: COMMITMENT_ORDER_DESCRIPTION }) orderBy: CommitmentOrder | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.commitments.pageByMeeting(ctx.loaders, meeting.id, { filter, orderBy }, args);
  }

  @FieldResolver(() => [Citation], {
    description: 'Reports the meeting is recorded from, oldest first, each with the passage that supports it.',
  })
  sources(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    return ctx.services.sources.citedBy(ctx.loaders, 'meeting', meeting.id);
  }
}

@Resolver(() => MeetingParticipant)
export class MeetingParticipantResolver extends NodeResolver(MeetingParticipant) {
  @FieldResolver(() => Country, { description: 'The participating country.' })
  country(@Root() participant: MeetingParticipant): Country {
    return participant.country;
  }
}
