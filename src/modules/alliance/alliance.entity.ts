import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../node/node.type';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A group of countries that coordinate on supply chains, e.g. the G7 or Pax Silica.',
})
@Entity({ name: 'alliances' })
export class Alliance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Stable short code, e.g. G7 or PAX_SILICA.' })
  @Column({ unique: true })
  code: string;

  @Field({ description: 'Full English name, e.g. Group of Seven.' })
  @Column()
  name: string;

  @Field({ description: 'What the alliance is for, as its sources describe it.' })
  @Column({ type: 'text', default: '' })
  description: string;
}
