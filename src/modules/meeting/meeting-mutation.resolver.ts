import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import {
  CreateMeetingInput,
  CreateMeetingPayload,
  SetMeetingParticipantsInput,
  SetMeetingParticipantsPayload,
  UpdateMeetingInput,
  UpdateMeetingPayload,
} from './meeting.inputs';

@Resolver()
export class MeetingMutationResolver {
  @Authorized(Action.CHANGE_MEETING)
  @Mutation(() => CreateMeetingPayload, { nullable: true, description: 'Records a meeting with its participants (ADMIN).' })
  createMeeting(@Arg('input') input: CreateMeetingInput, @Ctx() ctx: Context) {
    return ctx.services.meetingMutations.create(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_MEETING)
  @Mutation(() => UpdateMeetingPayload, { nullable: true, description: 'Changes a meeting at expectedVersion (ADMIN).' })
  updateMeeting(@Arg('input') input: UpdateMeetingInput, @Ctx() ctx: Context) {
    return ctx.services.meetingMutations.update(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_MEETING)
  @Mutation(() => SetMeetingParticipantsPayload, {
    nullable: true,
    description: 'Replaces the participants of a meeting at expectedVersion (ADMIN).',
  })
  setMeetingParticipants(@Arg('input') input: SetMeetingParticipantsInput, @Ctx() ctx: Context) {
    return ctx.services.meetingMutations.setParticipants(ctx.caller, input);
  }
}
