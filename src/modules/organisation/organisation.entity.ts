import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import { ProvenanceBasis } from '../provenance/provenance.types';
import { OrganisationType } from './organisation.codes';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'An organisation that takes part in projects or moves their money: an agency, a development bank, a firm, a government.',
})
@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({
    description:
      "IATI organisation identifier: a registration agency prefix and the identifier it issued, e.g. GB-GOV-1; unique. ZZ-CMC-GOV-<country code> is this service's own scheme for governments no source identifies.",
  })
  @Column({ name: 'iati_identifier', type: 'varchar', length: 100, unique: true })
  iatiIdentifier: string;

  @Field({ description: 'Name of the organisation.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => OrganisationType, { description: "What kind of organisation it is (IATI's OrganisationType)." })
  @Column({ name: 'organisation_type', type: 'varchar' })
  organisationType: OrganisationType;

  /** Resolved to `country` through a loader. */
  @Column({ name: 'country_id', type: 'uuid', nullable: true })
  countryId: string | null;

  @Field(() => ProvenanceBasis, {
    description:
      'STATED when a source or a user gave the organisation; INFERRED when this service derived it (a government taken to report a project), with note saying why.',
  })
  @Column({ type: 'varchar', default: ProvenanceBasis.STATED })
  basis: ProvenanceBasis;

  @Field(() => String, { nullable: true, description: 'Why an INFERRED organisation is there; null for STATED ones.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every accepted change.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeScalar, { description: 'When the organisation was recorded in this service.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
