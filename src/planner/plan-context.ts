import { type FragmentDefinitionNode, type GraphQLSchema, Kind } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Services } from '../services';
import type { Caller } from '../modules/auth/caller';
import { SqlParams } from '../shared/pagination';
import type { SelectedField } from './selection';

/**
 * How a field's compiler turns one of its arguments into a statement parameter. Declaring it
 * (ObjectPlan.boundArguments) promises that the compiler reads that argument only through this
 * function: NotCompiled when it throws, one statement for a null result and one for every other
 * result, which reaches the statement only as a parameter through PlanContext.boundParam. A plan
 * made for one value of a variable given there then serves every value alike (PlanMemo).
 */
export type BoundArgument = (value: unknown) => unknown;

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
  /** Parameters bound to a variable (boundParam): their number (from 1) and the variable. */
  readonly bound = new Map<number, string>();
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

  /** The parameter `derive(argument's value)` of a bound argument; marked as the variable's when the argument is one. */
  boundParam(field: SelectedField, argument: string, derive: BoundArgument): string {
    const placeholder = this.params.add(derive(field.args[argument]));
    const given = field.node.arguments?.find((node) => node.name.value === argument)?.value;
    if (given?.kind === Kind.VARIABLE) this.bound.set(this.params.values.length, given.name.value);
    return placeholder;
  }

  /** A table alias no other part of the statement uses, so nested lists never shadow their parent's row. */
  alias(prefix: string): string {
    this.aliases += 1;
    return `${prefix}_${this.aliases}`;
  }
}
