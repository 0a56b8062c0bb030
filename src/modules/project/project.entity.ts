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
registerEnumType(ProjectKind, { name: 'ProjectKind' });

export enum ProjectRole {
  LEAD = 'LEAD',
  FUNDER = 'FUNDER',
  IMPLEMENTER = 'IMPLEMENTER',
  PARTNER = 'PARTNER',
}
registerEnumType(ProjectRole, { name: 'ProjectRole', description: 'In what capacity a country takes part in a project.' });

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A concrete project (funding, technology sharing, recycling, refining, research) that delivers on commitments.' })
@Entity({ name: 'projects' })
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field()
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => ProjectKind)
  @Column({ type: 'varchar' })
  kind: ProjectKind;

  @Field(() => ProjectStatus)
  @Column({ type: 'varchar' })
  status: ProjectStatus;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every accepted change.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'budget_amount', type: 'numeric', precision: 20, scale: 2, nullable: true })
  budgetAmount: string | null;

  @Column({ name: 'budget_currency', type: 'char', length: 3, nullable: true })
  budgetCurrency: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Field(() => String, { nullable: true, description: 'Where the project takes place, free text.' })
  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Field(() => DateTimeScalar)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
