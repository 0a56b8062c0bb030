import type { EntityManager } from 'typeorm';
import { BadUserInputError } from './errors';

/** Dates are ISO 'YYYY-MM-DD' strings, so string order is date order. */
export function assertDateOrder(
  start: string | null | undefined,
  end: string | null | undefined,
  names = ['announcedOn', 'targetOn'],
): void {
  if (start && end && end < start) {
    throw new BadUserInputError(`input.${names[1]} (${end}) must not be before input.${names[0]} (${start})`, {
      argument: `input.${names[1]}`,
    });
  }
}

export function assertNotInFuture(date: string | null | undefined, argument: string): void {
  if (date && date > new Date().toISOString().slice(0, 10)) {
    throw new BadUserInputError(`${argument} (${date}) is in the future: record a change once it has happened`, { argument });
  }
}

/** The id, if the row exists; a dangling reference is the caller's mistake, named by its argument. */
export async function existingId(manager: EntityManager, table: string, id: string, argument: string): Promise<string> {
  const rows = await manager.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  if (rows.length === 0) throw new BadUserInputError(`${argument} refers to nothing: no such record`, { argument });
  return id;
}

/** Old and new value of every field whose value changes. */
export function diffFields(
  current: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const [field, value] of Object.entries(next)) {
    if ((current[field] ?? null) !== (value ?? null)) changes[field] = { old: current[field] ?? null, new: value ?? null };
  }
  return changes;
}
