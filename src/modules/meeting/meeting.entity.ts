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
registerEnumType(MeetingKind, {
  name: 'MeetingKind',
  description: 'The format of a meeting.',
  valuesConfig: {
    MINISTERIAL: { description: 'A meeting of ministers, e.g. G7 energy or finance ministers.' },
    LEADERS_SUMMIT: { description: "A summit of heads of state or government, e.g. the G7 Leaders' Summit." },
    WORKING_GROUP: { description: 'A meeting of officials or experts working on one topic.' },
    BILATERAL: { description: 'A meeting between two countries.' },
  },
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A meeting at which commitments were discussed or made.' })
@Entity({ name: 'meetings' })
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Name of the meeting, as the sources give it.' })
  @Column()
  title: string;

  @Field(() => MeetingKind, { description: 'The format of the meeting.' })
  @Column({ type: 'varchar' })
  kind: MeetingKind;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'First day; null where the sources do not give the date. Where they give only a month, season or year, the first day of it: startsOnAsGiven says which, and whether the date is approximate.',
  })
  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day; equal to startsOn for one-day meetings.' })
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Field(() => String, { nullable: true, description: 'City where it took place; null where the sources do not give it.' })
  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ name: 'host_country_id', type: 'uuid', nullable: true })
  hostCountryId: string | null;

  @Field({ description: 'What was discussed, as the sources report it.' })
  @Column({ type: 'text', default: '' })
  summary: string;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every accepted change; send it back as expectedVersion.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeScalar, { description: 'When the meeting was recorded in this service.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the meeting was last changed in this service.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
