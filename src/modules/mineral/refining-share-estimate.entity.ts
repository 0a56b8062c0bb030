import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../node/node.type';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A source's figure for a refiner's share of global refining. Sources often give one figure for a group of minerals (an average or a range), so an estimate names the minerals it covers rather than being copied onto each.",
})
@Entity({ name: 'refining_share_estimates' })
export class RefiningShareEstimate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'refiner_country_id', type: 'uuid' })
  refinerCountryId: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @Field(() => Float, { nullable: true, description: 'Lowest share, in percent (0 to 100), where a range is given.' })
  @Column({ name: 'min_percent', type: 'numeric', precision: 5, scale: 2, nullable: true })
  minPercent: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest share, in percent (0 to 100), where a range is given.' })
  @Column({ name: 'max_percent', type: 'numeric', precision: 5, scale: 2, nullable: true })
  maxPercent: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average share across the covered minerals, in percent (0 to 100), where that is what the source gives.',
  })
  @Column({ name: 'average_percent', type: 'numeric', precision: 5, scale: 2, nullable: true })
  averagePercent: number | null;

  @Field({ description: 'The statement in the source that the figure comes from.' })
  @Column({ type: 'text' })
  statement: string;
}
