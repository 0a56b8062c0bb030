import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../node/node.type';

export enum CountryKind {
  COUNTRY = 'COUNTRY',
  ECONOMIC_UNION = 'ECONOMIC_UNION',
}
registerEnumType(CountryKind, {
  name: 'CountryKind',
  description: 'Whether the party is a sovereign country or an economic union (the EU).',
  valuesConfig: {
    COUNTRY: { description: 'A sovereign country.' },
    ECONOMIC_UNION: { description: 'An economic union of countries: the European Union (code EU).' },
  },
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A country or economic union that makes or is named in commitments.' })
@Entity({ name: 'countries' })
export class Country {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code (EU for the European Union, an exceptionally reserved code).' })
  @Column({ type: 'varchar', length: 2, unique: true })
  code: string;

  @Field({ description: 'Common English name.' })
  @Column()
  name: string;

  @Field(() => CountryKind, { description: 'Sovereign country or economic union.' })
  @Column({ type: 'varchar' })
  kind: CountryKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
