import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { MAX_SEARCH_LENGTH } from '../../shared/full-text';
import { ConnectionType } from '../../shared/pagination';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../../shared/scalars';
import { SortDirection } from '../../shared/sorting';
import { StatusChangeTypes } from '../audit/status-change.types';
import { Commitment } from './commitment.entity';
import { COMMITMENT_SUBJECT } from './commitment.subject';
import { CommitmentKind } from './commitment.enums';
import { CommitmentStatus } from './commitment.status';

@InputType({ description: 'Narrows a list of commitments; all given conditions must hold.' })
export class CommitmentFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Commitments where any of these countries (ISO codes) is a party that has accepted (invited countries are left out).',
  })
  countryCodes?: string[] | null;

  @Field(() => [CommitmentKind], { nullable: true, description: 'Commitments of any of these kinds.' })
  kinds?: CommitmentKind[] | null;

  @Field(() => [CommitmentStatus], { nullable: true, description: 'Commitments in any of these statuses (now, or at asOf).' })
  statuses?: CommitmentStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Commitments covering any of these minerals (codes such as LITHIUM).' })
  mineralCodes?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Commitments made at this meeting.' })
  meetingId?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Commitments whose targetOn is on or after this date; those without one are left out.',
  })
  targetOnFrom?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Commitments whose targetOn is on or before this date; those without one are left out.',
  })
  targetOnTo?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only overdue commitments, whose targetOn is before today (the UTC date; with asOf, the date of that instant) and whose status is neither DELIVERED nor WITHDRAWN. false: only the others.',
  })
  overdue?: boolean | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Commitments with an amount of at least this much (in its own currency; combine with amountCurrency to compare like with like).',
  })
  amountMin?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Commitments with an amount of at most this much (in its own currency).' })
  amountMax?: string | null;

  @Field(() => CurrencyScalar, { nullable: true, description: 'Commitments whose amount is in this currency.' })
  amountCurrency?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search over title and description (English stemming, web-search syntax: words, "quoted phrases", OR between alternatives, -word to exclude). Without orderBy, the most relevant come first.',
  })
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;
}

export enum CommitmentOrderField {
  TARGET_DATE = 'TARGET_DATE',
  ANNOUNCED_DATE = 'ANNOUNCED_DATE',
  AMOUNT = 'AMOUNT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(CommitmentOrderField, {
  name: 'CommitmentOrderField',
  description: 'What a list of commitments can be sorted by; ties are broken by id, so paging is stable.',
  valuesConfig: {
    TARGET_DATE: { description: 'targetOn; commitments without one come last.' },
    ANNOUNCED_DATE: { description: 'announcedOn; commitments without one come last.' },
    AMOUNT: { description: 'The amount as a number, whatever its currency; commitments without one come last.' },
    UPDATED_AT: { description: 'When the commitment last changed.' },
    TITLE: { description: 'Title, in the database collation.' },
    CREATED_AT: { description: 'When the commitment was recorded (the default).' },
  },
});

@InputType({ description: 'Sort order of a list of commitments.' })
export class CommitmentOrder {
  @Field(() => CommitmentOrderField, { description: 'What to sort by.' })
  field: CommitmentOrderField;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: 'ASC (the default) or DESC; items without a value come last either way.',
  })
  direction: SortDirection;
}

export const COMMITMENT_ORDER_DESCRIPTION =
  'Sort order, ties broken by id. Default: CREATED_AT ASC, or by relevance to filter.search when it searches.';

export const CommitmentConnection = ConnectionType(Commitment, 'Commitment');

export const {
  type: CommitmentStatusChange,
  resolver: CommitmentStatusChangeResolver,
  connection: CommitmentStatusChangeConnection,
} = StatusChangeTypes(COMMITMENT_SUBJECT, CommitmentStatus);
