import { Arg, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { fromGlobalId, toGlobalId } from '../../shared/global-id';
import { StatusChangeRecord } from '../audit/status-change.type';
import { SubjectType } from '../audit/audit-event.entity';
import {
  CommitmentStatusChangedEvent,
  ProjectStatusChangedEvent,
  ProjectStatusChangedFilter,
  CommitmentStatusChangedFilter,
} from './live.types';
import type { StatusChangedMessage } from './status-feed';

type SubscribeData = {
  args: { filter?: { countryCodes?: string[] | null; commitmentIds?: string[] | null; projectIds?: string[] | null } | null };
  context: Context;
};

/** Builds the predicate for one subscription; IDs are checked up front so a bad filter fails the subscribe. */
function acceptFor(subjectType: SubjectType, typeName: string, { args }: SubscribeData) {
  const countries = args.filter?.countryCodes?.map((code) => code.toUpperCase());
  const ids = (args.filter?.commitmentIds ?? args.filter?.projectIds)?.map((id) => fromGlobalId(typeName, id, 'filter'));
  return (message: StatusChangedMessage) =>
    message.subjectType === subjectType &&
    (!countries?.length || message.countryCodes.some((code) => countries.includes(code))) &&
    (!ids?.length || ids.includes(message.subjectId));
}

function statusChangeOf(message: StatusChangedMessage): StatusChangeRecord {
  return { ...message, recordedAt: new Date(message.occurredAt) };
}

/** The changed record: it committed before the notification was sent, and records are never deleted. */
function changed<T>(row: T | null): T {
  if (!row) throw new Error('a status change was announced for a record that does not exist');
  return row;
}

/**
 * Live status changes over graphql-ws. Status and history are public reads, so
 * every connection (with or without a token) may subscribe; filters narrow them.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => CommitmentStatusChangedEvent, {
    description: 'Every accepted commitment status change, from any API replica, as it commits.',
    subscribe: (data) =>
      (data as unknown as SubscribeData).context.services.statusFeed.subscribe(
        acceptFor(SubjectType.COMMITMENT, 'Commitment', data as unknown as SubscribeData),
      ),
  })
  async commitmentStatusChanged(
    @Root() message: StatusChangedMessage,
    @Arg('filter', () => CommitmentStatusChangedFilter, {
      nullable: true,
      description: 'Only the changes that match; default every change (status changes are public).',
    })
    _filter: CommitmentStatusChangedFilter | null,
    @Ctx() ctx: Context,
  ): Promise<CommitmentStatusChangedEvent> {
    ctx.startEvent();
    const commitment = changed(await ctx.services.commitments.findById(toGlobalId('Commitment', message.subjectId)));
    return { commitment, statusChange: statusChangeOf(message) };
  }

  @Subscription(() => ProjectStatusChangedEvent, {
    description: 'Every accepted project status change, from any API replica, as it commits.',
    subscribe: (data) =>
      (data as unknown as SubscribeData).context.services.statusFeed.subscribe(
        acceptFor(SubjectType.PROJECT, 'Project', data as unknown as SubscribeData),
      ),
  })
  async projectStatusChanged(
    @Root() message: StatusChangedMessage,
    @Arg('filter', () => ProjectStatusChangedFilter, {
      nullable: true,
      description: 'Only the changes that match; default every change (status changes are public).',
    })
    _filter: ProjectStatusChangedFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ProjectStatusChangedEvent> {
    ctx.startEvent();
    const project = changed(await ctx.services.projects.findById(toGlobalId('Project', message.subjectId)));
    return { project, statusChange: statusChangeOf(message) };
  }
}
