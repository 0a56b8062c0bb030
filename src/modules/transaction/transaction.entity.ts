import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import { TransactionType } from './transaction.codes';

/**
 * One flow of money of a project, as IATI's transaction element has it. Append-only: the
 * database refuses UPDATE and DELETE; a correction is a new transaction naming this one.
 * `value`, the organisations and the corrections are resolved from these columns.
 */
@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    'A flow of money of a project (IATI transaction): never changed or deleted; a mistake is corrected by a new transaction naming it in corrects, and the corrected one then no longer counts.',
})
@Entity({ name: 'transactions' })
export class Transaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Field(() => TransactionType, { description: "What kind of flow it is (IATI's TransactionType)." })
  @Column({ name: 'transaction_type', type: 'varchar' })
  transactionType: TransactionType;

  @Field(() => DateScalar, { description: 'When the flow happened (its valid time: validOn filters on it).' })
  @Column({ name: 'transaction_date', type: 'date' })
  transactionDate: string;

  @Column({ name: 'value', type: 'numeric', precision: 20, scale: 2 })
  amount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => DateScalar, { description: 'The date whose exchange rate converts the value to other currencies (IATI value/@value-date).' })
  @Column({ name: 'value_date', type: 'date' })
  valueDate: string;

  @Column({ name: 'provider_organisation_id', type: 'uuid', nullable: true })
  providerOrganisationId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The provider as the record names it, when no organisation is recorded or besides it.',
  })
  @Column({ name: 'provider_narrative', type: 'text', nullable: true })
  providerNarrative: string | null;

  @Column({ name: 'receiver_organisation_id', type: 'uuid', nullable: true })
  receiverOrganisationId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The receiver as the record names it, when no organisation is recorded or besides it.',
  })
  @Column({ name: 'receiver_narrative', type: 'text', nullable: true })
  receiverNarrative: string | null;

  @Field(() => String, { nullable: true, description: 'What the flow was for.' })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: "The reporting organisation's own reference for it (IATI transaction/@ref)." })
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'corrects_id', type: 'uuid', nullable: true })
  correctsId: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was recorded in this service (its transaction time: asOf filters on it).' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
