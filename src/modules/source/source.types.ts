import { Field, ObjectType } from 'type-graphql';
import { Source } from './source.entity';

@ObjectType({ simpleResolvers: true, description: 'A source a record is recorded from, with the words of that source that support it.' })
export class Citation {
  @Field(() => Source, { description: 'The report.' })
  source: Source;

  @Field(() => String, {
    nullable: true,
    description: 'The passage of the report, verbatim, that supports the record; null where none was recorded.',
  })
  excerpt: string | null;
}
