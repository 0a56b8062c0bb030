import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import { CommitmentInstrument, CommitmentKind, ValueChainStage } from './commitment.enums';
import { CommitmentStatus } from './commitment.status';
import { ROLLUP_RULE } from '../obligation/obligation.sql';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A promise made by one or more parties, tracked from announcement to delivery.',
})
@Entity({ name: 'commitments' })
export class Commitment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Short headline of what is promised.' })
  @Column()
  title: string;

  @Field({ description: 'What is promised, in more detail; empty when the sources give no more than the title.' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => CommitmentKind, { description: 'What the commitment promises.' })
  @Column({ type: 'varchar' })
  kind: CommitmentKind;

  @Field(() => CommitmentInstrument, { description: 'The kind of document or act that made the commitment.' })
  @Column({ type: 'varchar' })
  instrument: CommitmentInstrument;

  @Field(() => CommitmentStatus, {
    description: `Where the commitment stands as a whole. ${ROLLUP_RULE} Each party moves its own obligation with changeCommitmentStatus; the moves of this roll-up are kept in statusHistory.`,
  })
  @Column({ type: 'varchar' })
  status: CommitmentStatus;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every accepted change; send it back as expectedVersion.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => [ValueChainStage], { description: 'Stages of the value chain the commitment addresses; empty when not stated.' })
  @Column({ name: 'value_chain_stages', type: 'varchar', array: true, default: () => "'{}'" })
  valueChainStages: ValueChainStage[];

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  amount: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the commitment was made public, where known to the day.' })
  @Column({ name: 'announced_on', type: 'date', nullable: true })
  announcedOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the commitment is due, where a source sets a date.' })
  @Column({ name: 'target_on', type: 'date', nullable: true })
  targetOn: string | null;

  @Field(() => DateTimeScalar, { description: 'When the commitment was recorded in this service (not when it was made; see announcedOn).' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the commitment was last changed in this service.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
