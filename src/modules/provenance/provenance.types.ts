import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../shared/scalars';
import { Source } from '../source/source.entity';
import { type DateAsGiven, DatePrecision, edtfOf, windowOf } from './approximate-date';

export { DatePrecision } from './approximate-date';

export enum ProvenanceBasis {
  STATED = 'STATED',
  INFERRED = 'INFERRED',
}
registerEnumType(ProvenanceBasis, {
  name: 'ProvenanceBasis',
  description: 'Whether a value is what a source says, or was worked out from what it says.',
  valuesConfig: {
    STATED: { description: 'A source states the value; excerpt holds its words.' },
    INFERRED: { description: 'No source states the value; note gives the reasoning, excerpt the words it was read from (if any).' },
  },
});

registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How exactly a source gives a date.',
  valuesConfig: {
    DAY: { description: 'A day, e.g. 2026-01-12.' },
    MONTH: { description: 'A month, e.g. "next month" said in January 2026: 2026-02.' },
    SEASON: {
      description:
        'A season, e.g. "last summer": EDTF 2025-22 (21 spring, 22 summer, 23 autumn, 24 winter; meteorological seasons of the northern hemisphere, winter from December).',
    },
    YEAR: { description: 'A year, e.g. 2025.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: 'A date as the sources give it: its precision, and whether they give it only roughly ("around").',
})
export class ApproximateDate {
  @Field(() => DateScalar, { description: 'The day at DAY precision; otherwise the first day of the month, season or year given.' })
  value: string;

  @Field(() => DateScalar, {
    description: 'The last day of the window the date names (value itself at DAY precision); overdue rules use this day.',
  })
  latest: string;

  @Field(() => DatePrecision, { description: 'Day, month, season or year.' })
  precision: DatePrecision;

  @Field({ description: 'True when the source gives the date only roughly ("around January 12").' })
  approximate: boolean;

  @Field({
    description:
      'The date in the Extended Date/Time Format of ISO 8601-2 (EDTF): 2026-01-12, 2026-01-12~ (approximate), 2026-02 (a month), 2025-22 (summer 2025), 2025 (a year).',
  })
  edtf: string;
}

/** The GraphQL value of a date given at a precision; null for no date. */
export function approximateDate(date: DateAsGiven | null): ApproximateDate | null {
  if (!date) return null;
  const { first, last } = windowOf(date);
  return { value: first, latest: last, precision: date.precision, approximate: date.approximate, edtf: edtfOf(date) };
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Where one field value of a record comes from: stated by a source (with its words) or inferred (with the reasoning). Shown only while the field still holds the value it describes.',
})
export class FieldProvenance {
  @Field({
    description:
      "The field it is about, as the schema names it (targetOn, status, startsOn); for a country's role or delegate, e.g. parties.IN.role or participants.US.delegateTitle.",
  })
  field: string;

  @Field({ description: 'The value it describes, as text (dates as YYYY-MM-DD).' })
  value: string;

  @Field(() => ProvenanceBasis, { description: 'STATED by a source, or INFERRED.' })
  basis: ProvenanceBasis;

  @Field(() => Source, { nullable: true, description: 'The source of the excerpt; null for an inference from no particular words.' })
  source: Source | null;

  @Field(() => String, {
    nullable: true,
    description: 'The words of the source, verbatim, that state the value or that it was inferred from.',
  })
  excerpt: string | null;

  @Field(() => String, { nullable: true, description: 'For an inferred value, the reasoning; null for a stated one.' })
  note: string | null;
}
