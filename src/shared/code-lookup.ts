import type { EntityManager } from 'typeorm';
import { BadUserInputError } from './errors';

/**
 * Row ids for codes (country or mineral codes), in the order given; an unknown
 * code is the caller's mistake and is named with the argument it came from.
 */
export async function idsForCodes(
  manager: EntityManager,
  table: 'countries' | 'minerals',
  codes: readonly string[],
  argument: string,
): Promise<Map<string, string>> {
  const normalized = codes.map((code) => code.trim().toUpperCase());
  const rows: { id: string; code: string }[] = await manager.query(`SELECT id, code FROM ${table} WHERE code = ANY($1)`, [normalized]);
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  const unknown = normalized.filter((code) => !ids.has(code));
  if (unknown.length) {
    const kind = table === 'countries' ? 'country' : 'mineral';
    throw new BadUserInputError(`Unknown ${kind} code${unknown.length > 1 ? 's' : ''} in ${argument}: ${unknown.join(', ')}`, {
      argument,
      unknown,
    });
  }
  return ids;
}
