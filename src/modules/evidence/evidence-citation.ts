import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import { rowKeyOf } from '../../shared/global-id';

/**
 * The row ids of the evidence a record cites (`argument` names the list), each existing and standing,
 * duplicates dropped; BAD_USER_INPUT naming the first that is not.
 */
export async function standingEvidence(manager: EntityManager, globalIds: readonly string[], argument: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, globalId] of [...new Set(globalIds)].entries()) {
    const item = `${argument}[${index}]`;
    const id = rowKeyOf('Evidence', globalId, item);
    const [row] = id ? await manager.query('SELECT superseded_at FROM evidence_documents WHERE id = $1', [id]) : [];
    if (!row) throw new BadUserInputError(`No Evidence has the ID given in ${item}`, { argument: item });
    if (row.superseded_at) throw new BadUserInputError(`Evidence ${globalId} is superseded: cite what replaced it`, { argument: item });
    ids.push(id!);
  }
  return ids;
}
