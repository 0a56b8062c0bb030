import { nestedListKey, rowsByIds } from '../../shared/list-query';
import { defineLoader } from '../../shared/loader-registry';
import { AuditAction } from '../audit/audit-event.entity';
import { actorJson, eventSelectList } from '../audit/audit-event.sql';
import type { StatusChangeRecord } from '../audit/status-change.types';
import { Obligation } from './obligation.entity';
import type { ObligationRow } from './obligation.types';

export const obligationById = defineLoader<string, Obligation | undefined>(
  'obligationById',
  (db) => (ids) => rowsByIds<Obligation>(db, Obligation, ids),
);

/** The obligations of each commitment, by party country code. */
export const obligationsByCommitmentId = nestedListKey<ObligationRow>('obligationsByCommitmentId');

/** The correction of each status change (by event UUID), if it was corrected. */
export const correctionByChangeId = defineLoader<string, StatusChangeRecord | null>('correctionByChangeId', (db) => async (ids) => {
  const rows: (StatusChangeRecord & { corrects: string })[] = await db.query(
    `SELECT ${eventSelectList('e', ['id', 'sequence', 'fromStatus', 'toStatus', 'version', 'note', 'evidenceUrl', 'effectiveOn', ['occurredAt', 'recordedAt']])},
       ${actorJson('e')} AS actor, e.changes->>'corrects' AS corrects
     FROM audit_events e WHERE e.action = $1 AND e.changes->>'corrects' = ANY($2::text[])`,
    [AuditAction.STATUS_CORRECTED, ids],
  );
  const byChange = new Map(rows.map((row) => [row.corrects, row]));
  return ids.map((id) => byChange.get(id) ?? null);
});
