import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar } from '../../shared/scalars';
import { describeStatusValues, describeTransitions, Workflow } from '../../shared/workflow';
import type { Country } from '../country/country.entity';
import { Node } from '../node/node.type';
import type { Alliance } from './alliance.entity';

export enum MembershipStatus {
  INVITED = 'INVITED',
  MEMBER = 'MEMBER',
  DECLINED = 'DECLINED',
  FORMER = 'FORMER',
}
export const MEMBERSHIP_TRANSITIONS: Readonly<Record<MembershipStatus, readonly MembershipStatus[]>> = {
  INVITED: [MembershipStatus.MEMBER, MembershipStatus.DECLINED],
  MEMBER: [MembershipStatus.FORMER],
  DECLINED: [],
  FORMER: [],
};

export const MEMBERSHIP_WORKFLOW: Workflow<MembershipStatus> = {
  subject: 'membership',
  transitions: MEMBERSHIP_TRANSITIONS,
  needsNote: [],
  needsEvidence: [],
};

registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: `Where a country stands with an alliance. Allowed moves: ${describeTransitions(MEMBERSHIP_TRANSITIONS)}.`,
  valuesConfig: describeStatusValues(MEMBERSHIP_WORKFLOW, {
    INVITED: 'Invited to join; has not yet joined or declined.',
    MEMBER: 'A member now; counts for allianceCodes filters.',
    DECLINED: 'Turned the invitation down.',
    FORMER: 'Was a member and has left; endsOn gives the last day.',
  }),
});

@ObjectType({ simpleResolvers: true, implements: Node, description: "A country's standing in an alliance." })
@Entity({ name: 'alliance_memberships' })
export class AllianceMembership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'alliance_id', type: 'uuid' })
  allianceId: string;

  @Column({ name: 'country_id', type: 'uuid' })
  countryId: string;

  /** Embedded when listed through a country or alliance; loaded otherwise. */
  alliance?: Alliance;
  country?: Country;

  @Field(() => MembershipStatus, {
    description: 'Current standing; changes go through setAllianceMembership and are kept in statusHistory.',
  })
  @Column({ type: 'varchar' })
  status: MembershipStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'First day of the current status, where known to the day: of the invitation (INVITED), of joining (MEMBER, and still for FORMER) or of declining (DECLINED).',
  })
  @Column({ name: 'since', type: 'date', nullable: true })
  startsOn: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the membership, for FORMER members; null otherwise.' })
  @Column({ name: 'until', type: 'date', nullable: true })
  endsOn: string | null;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every accepted change.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field({ description: 'Note on the current status, e.g. how and when an invitation was announced.' })
  @Column({ type: 'text', default: '' })
  note: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
