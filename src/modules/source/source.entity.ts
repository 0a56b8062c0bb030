import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A published report that a seeded or recorded fact comes from.' })
@Entity({ name: 'sources' })
export class Source {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Headline or title of the report.' })
  @Column()
  title: string;

  @Field(() => String, { nullable: true, description: 'Who published it, where the report names itself.' })
  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Field(() => String, { nullable: true, description: 'Where the report can be read, where known.' })
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Publication date, where the report gives it.' })
  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Field({ description: 'Short excerpt or summary of what the report says that is relied on.' })
  @Column({ type: 'text', default: '' })
  excerpt: string;
}
