import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../shared/money';
import { ProjectKind } from './project.entity';
import { ProjectStatus } from './project.status';

export enum ProjectStatsDimension {
  COUNTRY = 'COUNTRY',
  KIND = 'KIND',
  STATUS = 'STATUS',
  MINERAL = 'MINERAL',
  YEAR = 'YEAR',
}
registerEnumType(ProjectStatsDimension, {
  name: 'ProjectStatsDimension',
  description: 'What project statistics can be grouped by.',
  valuesConfig: {
    COUNTRY: { description: 'Each participating country. A project with several participants counts once in each of their groups.' },
    KIND: { description: 'The kind of project.' },
    STATUS: { description: 'The current status.' },
    MINERAL: {
      description:
        'Each mineral covered. A project covering several counts once in each; one covering none falls in a group whose mineral is null.',
    },
    YEAR: { description: 'The year of startsOn; null for projects without a start date.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: 'What a group of projects has in common: only the members for the dimensions grouped by are set.',
})
export class ProjectStatsKey {
  countryId?: string | null;
  mineralId?: string | null;

  @Field(() => ProjectKind, { nullable: true, description: 'The kind, when grouped by KIND.' })
  kind?: ProjectKind | null;

  @Field(() => ProjectStatus, { nullable: true, description: 'The current status, when grouped by STATUS.' })
  status?: ProjectStatus | null;

  @Field(() => Int, { nullable: true, description: 'Year of startsOn; null when grouped by YEAR, for projects without a start date.' })
  year?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Projects that share a key: how many, and their budgets per currency.' })
export class ProjectStatsGroup {
  @Field(() => ProjectStatsKey, { description: 'The values the projects of this group share.' })
  key: ProjectStatsKey;

  @Field(() => Int, { description: 'Projects in the group (once per country or mineral, when grouped by those).' })
  count: number;

  @Field(() => [Money], {
    description: 'Total budget per currency, by currency code; currencies are never added together. Projects without a budget add nothing.',
  })
  budgets: Money[];
}
