import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';

/** The two reports of a summit cycle, as the G7 Research Group publishes them. */
export enum AssessmentKind {
  INTERIM = 'INTERIM',
  FINAL = 'FINAL',
}
registerEnumType(AssessmentKind, {
  name: 'AssessmentKind',
  description: 'Which report of a summit cycle an assessment is for (the G7 Research Group publishes an interim and a final one).',
  valuesConfig: {
    INTERIM: { description: 'The interim report, part-way through the cycle.' },
    FINAL: { description: 'The final report, at the end of the cycle.' },
  },
});

/** The scores of the G7 Research Group's scale. */
export const ASSESSMENT_SCORES = [-1, 0, 1] as const;

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "An auditor's score of one obligation (one party on one commitment) on the G7 Research Group scale: −1 no compliance, 0 partial, +1 full. " +
    'Never changed: a mistaken one is marked corrected (with a reason) and a new one recorded. Per obligation and kind, the latest uncorrected one counts.',
})
@Entity({ name: 'assessments' })
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'obligation_id', type: 'uuid' })
  obligationId: string;

  @Field(() => Int, { description: '−1 (no compliance), 0 (partial) or +1 (full).' })
  @Column({ type: 'smallint' })
  score: number;

  @Field({ description: 'Why the auditor gave this score.' })
  @Column({ type: 'text' })
  rationale: string;

  @Field(() => AssessmentKind, { description: 'Which report of the cycle it is for.' })
  @Column({ type: 'varchar' })
  kind: AssessmentKind;

  @Field(() => DateScalar, { description: 'First day of the period assessed.' })
  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Field(() => DateScalar, { description: 'Last day of the period assessed.' })
  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  /** Who assessed (a token's `sub`): shown through the audit trail's actor, to those who may see identities. */
  @Column({ name: 'assessor_sub', type: 'text' })
  assessorSub: string;

  @Field(() => String, { nullable: true, description: 'Why it was marked corrected; null while it stands.' })
  @Column({ name: 'corrected_reason', type: 'text', nullable: true })
  correctedReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was marked corrected; null while it stands.' })
  @Column({ name: 'corrected_at', type: 'timestamptz', nullable: true })
  correctedAt: Date | null;

  @Field(() => Int, { description: 'Starts at 1; 2 once corrected.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeScalar, { description: 'When the assessment was recorded.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
