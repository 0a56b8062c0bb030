import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs, ConnectionType } from '../../shared/pagination';
import type { AsOfSnapshot } from '../audit/as-of';
import { Action } from '../auth/policy';
import { EvidenceDocument } from '../evidence/evidence.entity';
import { NodeResolver } from '../node/node.resolver';
import { Commitment } from '../commitment/commitment.entity';
import { Obligation } from '../obligation/obligation.entity';
import { ASSESSED_RULE } from './assessment.sql';
import { AssessedScore, AssessmentDisagreement } from './assessment.types';
import { Assessment } from './assessment.entity';
import { AssessObligationInput, AssessObligationPayload, CorrectAssessmentInput, CorrectAssessmentPayload } from './assessment.inputs';

export const AssessmentConnection = ConnectionType(Assessment, 'Assessment');

@Resolver(() => Assessment)
export class AssessmentResolver extends NodeResolver(Assessment) {
  @FieldResolver(() => Obligation, {
    nullable: true,
    description: 'The obligation assessed; null once its party was removed from the commitment.',
  })
  obligation(@Root() assessment: Assessment, @Ctx() ctx: Context) {
    return ctx.services.obligations.load(ctx.loaders, assessment.obligationId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it was marked corrected: it is kept, but no longer counts.' })
  corrected(@Root() assessment: Assessment): boolean {
    return assessment.correctedAt !== null;
  }

  @FieldResolver(() => [EvidenceDocument], { description: 'The evidence the score cites, as attached when it was recorded.' })
  evidence(@Root() assessment: Assessment, @Ctx() ctx: Context) {
    return ctx.services.evidence.attachedTo(ctx.loaders, 'ASSESSMENT', assessment.id);
  }
}

/** Obligation.assessments lives here, with the rest of assessments: the obligation module does not know about them. */
@Resolver(() => Obligation)
export class ObligationAssessmentsResolver {
  @FieldResolver(() => AssessmentConnection, {
    description:
      'Every assessment of this obligation, oldest first, corrected ones included (see Assessment.corrected). Per kind, the latest uncorrected one counts. ' +
      'Under an obligation read as of an instant, those recorded by then.',
  })
  assessments(@Root() obligation: Obligation & Partial<AsOfSnapshot>, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.assessments.pageByObligation(ctx.loaders, obligation.id, obligation.asOf, args);
  }
}

@Resolver(() => AssessmentDisagreement)
export class AssessmentDisagreementResolver {
  @FieldResolver(() => Obligation, { nullable: true, description: 'The obligation in question.' })
  obligation(@Root() disagreement: AssessmentDisagreement, @Ctx() ctx: Context) {
    return ctx.services.obligations.load(ctx.loaders, disagreement.obligationId);
  }
}

/** Commitment.assessment lives here, with the rest of assessments. */
@Resolver(() => Commitment)
export class CommitmentAssessmentResolver {
  @FieldResolver(() => AssessedScore, {
    description: `The auditors' view of this commitment, averaged over its members' counted obligations. ${ASSESSED_RULE} For a commitment read with asOf or validOn, as then.`,
  })
  assessment(@Root() commitment: Commitment & Partial<AsOfSnapshot> & { validOn?: string | null }, @Ctx() ctx: Context) {
    return ctx.services.assessments.commitmentScore(ctx.loaders, commitment.id, { asOf: commitment.asOf, validOn: commitment.validOn });
  }
}

@Resolver()
export class AssessmentMutationResolver {
  @Authorized(Action.ASSESS_OBLIGATION)
  @Mutation(() => AssessObligationPayload, {
    nullable: true,
    description:
      'Scores one obligation on the G7 Research Group scale (−1, 0, +1) with a rationale, evidence and the period covered, for an INTERIM or FINAL report. ' +
      "AUDITOR or ADMIN; an AUDITOR whose token names a country may not assess that country's obligations (FORBIDDEN).",
  })
  assessObligation(@Arg('input') input: AssessObligationInput, @Ctx() ctx: Context) {
    return ctx.services.assessmentMutations.assess(ctx.caller, input);
  }

  @Authorized(Action.ASSESS_OBLIGATION)
  @Mutation(() => CorrectAssessmentPayload, {
    nullable: true,
    description:
      'Marks an assessment as mistaken, with a reason: it stays in the record but no longer counts, and the latest uncorrected one of its obligation and kind counts again. ' +
      'The auditor who recorded it, or ADMIN; once only (INVALID_TRANSITION after).',
  })
  correctAssessment(@Arg('input') input: CorrectAssessmentInput, @Ctx() ctx: Context) {
    return ctx.services.assessmentMutations.correct(ctx.caller, input);
  }
}
