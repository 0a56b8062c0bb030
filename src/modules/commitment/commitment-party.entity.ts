import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Country } from '../country/country.entity';
import { PartyConsent } from '../linked-record/consent';
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

  @Field(() => PartyConsent, {
    description:
      'ACCEPTED, or INVITED while the country has not answered: an invited party is not counted in its scorecard, lists, totals or stats, and is never LEAD.',
  })
  @Column({ type: 'varchar', default: PartyConsent.ACCEPTED })
  consent: PartyConsent;
}
