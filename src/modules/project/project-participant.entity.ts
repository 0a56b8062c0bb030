import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Country } from '../country/country.entity';
import { PartyConsent } from '../linked-record/consent';
import { ProjectRole } from './project.entity';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A country taking part in a project, and its role.' })
@Entity({ name: 'project_participants' })
export class ProjectParticipant {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @PrimaryColumn({ name: 'country_id', type: 'uuid' })
  countryId: string;

  /** Embedded by the query that lists participants. */
  country: Country;

  @Field(() => ProjectRole, { description: 'In what capacity the country takes part.' })
  @Column({ type: 'varchar' })
  role: ProjectRole;

  @Field(() => PartyConsent, {
    description: 'ACCEPTED, or INVITED while the country has not answered: an invited participant is not counted in its lists or stats.',
  })
  @Column({ type: 'varchar', default: PartyConsent.ACCEPTED })
  consent: PartyConsent;

  @Field(() => Boolean, {
    description:
      "Whether this participant reports the project (IATI's reporting-org): exactly one per project, and only its team (or ADMIN) changes the project's status.",
  })
  @Column({ type: 'boolean', default: false })
  reporting: boolean;
}
