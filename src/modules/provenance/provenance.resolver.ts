import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AllianceMembership } from '../alliance/alliance-membership.entity';
import type { AsOfSnapshot } from '../audit/as-of';
import { Commitment } from '../commitment/commitment.entity';
import { Meeting } from '../meeting/meeting.entity';
import type { FieldValues } from './provenance.service';
import { ApproximateDate, FieldProvenance } from './provenance.types';

const PROVENANCE = (what: string) =>
  `Where ${what} come from, per field value: stated by a source (with its words) or inferred (with the reasoning). Only values the record still holds; empty for records not seeded from the reports.`;

/** The values of the fields provenance may describe, with one entry per country (`parties.IN.role`). */
function withCountries(values: FieldValues, list: string, rows: { code: string; fields: FieldValues }[]): FieldValues {
  for (const { code, fields } of rows) for (const [name, value] of Object.entries(fields)) values[`${list}.${code}.${name}`] = value;
  return values;
}

@Resolver(() => Commitment)
export class CommitmentProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: PROVENANCE('the status, dates, amount and party roles') })
  provenance(@Root() commitment: Commitment & AsOfSnapshot, @Ctx() ctx: Context) {
    const values = ctx.services.commitments.parties(ctx.loaders, commitment, ctx.services.countries).then((parties) =>
      withCountries(
        {
          status: commitment.status,
          announcedOn: commitment.announcedOn,
          targetOn: commitment.targetOn,
          amount: commitment.amount && `${commitment.amount} ${commitment.currency}`,
          instrument: commitment.instrument,
        },
        'parties',
        parties.map((party) => ({ code: party.country.code, fields: { role: party.role } })),
      ),
    );
    return ctx.services.provenance.of(ctx.loaders, 'COMMITMENT', commitment.id, values);
  }

  @FieldResolver(() => ApproximateDate, {
    nullable: true,
    description:
      'targetOn as the sources give it, with its precision ("next month": MONTH); targetOn is the last day of that window. See provenance for whether a source states it.',
  })
  targetOnAsGiven(@Root() commitment: Commitment, @Ctx() ctx: Context) {
    return ctx.services.provenance.dateAsGiven(ctx.loaders, 'COMMITMENT', commitment.id, 'targetOn', commitment.targetOn);
  }
}

@Resolver(() => Meeting)
export class MeetingProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: PROVENANCE('the dates, place, host and participant roles and delegates') })
  provenance(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    const values = Promise.all([
      ctx.services.meetings.participants(ctx.loaders, meeting.id),
      meeting.hostCountryId ? ctx.services.countries.load(ctx.loaders, meeting.hostCountryId) : null,
    ]).then(([participants, host]) =>
      withCountries(
        { startsOn: meeting.startsOn, endsOn: meeting.endsOn, city: meeting.city, kind: meeting.kind, hostCountry: host?.code ?? null },
        'participants',
        participants.map((p) => ({
          code: p.country.code,
          fields: { role: p.role, delegateName: p.delegateName, delegateTitle: p.delegateTitle, arrivedOn: p.arrivedOn },
        })),
      ),
    );
    return ctx.services.provenance.of(ctx.loaders, 'MEETING', meeting.id, values);
  }

  @FieldResolver(() => ApproximateDate, {
    nullable: true,
    description:
      'startsOn as the sources give it: its precision, and whether only roughly ("around January 12": 2026-01-12~); startsOn is the first day of that window. Null where no date is known.',
  })
  startsOnAsGiven(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    return ctx.services.provenance.dateAsGiven(ctx.loaders, 'MEETING', meeting.id, 'startsOn', meeting.startsOn);
  }
}

@Resolver(() => AllianceMembership)
export class MembershipProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: PROVENANCE('the status and its dates') })
  provenance(@Root() membership: AllianceMembership, @Ctx() ctx: Context) {
    return ctx.services.provenance.of(ctx.loaders, 'MEMBERSHIP', membership.id, {
      status: membership.status,
      startsOn: membership.startsOn,
      endsOn: membership.endsOn,
    });
  }
}
