import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Commitment } from '../commitment/commitment.entity';
import { CommitmentStatusChange } from '../commitment/commitment.types';
import { Project } from '../project/project.entity';
import { ProjectStatusChange } from '../project/project.types';

@InputType({ description: 'Which commitment status changes to receive; all given conditions must hold.' })
export class CommitmentStatusChangedFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Only changes to commitments where any of these countries (ISO codes) is a party.',
  })
  countryCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only changes to these commitments (global IDs).' })
  commitmentIds?: string[] | null;
}

@InputType({ description: 'Which project status changes to receive; all given conditions must hold.' })
export class ProjectStatusChangedFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Only changes to projects in which any of these countries (ISO codes) takes part.',
  })
  countryCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only changes to these projects (global IDs).' })
  projectIds?: string[] | null;
}

@ObjectType({ simpleResolvers: true, description: 'A commitment whose status just changed, and the history entry recording it.' })
export class CommitmentStatusChangedEvent {
  @Field(() => Commitment, { description: 'The commitment after the change.' })
  commitment: Commitment;

  @Field(() => CommitmentStatusChange, { description: 'The status history entry, the same object statusHistory lists.' })
  statusChange: StatusChangeRecord;
}

@ObjectType({ simpleResolvers: true, description: 'A project whose status just changed, and the history entry recording it.' })
export class ProjectStatusChangedEvent {
  @Field(() => Project, { description: 'The project after the change.' })
  project: Project;

  @Field(() => ProjectStatusChange, { description: 'The status history entry, the same object statusHistory lists.' })
  statusChange: StatusChangeRecord;
}
