import { Field, InputType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { SortDirection } from '../../shared/sorting';
import { Country, CountryKind } from './country.entity';

@InputType({ description: 'Narrows a list of countries; all given conditions must hold.' })
export class CountryFilter {
  @Field(() => [String], { nullable: true, description: 'Countries with any of these ISO 3166-1 alpha-2 codes (case-insensitive).' })
  codes?: string[] | null;

  @Field(() => [CountryKind], { nullable: true, description: 'Countries of any of these kinds.' })
  kinds?: CountryKind[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Countries that are MEMBERs (not invitees or former members) of any of these alliances, by code such as G7.',
  })
  allianceCodes?: string[] | null;
}

export enum CountryOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}
registerEnumType(CountryOrderField, {
  name: 'CountryOrderField',
  description: 'What a list of countries can be sorted by; ties are broken by id, so paging is stable.',
  valuesConfig: {
    CODE: { description: 'ISO code (the default).' },
    NAME: { description: 'Common English name, in the database collation.' },
  },
});

@InputType({ description: 'Sort order of a list of countries.' })
export class CountryOrder {
  @Field(() => CountryOrderField, { description: 'What to sort by.' })
  field: CountryOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC (the default) or DESC.' })
  direction: SortDirection;
}

export const CountryConnection = ConnectionType(Country, 'Country');
