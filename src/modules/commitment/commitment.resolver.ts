import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Action, AS_OF_ACCESS } from '../auth/policy';
import { Money, moneyOf } from '../../shared/money';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { VALID_ON_DESCRIPTION } from '../obligation/obligation.sql';
import { AsOfSnapshot } from '../audit/as-of';
import { ConnectionArgs } from '../../shared/pagination';
import { AuditEventConnection } from '../audit/audit-event.types';
import { Country } from '../country/country.entity';
import { Meeting } from '../meeting/meeting.entity';
import { Mineral } from '../mineral/mineral.entity';
import { NodeResolver } from '../node/node.resolver';
import { ProjectConnection } from '../project/project.types';
import { Citation } from '../source/source.types';
import { CommitmentParty } from './commitment-party.entity';
import { Commitment } from './commitment.entity';
import {
  COMMITMENT_ORDER_DESCRIPTION,
  CommitmentConnection,
  CommitmentFilter,
  CommitmentOrder,
  CommitmentStatusChangeConnection,
} from './commitment.types';

@Resolver(() => Commitment)
export class CommitmentResolver extends NodeResolver(Commitment) {
  @Query(() => CommitmentConnection, {
    description:
      'Commitments matching the filter; by default in the order they were recorded, or most relevant first when the filter searches.',
  })
  commitments(
    @Arg('filter', () => CommitmentFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: CommitmentFilter | null,
    @Arg('orderBy', () => CommitmentOrder, { nullable: true, description: COMMITMENT_ORDER_DESCRIPTION }) orderBy: CommitmentOrder | null,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: `Answer as things stood at this instant, rebuilt from the audit trail. ${AS_OF_ACCESS.list}`,
    })
    asOf: Date | null,
    @Arg('validOn', () => DateScalar, { nullable: true, description: VALID_ON_DESCRIPTION }) validOn: string | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.commitments.page(ctx.caller, filter, orderBy, args, { asOf, validOn });
  }

  @Query(() => Commitment, { nullable: true, description: 'One commitment by ID.' })
  commitment(
    @Arg('id', () => ID, { description: 'Global ID of the commitment (Commitment.id); null when none has it.' }) id: string,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: `The commitment as it stood at this instant, rebuilt from the audit trail. ${AS_OF_ACCESS.record}`,
    })
    asOf: Date | null,
    @Arg('validOn', () => DateScalar, { nullable: true, description: VALID_ON_DESCRIPTION }) validOn: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.commitments.findAt(ctx.caller, id, { asOf, validOn });
  }

  @FieldResolver(() => [CommitmentParty], { description: 'Countries bound by the commitment, lead first.' })
  parties(@Root() commitment: Commitment, @Ctx() ctx: Context) {
    return ctx.services.commitments.parties(ctx.loaders, commitment, ctx.services.countries);
  }

  @FieldResolver(() => [Mineral], { description: 'Minerals the commitment covers, by code; empty when none is named.' })
  minerals(@Root() commitment: Commitment, @Ctx() ctx: Context) {
    return ctx.services.commitments.minerals(ctx.loaders, commitment, ctx.services.minerals);
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting at which the commitment was made, if any.' })
  meeting(@Root() commitment: Commitment, @Ctx() ctx: Context) {
    return commitment.meetingId ? ctx.services.meetings.load(ctx.loaders, commitment.meetingId) : null;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Pledged amount, where one was stated.' })
  amount(@Root() commitment: Commitment): Money | null {
    return moneyOf(commitment.amount, commitment.currency);
  }

  @FieldResolver(() => ProjectConnection, { description: `Projects that deliver on this commitment. ${AS_OF_ACCESS.nested}` })
  projects(@Root() commitment: Commitment & AsOfSnapshot, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.projects.pageByCommitment(ctx.caller, ctx.loaders, commitment.id, args, commitment.asOf);
  }

  @Authorized(Action.READ_AUDIT_TRAIL)
  @FieldResolver(() => AuditEventConnection, {
    nullable: true,
    description: 'Every change to this commitment, in sequence order (AUDITOR, ADMIN; FORBIDDEN otherwise).',
  })
  auditTrail(@Root() commitment: Commitment, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.auditTrail.trailOf(ctx.caller, ctx.loaders, commitment.id, args);
  }

  @FieldResolver(() => CommitmentStatusChangeConnection, {
    description: 'Every status the commitment has had, oldest first; `last: 3` gives the three latest.',
  })
  statusHistory(@Root() commitment: Commitment & AsOfSnapshot, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.statusHistory(ctx.loaders, commitment.id, args, commitment.asOf);
  }

  @FieldResolver(() => [Citation], { description: 'Reports the commitment is recorded from, each with the passage that supports it.' })
  sources(@Root() commitment: Commitment, @Ctx() ctx: Context) {
    return ctx.services.sources.citedBy(ctx.loaders, 'commitment', commitment.id);
  }
}

@Resolver(() => CommitmentParty)
export class CommitmentPartyResolver extends NodeResolver(CommitmentParty, { keys: (party) => [party.commitmentId, party.countryId] }) {
  @FieldResolver(() => Country, { description: 'The country bound by the commitment.' })
  country(@Root() party: CommitmentParty): Country {
    return party.country;
  }
}
