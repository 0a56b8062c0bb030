import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import { ConnectionType } from '../../shared/pagination';
import { Project } from '../project/project.entity';
import { PartyConsent } from '../linked-record/consent';
import { OrganisationRole, OrganisationType } from './organisation.codes';
import { Organisation } from './organisation.entity';
import { MAX_ORGANISATION_IDENTIFIER, ORGANISATION_IDENTIFIER } from './organisation.rules';
import { ProjectOrganisation } from './project-organisation.types';

const NOT_BLANK = { message: '$property must not be blank' };
const ISO_COUNTRY = /^[A-Za-z]{2}$/;
/** The most organisations one project names: far more than any IATI activity lists. */
export const MAX_PROJECT_ORGANISATIONS = 50;

@InputType({ description: 'Narrows a list of organisations; all given conditions must hold.' })
export class OrganisationFilter {
  @Field(() => [String], { nullable: true, description: 'Organisations of any of these countries (ISO codes).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(ISO_COUNTRY, { each: true, message: 'countryCodes must be ISO 3166-1 alpha-2 codes' })
  countryCodes?: string[] | null;

  @Field(() => [OrganisationType], { nullable: true, description: 'Organisations of any of these types.' })
  @IsOptional()
  @ArrayMaxSize(20)
  organisationTypes?: OrganisationType[] | null;

  @Field(() => [String], { nullable: true, description: 'Organisations with any of these IATI identifiers (exact).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(MAX_ORGANISATION_IDENTIFIER, { each: true })
  iatiIdentifiers?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Organisations whose name contains this text (case-insensitive), at most 100 characters.',
  })
  @IsOptional()
  @Length(1, 100)
  nameContains?: string | null;
}

export const OrganisationConnection = ConnectionType(Organisation, 'Organisation');

@InputType({ description: 'An organisation to record (PARTNER for an organisation of its own country, or ADMIN).' })
export class CreateOrganisationInput extends IdempotentInput {
  @Field({ description: 'IATI organisation identifier, e.g. GB-GOV-1: agency prefix, hyphen, identifier; unique; at most 100 characters.' })
  @Length(4, MAX_ORGANISATION_IDENTIFIER)
  @Matches(ORGANISATION_IDENTIFIER, {
    message: 'iatiIdentifier must be an IATI organisation identifier such as GB-GOV-1 (letters, digits and . _ : - only)',
  })
  iatiIdentifier: string;

  @Field({ description: 'Name of the organisation; not blank, at most 300 characters.' })
  @Length(1, 300)
  @Matches(/\S/, NOT_BLANK)
  name: string;

  @Field(() => OrganisationType, { description: "What kind of organisation it is (IATI's OrganisationType)." })
  organisationType: OrganisationType;

  @Field(() => String, {
    nullable: true,
    description: 'ISO code of its country, a tracked one; omit for one of no one country (a multilateral), which only ADMIN records.',
  })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The recorded organisation.' })
export class CreateOrganisationPayload extends MutationPayload {
  @Field(() => Organisation, { description: 'The new organisation.' })
  organisation: Organisation;
}

@InputType({ description: 'An organisation taking part in a project, in one role.' })
export class ProjectOrganisationInput {
  @Field(() => ID, { description: 'Global ID of the Organisation.' })
  @MaxLength(200)
  organisationId: string;

  @Field(() => OrganisationRole, { description: "Its role (IATI's OrganisationRole)." })
  role: OrganisationRole;
}

@InputType({
  description:
    "Replaces a project's participating organisations and, optionally, its reporting organisation (ADMIN, or PARTNER of the project's reporting participant).",
})
export class SetProjectOrganisationsInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the Project.' })
  @MaxLength(200)
  projectId: string;

  @Field(() => Int, { description: 'The version of the project you read; CONFLICT if it has changed since.' })
  expectedVersion: number;

  @Field(() => [ProjectOrganisationInput], {
    description: `The whole list, in order (at most ${MAX_PROJECT_ORGANISATIONS}); an organisation of another country is INVITED unless it was named already or ADMIN names it.`,
  })
  @ArrayMaxSize(MAX_PROJECT_ORGANISATIONS)
  @ValidateNested({ each: true })
  organisations: ProjectOrganisationInput[];

  @Field(() => ID, {
    nullable: true,
    description:
      "Global ID of the organisation that reports the project (IATI's reporting-org); omit to keep the current one. It must be of the caller's country or of none (ADMIN: any).",
  })
  @IsOptional()
  @MaxLength(200)
  reportingOrganisationId?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The project with its organisations replaced.' })
export class SetProjectOrganisationsPayload extends MutationPayload {
  @Field(() => Project, { description: 'The project, its version bumped when anything changed.' })
  project: Project;
}

@InputType({ description: "An organisation's country answering the invitation a project made it (that country's PARTNER, or ADMIN)." })
export class RespondToOrganisationInvitationInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the Project.' })
  @MaxLength(200)
  projectId: string;

  @Field(() => ID, { description: 'Global ID of the invited Organisation.' })
  @MaxLength(200)
  organisationId: string;

  @Field({ description: 'True to accept (it takes part in every role it was named in), false to decline (it is no longer named).' })
  accept: boolean;

  @Field(() => String, { nullable: true, description: 'Why, kept in the history; at most 2000 characters.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The answer, recorded.' })
export class RespondToOrganisationInvitationPayload extends MutationPayload {
  @Field(() => Project, { description: 'The project, its version bumped.' })
  project: Project;

  @Field(() => PartyConsent, { nullable: true, description: 'ACCEPTED, or null when the organisation declined and is no longer named.' })
  consent: PartyConsent | null;
}

export { ProjectOrganisation };
