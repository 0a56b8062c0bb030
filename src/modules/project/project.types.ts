import { Field, InputType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { MAX_SEARCH_LENGTH } from '../../shared/full-text';
import { ConnectionType } from '../../shared/pagination';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../../shared/scalars';
import { SortDirection } from '../../shared/sorting';
import { StatusChangeTypes } from '../audit/status-change.types';
import { ProjectKind, Project } from './project.entity';
import { PROJECT_SUBJECT } from './project.subject';
import { ProjectStatus } from './project.status';

@InputType({ description: 'Narrows a list of projects; all given conditions must hold.' })
export class ProjectFilter {
  @Field(() => [String], { nullable: true, description: 'Projects in which any of these countries (ISO codes) takes part.' })
  countryCodes?: string[] | null;

  @Field(() => [ProjectKind], { nullable: true, description: 'Projects of any of these kinds.' })
  kinds?: ProjectKind[] | null;

  @Field(() => [ProjectStatus], { nullable: true, description: 'Projects in any of these statuses.' })
  statuses?: ProjectStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Projects covering any of these minerals (codes).' })
  mineralCodes?: string[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Projects whose endsOn is on or after this date; those without one are left out.',
  })
  endsOnFrom?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Projects whose endsOn is on or before this date; those without one are left out.',
  })
  endsOnTo?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only overdue projects, whose endsOn is before today (the UTC date) and whose status is neither CLOSED nor CANCELLED. false: only the others.',
  })
  overdue?: boolean | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Projects with a budget of at least this much (in its own currency; combine with budgetCurrency to compare like with like).',
  })
  budgetMin?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Projects with a budget of at most this much (in its own currency).' })
  budgetMax?: string | null;

  @Field(() => CurrencyScalar, { nullable: true, description: 'Projects whose budget is in this currency.' })
  budgetCurrency?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search over name, description and location (English stemming, web-search syntax: words, "quoted phrases", OR between alternatives, -word to exclude). Without orderBy, the most relevant come first.',
  })
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;
}

export enum ProjectOrderField {
  START_DATE = 'START_DATE',
  END_DATE = 'END_DATE',
  BUDGET = 'BUDGET',
  UPDATED_AT = 'UPDATED_AT',
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ProjectOrderField, {
  name: 'ProjectOrderField',
  description: 'What a list of projects can be sorted by; ties are broken by id, so paging is stable.',
  valuesConfig: {
    START_DATE: { description: 'startsOn; projects without one come last.' },
    END_DATE: { description: 'endsOn; projects without one come last.' },
    BUDGET: { description: 'The budget as a number, whatever its currency; projects without one come last.' },
    UPDATED_AT: { description: 'When the project last changed.' },
    NAME: { description: 'Name, in the database collation.' },
    CREATED_AT: { description: 'When the project was recorded (the default).' },
  },
});

@InputType({ description: 'Sort order of a list of projects.' })
export class ProjectOrder {
  @Field(() => ProjectOrderField, { description: 'What to sort by.' })
  field: ProjectOrderField;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: 'ASC (the default) or DESC; items without a value come last either way.',
  })
  direction: SortDirection;
}

export const PROJECT_ORDER_DESCRIPTION =
  'Sort order, ties broken by id. Default: CREATED_AT ASC, or by relevance to filter.search when it searches.';

export const ProjectConnection = ConnectionType(Project, 'Project');

export const {
  type: ProjectStatusChange,
  resolver: ProjectStatusChangeResolver,
  connection: ProjectStatusChangeConnection,
} = StatusChangeTypes(PROJECT_SUBJECT, ProjectStatus);
