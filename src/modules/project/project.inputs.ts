import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { IdempotentInput } from '../../shared/idempotent-input';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MoneyInput } from '../../shared/money';
import { DateScalar } from '../../shared/scalars';
import { StatusChangeFields } from '../../shared/status-change-fields';
import { MutationPayload } from '../../shared/relay-mutation';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Commitment } from '../commitment/commitment.entity';
import { PartyConsent } from '../linked-record/consent';
import { InvitationAnswerFields } from '../linked-record/invitation.inputs';
import { Project, ProjectKind, ProjectRole } from './project.entity';
import { PROJECT_WORKFLOW, ProjectStatus } from './project.status';
import { ProjectStatusChange } from './project.types';

@InputType({
  description:
    'A country taking part in a project, and its role. A PARTNER names other countries as INVITED participants (see PartyConsent): they count once their team accepts, and cannot be LEAD or reporting before.',
})
export class ParticipantInput {
  @Field({ description: 'ISO 3166-1 alpha-2 code of a tracked country.' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;

  @Field(() => ProjectRole, { defaultValue: ProjectRole.PARTNER, description: 'In what capacity the country takes part; default PARTNER.' })
  role: ProjectRole;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true to make this participant the project's reporting participant (IATI's reporting-org), who alone besides ADMIN changes its status; at most one per list, and one that has accepted. Left out everywhere: the current one stays; a new project's is the PARTNER's own country, or for ADMIN the LEAD, else the first listed.",
  })
  @IsOptional()
  reporting?: boolean | null;
}

@InputType({ description: 'A new project. A PARTNER must name its own country among the participants.' })
export class CreateProjectInput extends IdempotentInput {
  @Field({ description: 'Name of the project; not blank.' })
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  name: string;

  @Field({ defaultValue: '', description: 'What the project does, in more detail; default empty.' })
  @MaxLength(5000)
  description: string;

  @Field(() => ProjectKind, { description: 'What the project does.' })
  kind: ProjectKind;

  @Field(() => [ParticipantInput], {
    description: 'The countries taking part, at least one, each once; a PARTNER must include its own country.',
  })
  @ArrayMinSize(1, { message: 'participants must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  participants: ParticipantInput[];

  @Field(() => [String], {
    defaultValue: [],
    description: 'Codes of tracked minerals it covers, e.g. LITHIUM (case-insensitive); default none.',
  })
  @ArrayMaxSize(50)
  mineralCodes: string[];

  @Field(() => MoneyInput, { nullable: true, description: 'Budget, where one was stated.' })
  @IsOptional()
  @ValidateNested()
  budget?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true, description: 'Planned or actual start date.' })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Planned or actual end date; not before startsOn.' })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the project takes place, free text.' })
  @IsOptional()
  @MaxLength(300)
  location?: string | null;
}

@InputType({ description: 'Changes to a project; omitted fields stay as they are, null clears an optional field.' })
export class UpdateProjectInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the project to change (Project.id).' })
  projectId: string;

  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT.' })
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true, description: 'New name; not blank.' })
  @IsOptional()
  @Length(1, 300)
  @Matches(/\S/, { message: '$property must not be blank' })
  name?: string;

  @Field({ nullable: true, description: 'New detailed description.' })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => [ParticipantInput], {
    nullable: true,
    description:
      'Replaces all participants: at least one, each once. Listed countries keep their consent; new ones are consented as on createProject. A PARTNER may drop pending invitations but not another country that has accepted (FORBIDDEN), and only the reporting participant may hand reporting over.',
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'participants must name at least one country' })
  @ArrayMaxSize(60)
  @ValidateNested()
  participants?: ParticipantInput[];

  @Field(() => [String], { nullable: true, description: 'Replaces all minerals, by code of a tracked mineral (case-insensitive).' })
  @IsOptional()
  @ArrayMaxSize(50)
  mineralCodes?: string[];

  @Field(() => MoneyInput, { nullable: true, description: 'New budget; null clears it.' })
  @IsOptional()
  @ValidateNested()
  budget?: MoneyInput | null;

  @Field(() => DateScalar, { nullable: true, description: 'New start date; null clears it. Not after endsOn.' })
  @IsOptional()
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'New end date; null clears it. Not before startsOn.' })
  @IsOptional()
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'New location, free text; null clears it.' })
  @IsOptional()
  @MaxLength(300)
  location?: string | null;
}

@InputType({ description: 'Moves a project along the IATI activity-status workflow (see ProjectStatus).' })
export class ChangeProjectStatusInput extends StatusChangeFields(PROJECT_WORKFLOW) {
  @Field(() => ID, { description: 'Global ID of the project to move (Project.id).' })
  projectId: string;

  @Field(() => ProjectStatus, { description: 'The status to move to; it must be one the current status allows (see ProjectStatus).' })
  status: ProjectStatus;
}

@InputType()
abstract class ProjectCommitmentLink extends IdempotentInput {
  @Field(() => ID, { description: 'The project (global ID); the link is recorded as a change of the project.' })
  projectId: string;

  @Field(() => ID, { description: 'The commitment (global ID) the project delivers on.' })
  commitmentId: string;

  @Field(() => Int, { description: "The project's version you read; a stale one gets CONFLICT." })
  @Min(1)
  expectedVersion: number;
}

@InputType({ description: 'Links a project to a commitment it delivers on. Counts as a change of the project.' })
export class LinkProjectToCommitmentInput extends ProjectCommitmentLink {}

@InputType({ description: 'Removes the link between a project and a commitment. Counts as a change of the project.' })
export class UnlinkProjectFromCommitmentInput extends ProjectCommitmentLink {}

@ObjectType({ simpleResolvers: true })
abstract class ProjectChanged extends MutationPayload {
  @Field(() => Project, { description: 'The project after the change.' })
  project: Project;
}

@ObjectType({ simpleResolvers: true })
abstract class ProjectStatusRecorded extends ProjectChanged {
  @Field(() => ProjectStatusChange, { description: 'The status history entry the change created.' })
  statusChange: StatusChangeRecord;
}

@ObjectType({ simpleResolvers: true, description: 'The new project and the first entry of its status history.' })
export class CreateProjectPayload extends ProjectStatusRecorded {}

@ObjectType({ simpleResolvers: true, description: 'The project after the change (unchanged, at the same version, when nothing differed).' })
export class UpdateProjectPayload extends ProjectChanged {}

@ObjectType({ simpleResolvers: true, description: 'The project after the move, and the status history entry recording it.' })
export class ChangeProjectStatusPayload extends ProjectStatusRecorded {}

@ObjectType({ simpleResolvers: true })
abstract class ProjectCommitmentLinkChanged extends ProjectChanged {
  @Field(() => Commitment, { description: 'The commitment on the other side of the link.' })
  commitment: Commitment;
}

@ObjectType({ simpleResolvers: true, description: 'Both sides of the new project–commitment link; the project is at its next version.' })
export class LinkProjectToCommitmentPayload extends ProjectCommitmentLinkChanged {}

@ObjectType({
  simpleResolvers: true,
  description: 'Both sides of the removed project–commitment link; the project is at its next version.',
})
export class UnlinkProjectFromCommitmentPayload extends ProjectCommitmentLinkChanged {}

@InputType({ description: "An invited country's answer to being named as a participant of a project." })
export class RespondToProjectInvitationInput extends InvitationAnswerFields {
  @Field(() => ID, { description: 'Global ID of the project the country is invited to (Project.id).' })
  projectId: string;
}

@ObjectType({ simpleResolvers: true, description: 'The project after the answer, and the country’s consent now.' })
export class RespondToProjectInvitationPayload extends ProjectChanged {
  @Field(() => PartyConsent, { nullable: true, description: 'ACCEPTED after accepting; null after declining (no longer a participant).' })
  consent: PartyConsent | null;
}
