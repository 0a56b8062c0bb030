/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does),
 * no whitespace, undefined members dropped: equal values always give equal text.
 * Hashes over it can be recomputed in any language (README: "Verifying the audit trail").
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Verbatim) return value.text;
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Text canonicalJson writes as it is, unquoted: a hole that a value is put in later (see eventTextAround). */
export class Verbatim {
  constructor(readonly text: string) {}
}
