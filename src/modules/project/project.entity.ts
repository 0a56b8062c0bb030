import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import { ProjectStatus } from './project.status';

export enum ProjectKind {
  FUNDING = 'FUNDING',
  TECHNOLOGY_SHARING = 'TECHNOLOGY_SHARING',
  RECYCLING = 'RECYCLING',
  REFINING = 'REFINING',
  RESEARCH = 'RESEARCH',
}
registerEnumType(ProjectKind, {
  name: 'ProjectKind',
  description: 'What a project does.',
  valuesConfig: {
    FUNDING: { description: 'Finances mining, processing or other supply-chain work: investment, loans or grants.' },
    TECHNOLOGY_SHARING: { description: 'Shares technology or know-how between participants.' },
    RECYCLING: { description: 'Recovers minerals from waste and used products.' },
    REFINING: { description: 'Builds or runs processing and refining capacity.' },
    RESEARCH: { description: 'Research and development.' },
  },
});

export enum ProjectRole {
  LEAD = 'LEAD',
  FUNDER = 'FUNDER',
  IMPLEMENTER = 'IMPLEMENTER',
  PARTNER = 'PARTNER',
}
registerEnumType(ProjectRole, {
  name: 'ProjectRole',
  description: 'In what capacity a country takes part in a project.',
  valuesConfig: {
    LEAD: { description: 'Leads the project.' },
    FUNDER: { description: 'Provides money for it.' },
    IMPLEMENTER: { description: 'Carries out the work.' },
    PARTNER: { description: 'Takes part in another capacity (the default).' },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A concrete project (funding, technology sharing, recycling, refining, research) that delivers on commitments.',
})
@Entity({ name: 'projects' })
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Name of the project, as the sources give it.' })
  @Column()
  name: string;

  @Field({ description: 'What the project does, in more detail; empty when the sources give no more than the name.' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => ProjectKind, { description: 'What the project does.' })
  @Column({ type: 'varchar' })
  kind: ProjectKind;

  @Field(() => ProjectStatus, { description: 'IATI activity status; moves go through changeProjectStatus and are kept in statusHistory.' })
  @Column({ type: 'varchar' })
  status: ProjectStatus;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every accepted change.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => String, {
    nullable: true,
    description:
      "IATI activity identifier, unique; it begins with its reporting organisation's identifier. Null only for a project with no reporting participant.",
  })
  @Column({ name: 'iati_identifier', type: 'varchar', nullable: true })
  iatiIdentifier: string | null;

  /** The reporting organisation (IATI's reporting-org), resolved through a loader; one column, so never two. */
  @Column({ name: 'reporting_organisation_id', type: 'uuid', nullable: true })
  reportingOrganisationId: string | null;

  /** STATED or INFERRED (derived from the reporting participant's country); null with the organisation. */
  @Column({ name: 'reporting_organisation_basis', type: 'varchar', nullable: true })
  reportingOrganisationBasis: string | null;

  @Column({ name: 'budget_amount', type: 'numeric', precision: 20, scale: 2, nullable: true })
  budgetAmount: string | null;

  @Column({ name: 'budget_currency', type: 'char', length: 3, nullable: true })
  budgetCurrency: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Planned or actual start date; null where the sources do not give one.' })
  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Planned or actual end date; a project past it and neither CLOSED nor CANCELLED is overdue. Null where not given.',
  })
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Field(() => String, { nullable: true, description: 'Where the project takes place, free text.' })
  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Field(() => DateTimeScalar, { description: 'When the project was recorded in this service.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the project was last changed in this service.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
