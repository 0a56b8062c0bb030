import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../node/node.type';

export enum DevelopmentKind {
  EXPORT_RESTRICTION = 'EXPORT_RESTRICTION',
  EXPORT_CONTROLS_AS_LEVERAGE = 'EXPORT_CONTROLS_AS_LEVERAGE',
  SUPPLY_CONTROL = 'SUPPLY_CONTROL',
}
registerEnumType(DevelopmentKind, {
  name: 'DevelopmentKind',
  description: 'What kind of development in the supply of critical minerals a source reports.',
  valuesConfig: {
    EXPORT_RESTRICTION: { description: 'A country restricts exports of minerals, e.g. to firms of another country.' },
    EXPORT_CONTROLS_AS_LEVERAGE: { description: 'A country uses export controls or restrictions as strategic leverage.' },
    SUPPLY_CONTROL: { description: 'A country controls the supply of a mineral or of a downstream product.' },
  },
});

export enum DependentSector {
  DEFENCE = 'DEFENCE',
  SEMICONDUCTORS = 'SEMICONDUCTORS',
  RENEWABLE_ENERGY = 'RENEWABLE_ENERGY',
  ELECTRIC_VEHICLES = 'ELECTRIC_VEHICLES',
  BATTERIES = 'BATTERIES',
  ADVANCED_MANUFACTURING = 'ADVANCED_MANUFACTURING',
}
registerEnumType(DependentSector, {
  name: 'DependentSector',
  description: 'A sector that a source names as depending on the minerals or products concerned.',
  valuesConfig: {
    DEFENCE: { description: 'Defence technologies.' },
    SEMICONDUCTORS: { description: 'Semiconductors.' },
    RENEWABLE_ENERGY: { description: 'Renewable energy.' },
    ELECTRIC_VEHICLES: { description: 'Electric vehicles.' },
    BATTERIES: { description: 'Batteries.' },
    ADVANCED_MANUFACTURING: { description: 'Advanced manufacturing.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'Something a source reports happening in the supply of critical minerals (not a commitment), e.g. export restrictions.',
})
@Entity({ name: 'developments' })
export class Development {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => DevelopmentKind, { description: 'What kind of development it is.' })
  @Column({ type: 'varchar' })
  kind: DevelopmentKind;

  @Column({ name: 'country_id', type: 'uuid' })
  countryId: string;

  @Field({ description: 'What the source says happened, verbatim.' })
  @Column()
  description: string;

  @Field(() => [String], {
    description: 'Downstream products concerned, as the source names them (e.g. manganese sulphate); not minerals.',
  })
  @Column({ name: 'downstream_products', type: 'text', array: true, default: '{}' })
  downstreamProducts: string[];

  @Field(() => [DependentSector], { description: 'Sectors the source names as depending on what is concerned.' })
  @Column({ name: 'dependent_sectors', type: 'varchar', array: true, default: '{}' })
  dependentSectors: DependentSector[];
}
