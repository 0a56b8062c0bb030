import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../shared/money';
import { CommitmentKind } from './commitment.enums';
import { CommitmentStatus } from './commitment.status';

export enum CommitmentStatsDimension {
  COUNTRY = 'COUNTRY',
  KIND = 'KIND',
  STATUS = 'STATUS',
  MINERAL = 'MINERAL',
  MEETING = 'MEETING',
  YEAR = 'YEAR',
}
registerEnumType(CommitmentStatsDimension, {
  name: 'CommitmentStatsDimension',
  description: 'What commitment statistics can be grouped by.',
  valuesConfig: {
    COUNTRY: { description: 'Each party country. A commitment with several parties counts once in each of their groups.' },
    KIND: { description: 'The kind of commitment.' },
    STATUS: { description: 'The current status.' },
    MINERAL: {
      description:
        'Each mineral covered. A commitment covering several counts once in each; one covering none falls in a group whose mineral is null.',
    },
    MEETING: { description: 'The meeting the commitment was made at; null for none.' },
    YEAR: { description: 'The year of announcedOn; null for commitments without an announcement date.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: 'What a group of commitments has in common: only the members for the dimensions grouped by are set.',
})
export class CommitmentStatsKey {
  countryId?: string | null;
  mineralId?: string | null;
  meetingId?: string | null;

  @Field(() => CommitmentKind, { nullable: true, description: 'The kind, when grouped by KIND.' })
  kind?: CommitmentKind | null;

  @Field(() => CommitmentStatus, { nullable: true, description: 'The current status, when grouped by STATUS.' })
  status?: CommitmentStatus | null;

  @Field(() => Int, { nullable: true, description: 'Year of announcedOn; null when grouped by YEAR, for undated commitments.' })
  year?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Commitments that share a key: how many, and how much per currency.' })
export class CommitmentStatsGroup {
  @Field(() => CommitmentStatsKey, { description: 'The values the commitments of this group share.' })
  key: CommitmentStatsKey;

  @Field(() => Int, { description: 'Commitments in the group (once per country or mineral, when grouped by those).' })
  count: number;

  @Field(() => [Money], {
    description:
      'Total stated amount per currency, by currency code; currencies are never added together. Commitments without an amount add nothing.',
  })
  amounts: Money[];
}
