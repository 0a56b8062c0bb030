import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import {
  CreateOrganisationInput,
  CreateOrganisationPayload,
  RespondToOrganisationInvitationInput,
  RespondToOrganisationInvitationPayload,
  SetProjectOrganisationsInput,
  SetProjectOrganisationsPayload,
} from './organisation.inputs';

@Resolver()
export class OrganisationMutationResolver {
  @Authorized(Action.CHANGE_ORGANISATION)
  @Mutation(() => CreateOrganisationPayload, {
    nullable: true,
    description: 'Records an organisation with its IATI identifier (PARTNER for one of its own country, or ADMIN for any).',
  })
  createOrganisation(@Arg('input') input: CreateOrganisationInput, @Ctx() ctx: Context) {
    return ctx.services.organisationMutations.create(ctx.caller, input);
  }

  @Authorized(Action.REPORT_PROJECT_FUNDING)
  @Mutation(() => SetProjectOrganisationsPayload, {
    nullable: true,
    description:
      "Replaces a project's participating organisations and optionally its reporting organisation (ADMIN, or PARTNER of the project's reporting participant).",
  })
  setProjectOrganisations(@Arg('input') input: SetProjectOrganisationsInput, @Ctx() ctx: Context) {
    return ctx.services.organisationMutations.setForProject(ctx.caller, input);
  }

  @Authorized(Action.CHANGE_ORGANISATION)
  @Mutation(() => RespondToOrganisationInvitationPayload, {
    nullable: true,
    description:
      "Accepts or declines, for an organisation's country (its PARTNER, or ADMIN), the invitation a project made the organisation.",
  })
  respondToOrganisationInvitation(@Arg('input') input: RespondToOrganisationInvitationInput, @Ctx() ctx: Context) {
    return ctx.services.organisationMutations.respond(ctx.caller, input);
  }
}
