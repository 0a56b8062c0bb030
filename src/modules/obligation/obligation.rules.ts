import type { EntityManager } from 'typeorm';
import { AppError, ErrorCode } from '../../shared/errors';
import { AuditAction } from '../audit/audit-event.entity';
import { assertNotInFuture } from '../../shared/mutation-rules';
import { MoneyInput } from '../../shared/money';

/** Today's UTC date, the default effectiveOn of a change. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * The bounds of a change's effectiveOn: not in the future, not before the commitment's own date,
 * and not before the effectiveOn of its obligation's current status (valid time never runs backwards
 * through the history, so a backdated change never rewrites what was recorded before it).
 * `own` is the commitment's own date (COMMITMENT_DATE), read with the obligation.
 */
export function effectiveOnWithin(
  own: string | null,
  current: { effectiveOn: string | null },
  effectiveOn: string | null | undefined,
): string {
  assertNotInFuture(effectiveOn, 'input.effectiveOn');
  const day = effectiveOn ?? todayUtc();
  const earliest = [own, current.effectiveOn]
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  if (!earliest) return day;
  if (day < earliest && effectiveOn) {
    throw new AppError(
      ErrorCode.EFFECTIVE_DATE_OUT_OF_BOUNDS,
      `input.effectiveOn (${day}) is before ${earliest}: a change cannot take effect before the commitment's own date or its obligation's current status`,
      { argument: 'input.effectiveOn', earliest },
    );
  }
  // LocalDates compare as text: the later of the two.
  return [day, earliest].sort().at(-1)!;
}

/** A party as an input gives it: its country, its role and, for a joint commitment, the amount it pledged itself. */
export interface PledgingParty {
  countryCode: string;
  role: string;
  amount?: MoneyInput | null;
}

/**
 * Who pledged what: each party's own amount where the input states one per party; otherwise the one
 * amount of the commitment belongs to its LEAD (the first listed LEAD, or the first party when none leads).
 * One amount is never copied onto every party.
 */
export function pledgedAmounts(parties: readonly PledgingParty[], amount: MoneyInput | null | undefined): Map<string, MoneyInput | null> {
  const amounts = new Map<string, MoneyInput | null>(
    parties.map((party) => [party.countryCode.trim().toUpperCase(), party.amount ?? null]),
  );
  if (parties.some((party) => party.amount) || !amount || parties.length === 0) return amounts;
  const pledger = parties.find((party) => party.role === 'LEAD') ?? parties[0];
  amounts.set(pledger.countryCode.trim().toUpperCase(), amount);
  return amounts;
}

/** A recorded obligation status change, as a correction needs it. */
export interface CorrectableChange {
  id: string;
  sequence: number;
  obligationId: string;
  action: string;
  actorCountry: string | null;
  toStatus: string;
  commitmentId: string;
  code: string;
}

/** CORRECTION_NOT_LATEST unless the change is its obligation's latest standing change and not corrected yet. */
export async function assertLatest(manager: EntityManager, change: CorrectableChange, globalId: string): Promise<void> {
  const [later] = await manager.query(
    `SELECT l.id FROM audit_events l WHERE l.subject_id = $1 AND l.sequence > $2 AND l.action = $3
       AND NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.action = $4 AND x.changes->>'corrects' = l.id::text)
     UNION ALL SELECT x.id FROM audit_events x WHERE x.action = $4 AND x.changes->>'corrects' = $5 LIMIT 1`,
    [change.obligationId, change.sequence, AuditAction.STATUS_CHANGED, AuditAction.STATUS_CORRECTED, change.id],
  );
  if (later)
    throw new AppError(
      ErrorCode.CORRECTION_NOT_LATEST,
      'This status change was already corrected, or a later change of the same obligation stands: correct the latest change first',
      { statusChangeId: globalId },
    );
}
