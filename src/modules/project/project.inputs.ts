import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MoneyInput } from '../../shared/money';
import { DateScalar } from '../../shared/scalars';
import { StatusChangeFields } from '../../shared/status-change-fields';
import { StatusChange } from '../audit/status-change.type';
import { Commitment } from '../commitment/commitment.entity';
import { Project, ProjectKind, ProjectRole } from './project.entity';
import { PROJECT_WORKFLOW, ProjectStatus } from './project.status';

@InputType()
export class ParticipantInput {
  @Field({ description: 'ISO 3166-1 alpha-2 code of a tracked country.' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => ProjectRole, { defaultValue: ProjectRole.PARTNER })
  role: ProjectRole;
}

@InputType({ description: 'A new project. A PARTNER must name its own country among the participants.' })
export class CreateProjectInput extends IdempotentInput {
  @Field()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  name: string;

  @Field({ defaultValue: '' })
  @MaxLength(5000)
  description: string;

  @Field(() => ProjectKind)
  kind: ProjectKind;

  @Field(() => [ParticipantInput])
  @ArrayMinSize(1, { message: 'participants must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  participants: ParticipantInput[];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(50)
  mineralCodes: string[];

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  budget?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Not before startsOn.' })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  location?: string | null;
}

@InputType({ description: 'Changes to a project; omitted fields stay as they are, null clears an optional field.' })
export class UpdateProjectInput extends IdempotentInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => [ParticipantInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'participants must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  participants?: ParticipantInput[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  mineralCodes?: string[];

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  budget?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  location?: string | null;
}

@InputType({ description: 'Moves a project along the IATI activity-status workflow (see ProjectStatus).' })
export class ChangeProjectStatusInput extends StatusChangeFields(PROJECT_WORKFLOW) {
  @Field(() => ID)
  projectId: string;

  @Field(() => ProjectStatus)
  status: ProjectStatus;
}

@InputType({ description: 'Links a project to a commitment it delivers on (or unlinks it). Counts as a change of the project.' })
export class ProjectCommitmentLinkInput extends IdempotentInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID)
  commitmentId: string;

  @Field(() => Int, { description: "The project's version you read; a stale one gets CONFLICT." })
  @Min(1)
  expectedVersion: number;
}

@ObjectType({ simpleResolvers: true, description: 'The project after the change, and the history entry the change created, if it set a status.' })
export class ProjectPayload {
  @Field(() => Project)
  project: Project;

  @Field(() => StatusChange, { nullable: true })
  statusChange: StatusChange | null;
}

@ObjectType({ simpleResolvers: true, description: 'Both sides of a project–commitment link after the change.' })
export class ProjectCommitmentLinkPayload {
  @Field(() => Project)
  project: Project;

  @Field(() => Commitment)
  commitment: Commitment;
}
