import { validate, ValidationError } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { BadUserInputError } from './errors';

interface Problem {
  argument: string;
  message: string;
}

function flatten(errors: ValidationError[], path: string): Problem[] {
  return errors.flatMap((error) => {
    const here = /^\d+$/.test(error.property) ? `${path}[${error.property}]` : `${path}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ argument: here, message }));
    return [...own, ...flatten(error.children ?? [], here)];
  });
}

/** The name of the argument being validated: every mutation takes `input`; queries name theirs after the type. */
function argumentName(type: unknown, info: GraphQLResolveInfo): string {
  if (info.parentType.name === 'Mutation') return 'input';
  const name = typeof type === 'function' ? type.name : 'input';
  if (name.endsWith('Filter')) return 'filter';
  return name.replace(/Input$/, '').replace(/^./, (first) => first.toLowerCase());
}

/**
 * Validates decorated input classes with class-validator and reports every
 * problem with the path of the field it is about, e.g. input.parties[0].countryCode.
 * The input itself is never echoed back.
 */
export async function validateArgument(value: unknown, type: unknown, data: { info: GraphQLResolveInfo }): Promise<void> {
  await validateInput(value, argumentName(type, data.info));
}

/** The same checks outside GraphQL (an export's filter from query parameters), problems named under `argument`. */
export async function validateInput(value: unknown, argument: string): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const errors = await validate(value as object, { skipMissingProperties: true, forbidUnknownValues: false });
  if (errors.length === 0) return;
  const problems = flatten(errors, argument);
  const summary = problems.map((problem) => `${problem.argument}: ${problem.message}`).join('; ');
  throw new BadUserInputError(`Invalid input: ${summary}`, { argument: problems[0].argument, problems });
}
