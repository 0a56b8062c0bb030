import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Money, moneyOf } from '../../shared/money';
import { ConnectionArgs } from '../../shared/pagination';
import { Action } from '../auth/policy';
import { NodeResolver } from '../node/node.resolver';
import { Organisation } from '../organisation/organisation.entity';
import { Project } from '../project/project.entity';
import { Transaction } from './transaction.entity';
import {
  CorrectTransactionInput,
  CorrectTransactionPayload,
  RecordTransactionInput,
  RecordTransactionPayload,
  TransactionConnection,
} from './transaction.inputs';

@Resolver(() => Transaction)
export class TransactionResolver extends NodeResolver(Transaction) {
  @FieldResolver(() => Money, { description: 'How much, exact, in its currency.' })
  value(@Root() transaction: Transaction) {
    return moneyOf(transaction.amount, transaction.currency);
  }

  @FieldResolver(() => Project, { description: 'The project whose money it is.' })
  project(@Root() transaction: Transaction, @Ctx() ctx: Context) {
    return ctx.services.projects.load(ctx.loaders, transaction.projectId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation the money came from, when one is recorded.' })
  providerOrganisation(@Root() transaction: Transaction, @Ctx() ctx: Context) {
    return transaction.providerOrganisationId ? ctx.services.organisations.load(ctx.loaders, transaction.providerOrganisationId) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation the money went to, when one is recorded.' })
  receiverOrganisation(@Root() transaction: Transaction, @Ctx() ctx: Context) {
    return transaction.receiverOrganisationId ? ctx.services.organisations.load(ctx.loaders, transaction.receiverOrganisationId) : null;
  }

  @FieldResolver(() => Transaction, {
    nullable: true,
    description: 'The transaction this one corrects (replaces); null for a first record.',
  })
  corrects(@Root() transaction: Transaction, @Ctx() ctx: Context) {
    return transaction.correctsId ? ctx.services.transactions.load(ctx.loaders, transaction.correctsId) : null;
  }

  @FieldResolver(() => Transaction, {
    nullable: true,
    description: 'The transaction that corrected this one, which then no longer counts; null while it stands.',
  })
  async correctedBy(@Root() transaction: Transaction, @Ctx() ctx: Context) {
    return (await ctx.services.transactions.correctedBy(ctx.loaders, transaction.id)) ?? null;
  }
}

@Resolver(() => Project)
export class ProjectTransactionsResolver {
  @FieldResolver(() => TransactionConnection, {
    description:
      "The project's transactions by date, corrected ones included (see correctedBy); under a project read asOf, those recorded by then.",
  })
  transactions(@Root() project: Project & { asOf?: Date | null }, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.transactions.pageByProject(ctx.loaders, project.id, args, project.asOf);
  }
}

@Resolver()
export class TransactionMutationResolver {
  @Authorized(Action.REPORT_PROJECT_FUNDING)
  @Mutation(() => RecordTransactionPayload, {
    nullable: true,
    description: "Records a flow of money of a project, once and for good (ADMIN, or PARTNER of the project's reporting participant).",
  })
  recordTransaction(@Arg('input') input: RecordTransactionInput, @Ctx() ctx: Context) {
    return ctx.services.transactionMutations.record(ctx.caller, input);
  }

  @Authorized(Action.REPORT_PROJECT_FUNDING)
  @Mutation(() => CorrectTransactionPayload, {
    nullable: true,
    description:
      "Records a transaction that replaces a mistaken one, which stays in the record and no longer counts (ADMIN, or PARTNER of the project's reporting participant).",
  })
  correctTransaction(@Arg('input') input: CorrectTransactionInput, @Ctx() ctx: Context) {
    return ctx.services.transactionMutations.correct(ctx.caller, input);
  }
}
