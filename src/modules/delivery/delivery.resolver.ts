import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import type { AsOfSnapshot } from '../audit/as-of';
import { Action } from '../auth/policy';
import { EvidenceDocument } from '../evidence/evidence.entity';
import { Obligation } from '../obligation/obligation.entity';
import { ConfirmDeliveryInput, ConfirmDeliveryPayload, ObligationDelivery } from './delivery.types';

/** Obligation.delivery lives here, with the rest of the two-key sign-off. */
@Resolver(() => Obligation)
export class ObligationDeliveryResolver {
  @FieldResolver(() => ObligationDelivery, {
    nullable: true,
    description:
      'The two-key sign-off of a DELIVERED obligation: CLAIMED until someone other than the claimer (another accepted party of the commitment, an AUDITOR or an ADMIN) ' +
      'confirms or refuses it with confirmDelivery; null unless DELIVERED. Under an obligation read as of an instant, as recorded then.',
  })
  delivery(@Root() obligation: Obligation & Partial<AsOfSnapshot>, @Ctx() ctx: Context) {
    return ctx.services.deliveries.of(ctx.loaders, obligation.id, obligation.status, obligation.asOf);
  }
}

@Resolver(() => ObligationDelivery)
export class ObligationDeliveryEvidenceResolver {
  @FieldResolver(() => [EvidenceDocument], { description: 'The evidence the confirmation or refusal cites.' })
  async evidence(@Root() delivery: ObligationDelivery, @Ctx() ctx: Context) {
    const found = await Promise.all(delivery.evidenceIds.map((id) => ctx.services.evidence.load(ctx.loaders, id)));
    return found.filter((evidence) => evidence !== undefined);
  }
}

@Resolver()
export class DeliveryMutationResolver {
  @Authorized(Action.CONFIRM_DELIVERY)
  @Mutation(() => ConfirmDeliveryPayload, {
    nullable: true,
    description:
      'Confirms (confirm: true) or refuses (false) the claimed delivery of a DELIVERED obligation, with a note and evidence: the second key. ' +
      'Another accepted party of the commitment (PARTNER), an AUDITOR or an ADMIN; never whoever recorded the change to DELIVERED (FORBIDDEN), ' +
      "never a partner of the obligation's own country or of a country not party to the commitment. Once per claim (INVALID_TRANSITION after).",
  })
  confirmDelivery(@Arg('input') input: ConfirmDeliveryInput, @Ctx() ctx: Context) {
    return ctx.services.deliveryMutations.review(ctx.caller, input);
  }
}
