import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../node/node.type';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A critical mineral or mineral group.' })
@Entity({ name: 'minerals' })
export class Mineral {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Stable code, e.g. RARE_EARTHS, LITHIUM, COPPER.' })
  @Column({ unique: true })
  code: string;

  @Field({ description: 'Common English name, e.g. Rare earth elements.' })
  @Column()
  name: string;
}
