import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../node/node.type';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../shared/scalars';
import type { Country } from '../country/country.entity';

export enum MeetingRole {
  HOST = 'HOST',
  MEMBER = 'MEMBER',
  INVITED_PARTNER = 'INVITED_PARTNER',
}
registerEnumType(MeetingRole, {
  name: 'MeetingRole',
  description: 'In what capacity a country took part in a meeting.',
  valuesConfig: {
    HOST: { description: 'Hosted or chaired the meeting.' },
    MEMBER: { description: 'Took part as a member of the group that met, e.g. a G7 member.' },
    INVITED_PARTNER: { description: 'Took part at the invitation of the group, without being a member.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A country taking part in a meeting, with its delegate where the sources name one.',
})
@Entity({ name: 'meeting_participants' })
export class MeetingParticipant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ name: 'country_id', type: 'uuid' })
  countryId: string;

  /** Embedded by the query that lists participants. */
  country: Country;

  @Field(() => String, { nullable: true, description: 'Delegate name; null where the sources do not name the person.' })
  @Column({ name: 'delegate_name', type: 'text', nullable: true })
  delegateName: string | null;

  @Field(() => String, { nullable: true, description: "Delegate's office, e.g. Secretary of the Treasury." })
  @Column({ name: 'delegate_title', type: 'text', nullable: true })
  delegateTitle: string | null;

  @Field(() => MeetingRole, { description: 'In what capacity the country took part.' })
  @Column({ type: 'varchar' })
  role: MeetingRole;

  @Field(() => DateScalar, { nullable: true, description: 'When the delegate arrived for the meeting, where a source says.' })
  @Column({ name: 'arrived_on', type: 'date', nullable: true })
  arrivedOn: string | null;
}
