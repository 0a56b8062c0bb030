import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Action } from '../auth/policy';
import { AddStatementInput, AddStatementPayload } from './statement.inputs';

@Resolver()
export class StatementMutationResolver {
  @Authorized(Action.ADD_STATEMENT)
  @Mutation(() => AddStatementPayload, {
    nullable: true,
    description: 'Records what a person said, verbatim, with its source (PARTNER for a speaker of its own country, or ADMIN).',
  })
  addStatement(@Arg('input') input: AddStatementInput, @Ctx() ctx: Context) {
    return ctx.services.statementMutations.add(ctx.caller, input);
  }
}
