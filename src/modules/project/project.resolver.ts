import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Action, AS_OF_ACCESS } from '../auth/policy';
import { ConnectionArgs } from '../../shared/pagination';
import { AuditEventConnection } from '../audit/audit-event.types';
import { Money, moneyOf } from '../../shared/money';
import { DateTimeScalar } from '../../shared/scalars';
import { AsOfSnapshot } from '../audit/as-of';
import { CommitmentConnection } from '../commitment/commitment.types';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { NodeResolver } from '../node/node.resolver';
import { ProjectParticipant } from './project-participant.entity';
import { Project } from './project.entity';
import { PROJECT_ORDER_DESCRIPTION, ProjectConnection, ProjectFilter, ProjectOrder, ProjectStatusChangeConnection } from './project.types';

@Resolver(() => Project)
export class ProjectResolver extends NodeResolver(Project) {
  @Query(() => ProjectConnection, {
    description:
      'Projects matching the filter; by default in the order they were recorded, or most relevant first when the filter searches.',
  })
  projects(
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
    filter: ProjectFilter | null,
    @Arg('orderBy', () => ProjectOrder, { nullable: true, description: PROJECT_ORDER_DESCRIPTION }) orderBy: ProjectOrder | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.projects.page(filter, orderBy, args);
  }

  @Query(() => Project, { nullable: true, description: 'One project by ID.' })
  project(
    @Arg('id', () => ID, { description: 'Global ID of the project (Project.id); null when none has it.' }) id: string,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: `The project as it stood at this instant, rebuilt from the audit trail. ${AS_OF_ACCESS.record}`,
    })
    asOf: Date | null,
    @Ctx() ctx: Context,
  ) {
    return asOf ? ctx.services.projects.findAsOf(ctx.caller, id, asOf) : ctx.services.projects.findById(id);
  }

  @FieldResolver(() => [ProjectParticipant], { description: 'Countries taking part, by role.' })
  participants(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.services.projects.participants(ctx.loaders, project, ctx.services.countries);
  }

  @FieldResolver(() => [Mineral], { description: 'Minerals the project covers, by code; empty when none is named.' })
  minerals(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.services.projects.minerals(ctx.loaders, project, ctx.services.minerals);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Budget, where one was stated; null otherwise.' })
  budget(@Root() project: Project): Money | null {
    return moneyOf(project.budgetAmount, project.budgetCurrency);
  }

  @FieldResolver(() => CommitmentConnection, { description: `Commitments this project delivers on. ${AS_OF_ACCESS.nested}` })
  commitments(@Root() project: Project & AsOfSnapshot, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.commitments.pageByProject(ctx.caller, ctx.loaders, project.id, args, project.asOf);
  }

  @Authorized(Action.READ_AUDIT_TRAIL)
  @FieldResolver(() => AuditEventConnection, {
    nullable: true,
    description: 'Every change to this project, in sequence order (AUDITOR, ADMIN; FORBIDDEN otherwise).',
  })
  auditTrail(@Root() project: Project, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.auditTrail.trailOf(ctx.caller, ctx.loaders, project.id, args);
  }

  @FieldResolver(() => ProjectStatusChangeConnection, { description: 'Every status the project has had, oldest first.' })
  statusHistory(@Root() project: Project & AsOfSnapshot, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.statusHistory(ctx.loaders, project.id, args, project.asOf);
  }
}

@Resolver(() => ProjectParticipant)
export class ProjectParticipantResolver extends NodeResolver(ProjectParticipant, {
  keys: (participant) => [participant.projectId, participant.countryId],
}) {
  @FieldResolver(() => Country, { description: 'The participating country.' })
  country(@Root() participant: ProjectParticipant): Country {
    return participant.country;
  }
}
