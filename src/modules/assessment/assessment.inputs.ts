import { ArrayMaxSize, IsIn, Length, Matches } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { Assessment, AssessmentKind, ASSESSMENT_SCORES } from './assessment.entity';

/** Most evidence one assessment cites. */
export const MAX_ASSESSMENT_EVIDENCE = 20;

@InputType({ description: "An auditor's score of one obligation, with its rationale and evidence." })
export class AssessObligationInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the obligation assessed (Obligation.id).' })
  obligationId: string;

  @Field(() => Int, { description: '−1 (no compliance), 0 (partial) or +1 (full), as the G7 Research Group scores.' })
  @IsIn([...ASSESSMENT_SCORES], { message: '$property must be -1, 0 or 1' })
  score: number;

  @Field({ description: 'Why this score; required, not blank, at most 4000 characters.' })
  @Length(1, 4000)
  @Matches(/\S/, { message: '$property must not be blank' })
  rationale: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: `Global IDs of evidence (Evidence.id) backing the score, at most ${MAX_ASSESSMENT_EVIDENCE}; each must stand (not be superseded).`,
  })
  @ArrayMaxSize(MAX_ASSESSMENT_EVIDENCE)
  evidenceIds: string[];

  @Field(() => AssessmentKind, { description: 'Which report of the cycle it is for.' })
  kind: AssessmentKind;

  @Field(() => DateScalar, { description: 'First day of the period assessed (YYYY-MM-DD).' })
  periodFrom: string;

  @Field(() => DateScalar, { description: 'Last day of the period assessed (YYYY-MM-DD); not before periodFrom.' })
  periodTo: string;
}

@InputType({ description: 'Marks an assessment as mistaken: it stays in the record, but no longer counts.' })
export class CorrectAssessmentInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the assessment (Assessment.id); it must stand (not be corrected already).' })
  assessmentId: string;

  @Field({ description: 'Why it was a mistake; kept with it. Not blank, at most 2000 characters.' })
  @Length(1, 2000)
  @Matches(/\S/, { message: '$property must not be blank' })
  reason: string;
}

@ObjectType({ simpleResolvers: true, description: 'The assessment recorded.' })
export class AssessObligationPayload extends MutationPayload {
  @Field(() => Assessment, { description: 'The new assessment; it now counts for its obligation and kind.' })
  assessment: Assessment;
}

@ObjectType({ simpleResolvers: true, description: 'The assessment, now marked corrected.' })
export class CorrectAssessmentPayload extends MutationPayload {
  @Field(() => Assessment, { description: 'The assessment, corrected, at version 2.' })
  assessment: Assessment;
}
