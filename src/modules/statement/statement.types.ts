import { ArrayMaxSize } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { Statement, StatementChannel, StatementKind } from './statement.entity';

@InputType({ description: 'Narrows a list of statements; all given conditions must hold.' })
export class StatementFilter {
  @Field(() => [String], { nullable: true, description: "Statements whose speaker's country is any of these (ISO codes)." })
  @ArrayMaxSize(100)
  speakerCountryCodes?: string[] | null;

  @Field(() => [StatementKind], { nullable: true, description: 'Statements of any of these kinds.' })
  kinds?: StatementKind[] | null;

  @Field(() => [StatementChannel], { nullable: true, description: 'Statements made through any of these channels.' })
  channels?: StatementChannel[] | null;
}

export const StatementConnection = ConnectionType(Statement, 'Statement');
