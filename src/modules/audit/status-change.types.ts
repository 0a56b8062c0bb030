import { Field, InterfaceType, Int, ObjectType, Resolver } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { statusChangeRequirements } from '../../shared/status-change-fields';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { ACTOR_ROLES } from '../auth/role.types';
import { Node, NODE_TYPE, resolveNodeType } from '../node/node.type';
import { NodeResolver } from '../node/node.resolver';
import { findSubject, registeredSubjects, SubjectDescriptor } from './subject-registry';

@ObjectType({
  simpleResolvers: true,
  description: 'Who made a change: the token subject (not shown to everyone, see sub), its role and, for partners, its country.',
})
export class Actor {
  // ActorResolver decides who sees it.
  @Field(() => String, {
    nullable: true,
    description:
      'Token subject (a person or a system; often an e-mail address). Shown to AUDITOR and ADMIN tokens, and to a PARTNER for actors of its own country; ' +
      'null for everyone else, who see the role and country only.',
  })
  sub: string;

  @Field(() => ACTOR_ROLES, { description: 'Role at the time of the change.' })
  role: string;

  /** ISO code of the partner's country, as recorded; the GraphQL field resolves it to the Country. */
  country: string | null;
}

/** A status history entry as read from the audit trail; `id` is the UUID of the event that recorded it. */
export interface StatusChangeRecord {
  id: string;
  sequence: number;
  fromStatus: string | null;
  toStatus: string;
  version: number;
  note: string | null;
  evidenceUrl: string | null;
  effectiveOn: string | null;
  recordedAt: Date;
  actor: Actor;
}

@InterfaceType({
  implements: Node,
  resolveType: resolveNodeType,
  description:
    'One entry of a status history: append-only, never edited. Its ID is that of the audit event that recorded it, so the entry a mutation returns, ' +
    'the one in statusHistory and the one node(id) gives are the same object. Each kind of record has its own type, whose fromStatus and toStatus are its status enum.',
})
export abstract class StatusChange {
  @Field(() => Int, { description: 'Position in the audit trail (gap-free, increasing).' })
  sequence: number;

  @Field(() => Int, { description: 'Version of the record this change produced.' })
  version: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the status changed, as given with the change; each kind of record says which statuses require one.',
  })
  note: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Link to evidence given with the change, if any; each kind of record says which statuses require one.',
  })
  evidenceUrl: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'When the change took effect in the world, if it differs from when it was recorded.',
  })
  effectiveOn: string | null;

  @Field(() => DateTimeScalar, { description: 'Server time at which the change was recorded.' })
  recordedAt: Date;

  @Field(() => Actor, { description: 'Who made the change.' })
  actor: Actor;
}

/** The GraphQL type of a subject's status changes; undefined for subjects without a status. */
export const statusChangeTypeOf = (subjectType: string): string | undefined => findSubject(subjectType)?.statusChangeTypeName;

/** Every registered status change type, with the subject type whose events it reads. */
export const statusChangeTypes = (): [typeName: string, subjectType: string][] =>
  registeredSubjects().flatMap(({ statusChangeTypeName, subjectType }) =>
    statusChangeTypeName ? [[statusChangeTypeName, subjectType] as [string, string]] : [],
  );

/**
 * The status history types of one kind of record (`<Record>StatusChange` and its
 * connection), typed with that record's status enum and described by its workflow
 * (never another record's statuses); the descriptor names the type for the audit trail.
 */
export function StatusChangeTypes(descriptor: Pick<SubjectDescriptor, 'statusChangeTypeName' | 'workflow'>, statusEnum: object) {
  const { statusChangeTypeName: typeName, workflow } = descriptor;
  if (!typeName || !workflow) throw new Error('status change types need a record with a workflow and a status change type name');
  const recordName = typeName.replace(/StatusChange$/, '');
  const subject = recordName.replace(/[A-Z]/g, (letter, at) => `${at ? ' ' : ''}${letter.toLowerCase()}`);
  const requires = statusChangeRequirements(workflow);

  @ObjectType(typeName, {
    simpleResolvers: true,
    implements: [Node, StatusChange],
    description: `One entry of a ${subject}'s status history (see StatusChange).`,
  })
  class TypedStatusChange {
    @Field(() => statusEnum, { nullable: true, description: 'Status before the change; null for the first status.' })
    fromStatus: string | null;

    @Field(() => statusEnum, { description: 'Status after the change.' })
    toStatus: string;

    @Field(() => String, { nullable: true, description: `Why the status changed, as given with the change; ${requires.note}.` })
    note: string | null;

    @Field(() => String, { nullable: true, description: `Link to evidence given with the change, if any; ${requires.evidence}.` })
    evidenceUrl: string | null;
  }

  @Resolver(() => TypedStatusChange)
  class TypedStatusChangeResolver extends NodeResolver(TypedStatusChange, { typeName }) {}

  return { type: TypedStatusChange, resolver: TypedStatusChangeResolver, connection: ConnectionType(TypedStatusChange, typeName) };
}

/** The members of an audit event that a status history entry is made of. */
export interface RecordedEvent {
  id: string;
  sequence: number;
  subjectType: string;
  fromStatus: string | null;
  toStatus: string | null;
  version: number;
  note: string | null;
  evidenceUrl: string | null;
  effectiveOn: string | null;
  occurredAt: Date;
  actor: Actor;
}

/** The status history entry an event recorded, tagged with its GraphQL type; null for an event that set no status. */
export function statusChangeOfEvent(event: RecordedEvent): (StatusChangeRecord & { [NODE_TYPE]: string }) | null {
  const typeName = statusChangeTypeOf(event.subjectType);
  if (!typeName || event.toStatus === null) return null;
  const { id, sequence, fromStatus, toStatus, version, note, evidenceUrl, effectiveOn, occurredAt, actor } = event;
  return {
    id,
    sequence,
    fromStatus,
    toStatus,
    version,
    note,
    evidenceUrl,
    effectiveOn,
    recordedAt: occurredAt,
    actor,
    [NODE_TYPE]: typeName,
  };
}
