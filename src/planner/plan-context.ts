import type { FragmentDefinitionNode, GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Services } from '../services';
import type { Caller } from '../modules/auth/caller';
import { SqlParams } from '../shared/pagination';

/**
 * Thrown while planning when a field, argument or caller needs a rule the planner does
 * not implement: the whole operation then runs through the resolvers instead.
 */
export class NotCompiled extends Error {
  constructor(reason: string) {
    super(`not compiled: ${reason}`);
  }
}

/** What one plan is built from: the operation's inputs, the caller, and the statement's parameters. */
export class PlanContext {
  readonly params = new SqlParams();
  private aliases = 0;

  constructor(
    readonly schema: GraphQLSchema,
    readonly services: Services,
    readonly caller: Caller,
    readonly variables: Record<string, unknown>,
    readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {}

  /** For entity metadata only: the statement itself runs on the read connections. */
  get db(): DataSource {
    return this.services.db;
  }

  /** A table alias no other part of the statement uses, so nested lists never shadow their parent's row. */
  alias(prefix: string): string {
    this.aliases += 1;
    return `${prefix}_${this.aliases}`;
  }
}
