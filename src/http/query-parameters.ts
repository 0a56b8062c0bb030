import type { Request } from 'express';
import { BadUserInputError } from '../shared/errors';
import { checkText, DEFAULT_MAX_ITEMS, DEFAULT_MAX_TEXT } from '../shared/input-limits';

/**
 * An endpoint's query parameters, read strictly: a parameter it does not know (a typo, or
 * `actors[]`), a single value given twice, a list with no value and a NUL byte (which no
 * PostgreSQL text can hold) are refused with BAD_USER_INPUT naming the parameter. Ignoring
 * them would silently widen what the endpoint returns.
 */
export class QueryParameters {
  private readonly values = new Map<string, string[]>();

  constructor(query: Request['query'], allowed: readonly string[]) {
    for (const [name, raw] of Object.entries(query)) {
      if (!allowed.includes(name)) {
        throw new BadUserInputError(`Unknown query parameter "${name}" (allowed: ${allowed.join(', ')})`, { argument: name });
      }
      const values = Array.isArray(raw) ? raw : [raw];
      if (!values.every((value): value is string => typeof value === 'string'))
        throw new BadUserInputError(`${name} must be plain text`, { argument: name });
      if (values.some((value) => value.includes('\u0000')))
        throw new BadUserInputError(`${name} must not contain a NUL character`, { argument: name });
      this.values.set(name, values);
    }
  }

  /** A comma-separated list, which may also be repeated (`a=x,y&a=z`); undefined when absent. */
  list(name: string): string[] | undefined {
    const values = this.values.get(name)?.flatMap((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
    if (values?.length === 0) throw new BadUserInputError(`${name} needs at least one value`, { argument: name });
    if (!values) return undefined;
    // The caps of the GraphQL filters' lists: the values end up in SQL.
    if (values.length > DEFAULT_MAX_ITEMS)
      throw new BadUserInputError(`${name} must have at most ${DEFAULT_MAX_ITEMS} items`, { argument: name, max: DEFAULT_MAX_ITEMS });
    values.forEach((value, index) => checkText(value, DEFAULT_MAX_TEXT, `${name}[${index}]`));
    return [...new Set(values)];
  }

  /** A parameter that takes one value; undefined when absent. */
  single(name: string): string | undefined {
    const values = this.values.get(name);
    if (values && values.length > 1) throw new BadUserInputError(`${name} takes one value, not ${values.length}`, { argument: name });
    if (values) checkText(values[0], DEFAULT_MAX_TEXT, name);
    return values?.[0];
  }
}
