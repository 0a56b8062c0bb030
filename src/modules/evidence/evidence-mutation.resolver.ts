import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import {
  AttachEvidenceInput,
  AttachEvidencePayload,
  RegisterEvidenceInput,
  RegisterEvidencePayload,
  SupersedeEvidenceInput,
  SupersedeEvidencePayload,
} from './evidence.inputs';

@Resolver()
export class EvidenceMutationResolver {
  @Authorized(Action.SUBMIT_EVIDENCE)
  @Mutation(() => RegisterEvidencePayload, {
    nullable: true,
    description:
      'Registers a document held at a URL with the SHA-256 its submitter declares (PARTNER, AUDITOR or ADMIN). Upload bytes with POST /evidence instead to have the server compute the hash.',
  })
  registerEvidence(@Arg('input') input: RegisterEvidenceInput, @Ctx() ctx: Context) {
    return ctx.services.evidenceMutations.register(ctx.caller, input);
  }

  @Authorized(Action.SUPERSEDE_EVIDENCE)
  @Mutation(() => SupersedeEvidencePayload, {
    nullable: true,
    description:
      "Marks evidence as superseded, with a reason (AUDITOR or ADMIN, or PARTNER for its own country's evidence). Evidence is never deleted; superseding it again is INVALID_TRANSITION.",
  })
  supersedeEvidence(@Arg('input') input: SupersedeEvidenceInput, @Ctx() ctx: Context) {
    return ctx.services.evidenceMutations.supersede(ctx.caller, input);
  }

  @Authorized(Action.ATTACH_EVIDENCE)
  @Mutation(() => AttachEvidencePayload, {
    nullable: true,
    description: "Attaches evidence to a record it backs, for now a Project (AUDITOR or ADMIN, or PARTNER for its own country's records).",
  })
  attachEvidence(@Arg('input') input: AttachEvidenceInput, @Ctx() ctx: Context) {
    return ctx.services.evidenceMutations.attach(ctx.caller, input);
  }
}
