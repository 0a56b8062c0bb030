import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { CommitmentStatus } from '../commitment/commitment.status';
import { Node } from '../node/node.type';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "One party's share of a commitment: what that country answers for, with its own status (the commitment workflow), version and history. " +
    "A PARTNER moves its own country's obligation with changeCommitmentStatus; leaving a commitment is moving one's own obligation to WITHDRAWN with a note.",
})
@Entity({ name: 'obligations' })
export class Obligation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'commitment_id', type: 'uuid' })
  commitmentId: string;

  @Column({ name: 'country_id', type: 'uuid' })
  countryId: string;

  @Field(() => CommitmentStatus, { description: "Where this party's share stands; moves are kept in statusHistory." })
  @Column({ type: 'varchar' })
  status: CommitmentStatus;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every change to this obligation, corrections included.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  amount: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field(() => String, { nullable: true, description: 'The note given with the change that set the current status, if any.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'The evidence given with the change that set the current status, if any.' })
  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'When the current status took effect in the world (valid time); null while unknown (the first status of a commitment without a known date).',
  })
  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: string | null;

  /** ACCEPTED, or INVITED while its country has not answered: then it does not count (see countedObligations). */
  @Column({ type: 'varchar', default: 'ACCEPTED' })
  consent: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When this obligation last changed in this service.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
