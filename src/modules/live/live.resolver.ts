import { Arg, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { AppError, ErrorCode } from '../../shared/errors';
import { fromGlobalId, toGlobalId } from '../../shared/global-id';
import { StatusChangeRecord } from '../audit/status-change.types';
import { SubjectType } from '../audit/audit-event.entity';
import {
  CommitmentStatusChangedEvent,
  ProjectStatusChangedEvent,
  ProjectStatusChangedFilter,
  CommitmentStatusChangedFilter,
} from './live.types';
import type { FellBehind, StatusChangedMessage } from './status-feed';

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

/** The subscribe function of one kind of status change: the feed, narrowed by the subscription's filter. */
function subscribeTo(subjectType: SubjectType, typeName: string) {
  return (data: object) => {
    const subscribeData = data as unknown as SubscribeData;
    return subscribeData.context.services.statusFeed.subscribe(acceptFor(subjectType, typeName, subscribeData));
  };
}

/**
 * The changed record, as it is now, with its status change. It committed before the
 * notification was sent, and records are never deleted.
 */
async function changedRecord<T>(
  ctx: Context,
  message: StatusChangedMessage | FellBehind,
  typeName: string,
  find: (globalId: string) => Promise<T | null>,
) {
  if ('fellBehind' in message)
    throw new AppError(
      ErrorCode.SUBSCRIPTION_FELL_BEHIND,
      `This subscription fell ${message.fellBehind} status changes behind (is its client reading?) and was ended: subscribe again, and read what changed meanwhile from statusHistory`,
    );
  ctx.startEvent();
  const record = await find(toGlobalId(typeName, message.subjectId));
  if (!record) throw new Error('a status change was announced for a record that does not exist');
  return { record, statusChange: statusChangeOf(message) };
}

/**
 * Live status changes over graphql-ws. Status and history are public reads, so
 * every connection (with or without a token) may subscribe; filters narrow them.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => CommitmentStatusChangedEvent, {
    description: 'Every accepted commitment status change, from any API replica, as it commits.',
    subscribe: subscribeTo(SubjectType.COMMITMENT, 'Commitment'),
  })
  async commitmentStatusChanged(
    @Root() message: StatusChangedMessage | FellBehind,
    @Arg('filter', () => CommitmentStatusChangedFilter, {
      nullable: true,
      description: 'Only the changes that match; default every change (status changes are public).',
    })
    _filter: CommitmentStatusChangedFilter | null,
    @Ctx() ctx: Context,
  ): Promise<CommitmentStatusChangedEvent> {
    const { record, statusChange } = await changedRecord(ctx, message, 'Commitment', (id) => ctx.services.commitments.findById(id));
    return { commitment: record, statusChange };
  }

  @Subscription(() => ProjectStatusChangedEvent, {
    description: 'Every accepted project status change, from any API replica, as it commits.',
    subscribe: subscribeTo(SubjectType.PROJECT, 'Project'),
  })
  async projectStatusChanged(
    @Root() message: StatusChangedMessage | FellBehind,
    @Arg('filter', () => ProjectStatusChangedFilter, {
      nullable: true,
      description: 'Only the changes that match; default every change (status changes are public).',
    })
    _filter: ProjectStatusChangedFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ProjectStatusChangedEvent> {
    const { record, statusChange } = await changedRecord(ctx, message, 'Project', (id) => ctx.services.projects.findById(id));
    return { project: record, statusChange };
  }
}
