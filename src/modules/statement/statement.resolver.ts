import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs } from '../../shared/pagination';
import { Alliance } from '../alliance/alliance.entity';
import { Commitment } from '../commitment/commitment.entity';
import { Country } from '../country/country.entity';
import { Meeting } from '../meeting/meeting.entity';
import { NodeResolver } from '../node/node.resolver';
import { ApproximateDate, FieldProvenance } from '../provenance/provenance.types';
import { Citation } from '../source/source.types';
import { Statement } from './statement.entity';
import { StatementConnection, StatementFilter } from './statement.types';

@Resolver(() => Statement)
export class StatementResolver extends NodeResolver(Statement) {
  @Query(() => StatementConnection, { description: 'Statements, by the date they were made (undated ones last).' })
  statements(
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: StatementFilter | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.statements.page(filter, args);
  }

  @FieldResolver(() => Country, { description: "The speaker's country." })
  speakerCountry(@Root() statement: Statement, @Ctx() ctx: Context) {
    return ctx.services.countries.load(ctx.loaders, statement.speakerCountryId);
  }

  @FieldResolver(() => ApproximateDate, {
    nullable: true,
    description: 'When it was said, at the precision the source gives; null where not given.',
  })
  saidOn(@Root() statement: Statement, @Ctx() ctx: Context) {
    return ctx.services.statements.saidOn(statement);
  }

  @FieldResolver(() => Citation, {
    nullable: true,
    description: 'The report that gives the statement, with the passage that does; null where none is recorded.',
  })
  async source(@Root() statement: Statement, @Ctx() ctx: Context): Promise<Citation | null> {
    if (!statement.sourceId) return null;
    const source = await ctx.services.sources.load(ctx.loaders, statement.sourceId);
    return source ? { source, excerpt: statement.excerpt } : null;
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting it concerns, if any.' })
  meeting(@Root() statement: Statement, @Ctx() ctx: Context) {
    return statement.meetingId ? ctx.services.meetings.load(ctx.loaders, statement.meetingId) : null;
  }

  @FieldResolver(() => [Commitment], { description: 'Commitments it concerns, by title.' })
  commitments(@Root() statement: Statement, @Ctx() ctx: Context) {
    return ctx.services.statements.commitments(ctx.loaders, statement.id);
  }

  @FieldResolver(() => [Alliance], { description: 'Alliances it concerns, by code.' })
  alliances(@Root() statement: Statement, @Ctx() ctx: Context) {
    return ctx.services.statements.alliances(ctx.loaders, statement.id);
  }

  @FieldResolver(() => [FieldProvenance], {
    description:
      'Where the speaker, channel and date come from, per field: stated by the source (with its words) or inferred (with the reasoning).',
  })
  provenance(@Root() statement: Statement, @Ctx() ctx: Context) {
    return ctx.services.provenance.of(ctx.loaders, 'STATEMENT', statement.id, {
      speakerName: statement.speakerName,
      speakerTitle: statement.speakerTitle,
      channel: statement.channel,
      saidOn: statement.saidOnDay,
      kind: statement.kind,
    });
  }
}

/** Statements on the records they concern. */
@Resolver(() => Meeting)
export class MeetingStatementsResolver {
  @FieldResolver(() => [Statement], { description: 'Statements about this meeting, by date (undated ones last).' })
  statements(@Root() meeting: Meeting, @Ctx() ctx: Context) {
    return ctx.services.statements.ofMeeting(ctx.loaders, meeting.id);
  }
}

@Resolver(() => Commitment)
export class CommitmentStatementsResolver {
  @FieldResolver(() => [Statement], { description: 'Statements about this commitment, by date (undated ones last).' })
  statements(@Root() commitment: Commitment, @Ctx() ctx: Context) {
    return ctx.services.statements.ofCommitment(ctx.loaders, commitment.id);
  }
}

@Resolver(() => Alliance)
export class AllianceStatementsResolver {
  @FieldResolver(() => [Statement], { description: 'Statements about this alliance, by date (undated ones last).' })
  statements(@Root() alliance: Alliance, @Ctx() ctx: Context) {
    return ctx.services.statements.ofAlliance(ctx.loaders, alliance.id);
  }
}
