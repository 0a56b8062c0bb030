import { Field, InputType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { ProjectKind, Project } from './project.entity';
import { ProjectStatus } from './project.status';

@InputType({ description: 'Narrows a list of projects; all given conditions must hold.' })
export class ProjectFilter {
  @Field(() => [String], { nullable: true, description: 'Projects in which any of these countries (ISO codes) takes part.' })
  countryCodes?: string[] | null;

  @Field(() => [ProjectKind], { nullable: true })
  kinds?: ProjectKind[] | null;

  @Field(() => [ProjectStatus], { nullable: true })
  statuses?: ProjectStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Projects covering any of these minerals (codes).' })
  mineralCodes?: string[] | null;
}

export const ProjectConnection = ConnectionType(Project, 'Project');
