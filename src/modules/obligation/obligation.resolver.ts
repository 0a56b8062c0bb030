import { PartyConsent } from '../linked-record/consent';
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Money, moneyOf } from '../../shared/money';
import { ConnectionArgs } from '../../shared/pagination';
import type { AsOfSnapshot } from '../audit/as-of';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Action } from '../auth/policy';
import { Commitment } from '../commitment/commitment.entity';
import { CommitmentParty } from '../commitment/commitment-party.entity';
import { PartyRole } from '../commitment/commitment.enums';
import { SETTLED_COMMITMENT_STATUSES } from '../commitment/commitment.status';
import { NodeResolver } from '../node/node.resolver';
import { Obligation } from './obligation.entity';
import { CorrectStatusChangeInput, CorrectStatusChangePayload } from './obligation.inputs';
import { todayUtc } from './obligation.rules';
import { ObligationConnection, ObligationRow, ObligationStatusChange, ObligationStatusChangeConnection } from './obligation.types';

/** A commitment row as lists give it: rebuilt as of an instant (asOf) or for a day (validOn), or as it is. */
type TimedCommitment = Commitment & AsOfSnapshot & { validOn?: string | null };

@Resolver(() => Commitment)
export class CommitmentObligationsResolver {
  @FieldResolver(() => ObligationConnection, {
    description:
      "Each party's own share of the commitment, by country code. For a commitment read with asOf or validOn, the obligations as they stood then.",
  })
  obligations(@Root() commitment: TimedCommitment, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.obligations.pageByCommitment(
      ctx.loaders,
      commitment.id,
      { asOf: commitment.asOf, validOn: commitment.validOn },
      args,
    );
  }
}

@Resolver(() => Obligation)
export class ObligationResolver extends NodeResolver(Obligation) {
  @FieldResolver(() => CommitmentParty, {
    description: 'The country that answers for this obligation, and its role in the commitment (PARTY once it is no longer a party).',
  })
  async party(@Root() obligation: Obligation, @Ctx() ctx: Context): Promise<CommitmentParty> {
    const party = await ctx.services.commitments.loadParty(ctx.loaders, obligation.commitmentId, obligation.countryId);
    if (party) return party;
    const country = (await ctx.services.countries.load(ctx.loaders, obligation.countryId))!;
    return {
      commitmentId: obligation.commitmentId,
      countryId: obligation.countryId,
      country,
      role: PartyRole.PARTY,
      consent: obligation.consent as PartyConsent,
    };
  }

  @FieldResolver(() => Commitment, { description: 'The commitment this obligation is a share of.' })
  async commitment(@Root() obligation: Obligation, @Ctx() ctx: Context) {
    return ctx.services.commitments.load(ctx.loaders, obligation.commitmentId);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'The amount this party pledged itself, where one was stated; never a share copied from another party.',
  })
  amount(@Root() obligation: Obligation): Money | null {
    return moneyOf(obligation.amount, obligation.currency);
  }

  @FieldResolver(() => Boolean, {
    description:
      "true when the commitment's targetOn is before today (the UTC date, or the day read about) and this obligation is neither DELIVERED nor WITHDRAWN.",
  })
  async overdue(@Root() obligation: Obligation & Partial<ObligationRow>, @Ctx() ctx: Context): Promise<boolean> {
    if (typeof obligation.overdue === 'boolean') return obligation.overdue;
    const commitment = await ctx.services.commitments.load(ctx.loaders, obligation.commitmentId);
    const settled = (SETTLED_COMMITMENT_STATUSES as readonly string[]).includes(obligation.status);
    return Boolean(commitment?.targetOn && commitment.targetOn < todayUtc() && !settled);
  }

  @FieldResolver(() => ObligationStatusChangeConnection, {
    description: 'Every status this obligation has had, oldest first, corrections included (a corrected change stays, with correctedBy).',
  })
  statusHistory(@Root() obligation: Obligation & AsOfSnapshot, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.statusHistory(ctx.loaders, obligation.id, args, obligation.asOf);
  }
}

@Resolver(() => ObligationStatusChange)
export class ObligationStatusChangeResolver {
  @FieldResolver(() => ObligationStatusChange, {
    nullable: true,
    description: 'The correction that marked this change as mistaken (its note is the reason); null while the change stands.',
  })
  correctedBy(@Root() change: StatusChangeRecord, @Ctx() ctx: Context) {
    return ctx.services.obligations.correctionOf(ctx.loaders, change.id);
  }
}

@Resolver()
export class ObligationMutationResolver {
  @Authorized(Action.CHANGE_COMMITMENT)
  @Mutation(() => CorrectStatusChangePayload, {
    nullable: true,
    description:
      "Marks one recorded status change of an obligation as mistaken and restores the obligation's state before it; the change stays in the history with correctedBy, " +
      'and the correction is its own entry carrying the reason. PARTNER: only changes its own country made; ADMIN: any. Only the latest standing change of an obligation ' +
      '(CORRECTION_NOT_LATEST otherwise). A final status (DELIVERED, WITHDRAWN) is left only this way.',
  })
  correctStatusChange(@Arg('input') input: CorrectStatusChangeInput, @Ctx() ctx: Context) {
    return ctx.services.obligationMutations.correct(ctx.caller, input);
  }
}
