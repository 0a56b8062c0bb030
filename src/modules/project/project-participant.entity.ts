import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Country } from '../country/country.entity';
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
}
