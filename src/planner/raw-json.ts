import type { FormattedExecutionResult } from 'graphql';

/**
 * A compiled read's `data` as the JSON text Postgres built: sent on as it is, never
 * parsed into objects and stringified again. Anything that serializes it some other
 * way (toJSON) still gets the same value.
 */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Apollo's stringifyResult: a RawJson `data` is spliced in as text, everything else is JSON.stringify's. */
export function stringifyResult(result: FormattedExecutionResult): string {
  const { data } = result as { data?: unknown };
  if (!(data instanceof RawJson)) return `${JSON.stringify(result)}\n`;
  const members = [
    result.errors === undefined ? undefined : `"errors":${JSON.stringify(result.errors)}`,
    `"data":${data.text}`,
    result.extensions === undefined ? undefined : `"extensions":${JSON.stringify(result.extensions)}`,
  ];
  return `{${members.filter(Boolean).join(',')}}\n`;
}
