import { JSONResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { toGlobalId } from '../../shared/global-id';
import { ConnectionArgs } from '../../shared/pagination';
import { Action, authorize } from '../auth/policy';
import { SubjectType } from './audit-event.entity';
import { AuditCheckpoint, AuditEventConnection, AuditEventRecord, AuditTrailFilter, AuditVerification, CheckpointInput } from './audit-event.type';

const SUBJECT_TYPE_NAMES: Record<SubjectType, string> = {
  [SubjectType.COMMITMENT]: 'Commitment',
  [SubjectType.PROJECT]: 'Project',
  [SubjectType.MEMBERSHIP]: 'AllianceMembership',
  [SubjectType.MEETING]: 'Meeting',
  [SubjectType.ALLIANCE]: 'Alliance',
};

@Resolver(() => AuditEventRecord)
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'The tamper-evident audit trail in sequence order (AUDITOR, ADMIN).' })
  auditTrail(
    @Arg('filter', () => AuditTrailFilter, { nullable: true }) filter: AuditTrailFilter | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.auditTrail.trail(ctx.caller, filter, args);
  }

  @Query(() => AuditVerification, {
    description: 'Re-computes the hash chain over fromSequence..toSequence (default: all) and, given a checkpoint kept earlier, proves it is still a prefix of the trail (AUDITOR, ADMIN).',
  })
  verifyAuditTrail(
    @Arg('fromSequence', () => Int, { nullable: true }) fromSequence: number | null,
    @Arg('toSequence', () => Int, { nullable: true }) toSequence: number | null,
    @Arg('checkpoint', () => CheckpointInput, { nullable: true }) checkpoint: CheckpointInput | null,
    @Ctx() ctx: Context,
  ) {
    authorize(ctx.caller, Action.READ_AUDIT_TRAIL);
    return ctx.services.auditVerifier.verify({ fromSequence, toSequence }, checkpoint);
  }

  @Query(() => AuditCheckpoint, { description: 'A signed statement of the current head of the trail; keep it to prove later that nothing before it changed (AUDITOR, ADMIN).' })
  auditCheckpoint(@Ctx() ctx: Context) {
    authorize(ctx.caller, Action.READ_AUDIT_TRAIL);
    return ctx.services.auditVerifier.checkpoint();
  }

  @FieldResolver(() => JSONResolver, { description: 'What changed: for updates, { field: { old, new } }; for creations, the input.' })
  async changes(@Root() event: AuditEventRecord, @Ctx() ctx: Context): Promise<unknown> {
    return (await ctx.services.auditTrail.payloadOf(ctx.loaders, event.sequence)).changes;
  }

  @FieldResolver(() => JSONResolver, { nullable: true, description: 'The whole record as it stood after the change (database column names).' })
  async state(@Root() event: AuditEventRecord, @Ctx() ctx: Context): Promise<unknown> {
    return (await ctx.services.auditTrail.payloadOf(ctx.loaders, event.sequence)).state;
  }

  @FieldResolver(() => ID)
  subjectGlobalId(@Root() event: AuditEventRecord & { subjectId: string }): string {
    return toGlobalId(SUBJECT_TYPE_NAMES[event.subjectType], event.subjectId);
  }
}
