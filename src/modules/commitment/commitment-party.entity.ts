import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Country } from '../country/country.entity';
import { PartyRole } from './commitment.enums';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A country bound by a commitment, and its role in it.' })
@Entity({ name: 'commitment_parties' })
export class CommitmentParty {
  @PrimaryColumn({ name: 'commitment_id', type: 'uuid' })
  commitmentId: string;

  @PrimaryColumn({ name: 'country_id', type: 'uuid' })
  countryId: string;

  /** Embedded by the query that lists parties. */
  country: Country;

  @Field(() => PartyRole, { description: 'LEAD or PARTY.' })
  @Column({ type: 'varchar' })
  role: PartyRole;
}
