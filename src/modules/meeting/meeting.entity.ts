import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';

export enum MeetingKind {
  MINISTERIAL = 'MINISTERIAL',
  LEADERS_SUMMIT = 'LEADERS_SUMMIT',
  WORKING_GROUP = 'WORKING_GROUP',
  BILATERAL = 'BILATERAL',
}
registerEnumType(MeetingKind, { name: 'MeetingKind' });

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A meeting at which commitments were discussed or made.' })
@Entity({ name: 'meetings' })
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  title: string;

  @Field(() => MeetingKind)
  @Column({ type: 'varchar' })
  kind: MeetingKind;

  @Field(() => DateScalar, { nullable: true, description: 'First day; null where the sources do not give the date.' })
  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day; equal to startsOn for one-day meetings.' })
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ name: 'host_country_id', type: 'uuid', nullable: true })
  hostCountryId: string | null;

  @Field({ description: 'What was discussed, as the sources report it.' })
  @Column({ type: 'text', default: '' })
  summary: string;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeScalar)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
