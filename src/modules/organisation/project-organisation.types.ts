import { Field, ObjectType } from 'type-graphql';
import { PartyConsent } from '../linked-record/consent';
import { OrganisationRole } from './organisation.codes';

/** A row of project_organisations; its organisation is resolved through a loader. */
@ObjectType({
  simpleResolvers: true,
  description:
    "An organisation taking part in a project in one IATI role (IATI's participating-org); an organisation may hold several roles.",
})
export class ProjectOrganisation {
  projectId: string;

  organisationId: string;

  @Field(() => OrganisationRole, { description: "The organisation's role in the project (IATI's OrganisationRole)." })
  role: OrganisationRole;

  @Field(() => PartyConsent, {
    description:
      "ACCEPTED, or INVITED while the team of the organisation's country has not answered (a PARTNER named another country's organisation): an invited organisation is not exported or counted.",
  })
  consent: PartyConsent;
}
