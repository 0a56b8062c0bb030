import { JSONResolver } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { toGlobalId } from '../../shared/global-id';
import { ConnectionArgs } from '../../shared/pagination';
import { Action } from '../auth/policy';
import { NodeResolver } from '../node/node.resolver';
import {
  AuditCheckpoint,
  AuditEventConnection,
  AuditEventRecord,
  AuditTrailFilter,
  AuditVerification,
  CheckpointInput,
} from './audit-event.types';
import { StatusChange, statusChangeOfEvent } from './status-change.types';
import { subjectOf } from './subject-registry';

// Everything here is refused to callers other than AUDITOR and ADMIN, so every root field is nullable.
@Resolver(() => AuditEventRecord)
export class AuditResolver extends NodeResolver(AuditEventRecord, { typeName: 'AuditEvent' }) {
  @Authorized(Action.READ_AUDIT_TRAIL)
  @Query(() => AuditEventConnection, {
    nullable: true,
    description: 'The tamper-evident audit trail in sequence order (AUDITOR, ADMIN; FORBIDDEN otherwise).',
  })
  auditTrail(
    @Arg('filter', () => AuditTrailFilter, { nullable: true, description: 'Narrows the trail; all given conditions must hold.' })
    filter: AuditTrailFilter | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.auditTrail.trail(ctx.caller, filter, args);
  }

  @Authorized(Action.READ_AUDIT_TRAIL)
  @Query(() => AuditVerification, {
    nullable: true,
    description:
      'Re-computes the hash chain over fromSequence..toSequence (default: all) and, given a checkpoint kept earlier, proves it is still a prefix of the trail (AUDITOR, ADMIN).',
  })
  verifyAuditTrail(
    @Arg('fromSequence', () => Int, { nullable: true, description: 'First sequence to check; default 1.' }) fromSequence: number | null,
    @Arg('toSequence', () => Int, { nullable: true, description: 'Last sequence to check; default (and at most) the current head.' })
    toSequence: number | null,
    @Arg('checkpoint', () => CheckpointInput, {
      nullable: true,
      description: 'A checkpoint from an earlier auditCheckpoint call, to prove it is still a prefix of the trail.',
    })
    checkpoint: CheckpointInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.auditVerifier.verify({ fromSequence, toSequence }, checkpoint);
  }

  @Authorized(Action.READ_AUDIT_TRAIL)
  @Query(() => AuditCheckpoint, {
    nullable: true,
    description:
      'A signed statement of the current head of the trail; keep it to prove later that nothing before it changed (AUDITOR, ADMIN).',
  })
  auditCheckpoint(@Ctx() ctx: Context) {
    return ctx.services.auditVerifier.checkpoint();
  }

  @FieldResolver(() => String, {
    description: 'The event UUID as stored and hashed (the `id` member of the export lines and of the hashed event).',
  })
  uuid(@Root() event: AuditEventRecord): string {
    return event.id;
  }

  @FieldResolver(() => StatusChange, {
    nullable: true,
    description:
      'The status history entry this event recorded, typed by the kind of record (e.g. CommitmentStatusChange with CommitmentStatus values); null for events that set no status. ' +
      'Select its statuses per type, aliased when you select several: their enums differ.',
  })
  statusChange(@Root() event: AuditEventRecord) {
    return statusChangeOfEvent(event);
  }

  @FieldResolver(() => JSONResolver, { description: 'What changed: for updates, { field: { old, new } }; for creations, the input.' })
  async changes(@Root() event: AuditEventRecord, @Ctx() ctx: Context): Promise<unknown> {
    return (await ctx.services.auditTrail.payloadOf(ctx.loaders, event.sequence)).changes;
  }

  @FieldResolver(() => JSONResolver, {
    nullable: true,
    description: 'The whole record as it stood after the change (database column names).',
  })
  async state(@Root() event: AuditEventRecord, @Ctx() ctx: Context): Promise<unknown> {
    return (await ctx.services.auditTrail.payloadOf(ctx.loaders, event.sequence)).state;
  }

  @FieldResolver(() => ID)
  subjectGlobalId(@Root() event: AuditEventRecord & { subjectId: string }): string {
    return toGlobalId(subjectOf(event.subjectType).typeName, event.subjectId);
  }
}
