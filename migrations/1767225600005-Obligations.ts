import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeCheckedValues } from './checked-values';
import { eventInsert } from '../src/modules/audit/audit-event.sql';
import { eventHash, GENESIS_HASH, type HashedEvent } from '../src/modules/audit/audit-hash';

const STATUSES = `('PROPOSED', 'ANNOUNCED', 'IN_PROGRESS', 'DELIVERED', 'DELAYED', 'WITHDRAWN')`;
// The lock every appender of audit_events takes (AUDIT_APPEND_LOCK); restated so the migration stays as it was written.
const AUDIT_APPEND_LOCK = 7_301_001;

interface CopiedEvent {
  id: string;
  occurredAt: string;
  commitmentId: string;
  actorSub: string;
  actorRole: string;
  actorCountry: string | null;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  evidenceUrl: string | null;
  effectiveOn: string;
}

/**
 * Each obligated party of a commitment answers for its own share: one obligation per
 * party, with its own status, version, note, evidence, effective date and amount.
 *
 * Today's data becomes obligations: every party gets the commitment's current status;
 * the amount goes to the lead (or the sole party), never to every party. The
 * commitment's status history is attached to each obligation by appending, for each
 * party, a copy of every commitment status event (same recorded time, actor, statuses,
 * note and evidence; `changes.copiedFrom` names the original), so answers as of an
 * earlier instant still find each country's obligation. Appends are chained like any
 * other, so the audit trail keeps verifying. The first status takes effect on the
 * commitment's own date (announcedOn, else its meeting's first day; unknown without either).
 */
export class Obligations1767225600005 implements MigrationInterface {
  name = 'Obligations1767225600005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE obligations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        country_id uuid NOT NULL REFERENCES countries(id),
        status varchar NOT NULL CHECK (status IN ${STATUSES}),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        amount numeric(20,2) CHECK (amount >= 0),
        currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
        note text,
        evidence_url text,
        -- When its current status took effect in the world; null while unknown (a commitment without a known date).
        effective_on date,
        -- INVITED while its country has not agreed to be named (see PartyConsent): it then does not count.
        consent varchar NOT NULL DEFAULT 'ACCEPTED' CHECK (consent IN ('INVITED', 'ACCEPTED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((amount IS NULL) = (currency IS NULL)),
        UNIQUE (commitment_id, country_id)
      );
      CREATE INDEX obligations_country_idx ON obligations (country_id);

      ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check
        CHECK (action IN ('CREATED', 'UPDATED', 'STATUS_CHANGED', 'LINKED', 'UNLINKED', 'STATUS_CORRECTED'));
      -- A correction names the change it corrects; each change is corrected at most once.
      CREATE UNIQUE INDEX audit_events_corrects_idx ON audit_events ((changes->>'corrects')) WHERE action = 'STATUS_CORRECTED';
      CREATE INDEX audit_events_obligation_valid_idx ON audit_events (subject_id, effective_on, sequence)
        WHERE subject_type = 'OBLIGATION' AND to_status IS NOT NULL;
    `);
    await changeCheckedValues(q, 'audit_events', 'subject_type', { add: 'OBLIGATION' });
    await q.query(`
      INSERT INTO obligations (commitment_id, country_id, status, amount, currency, effective_on, created_at, updated_at)
      SELECT p.commitment_id, p.country_id, c.status,
        CASE WHEN p.pledger THEN c.amount END, CASE WHEN p.pledger THEN c.currency END,
        coalesce(c.announced_on, m.starts_on), c.created_at, c.updated_at
      FROM (
        SELECT p.*, (p.role = 'LEAD' OR count(*) OVER (PARTITION BY p.commitment_id) = 1)
          AND row_number() OVER (PARTITION BY p.commitment_id ORDER BY p.role = 'LEAD' DESC, k.code) = 1 AS pledger
        FROM commitment_parties p JOIN countries k ON k.id = p.country_id
      ) p
      JOIN commitments c ON c.id = p.commitment_id
      LEFT JOIN meetings m ON m.id = c.meeting_id`);
    await this.attachHistory(q);
  }

  private async attachHistory(q: QueryRunner): Promise<void> {
    await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    const history: CopiedEvent[] = await q.query(`
      SELECT e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
        e.subject_id AS "commitmentId", e.actor_sub AS "actorSub", e.actor_role AS "actorRole", e.actor_country AS "actorCountry",
        e.from_status AS "fromStatus", e.to_status AS "toStatus", e.note, e.evidence_url AS "evidenceUrl",
        to_char(CASE WHEN e.from_status IS NULL THEN o.effective_on ELSE coalesce(e.effective_on, (e.occurred_at AT TIME ZONE 'UTC')::date) END,
          'YYYY-MM-DD') AS "effectiveOn"
      FROM audit_events e
      JOIN LATERAL (SELECT min(effective_on) AS effective_on FROM obligations WHERE commitment_id = e.subject_id) o ON true
      WHERE e.subject_type = 'COMMITMENT' AND e.to_status IS NOT NULL ORDER BY e.sequence`);
    const obligations: { id: string; commitmentId: string; code: string; state: Record<string, unknown> }[] = await q.query(`
      SELECT o.id, o.commitment_id AS "commitmentId", k.code, to_jsonb(o) || jsonb_build_object('amount', o.amount::text, 'code', k.code) AS state
      FROM obligations o JOIN countries k ON k.id = o.country_id ORDER BY o.commitment_id, k.code`);
    const byCommitment = new Map<string, typeof obligations>();
    for (const obligation of obligations)
      byCommitment.set(obligation.commitmentId, [...(byCommitment.get(obligation.commitmentId) ?? []), obligation]);
    const [head] = await q.query('SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1');
    let sequence = Number(head?.sequence ?? 0);
    let prevHash: string = head?.hash ?? GENESIS_HASH;
    const versions = new Map<string, number>();
    const latest = new Map<string, CopiedEvent>();
    for (const original of history) {
      for (const obligation of byCommitment.get(original.commitmentId) ?? []) {
        const version = (versions.get(obligation.id) ?? 0) + 1;
        versions.set(obligation.id, version);
        latest.set(obligation.id, original);
        const event: HashedEvent = {
          sequence: ++sequence,
          id: randomUUID(),
          occurredAt: original.occurredAt,
          subjectType: 'OBLIGATION',
          subjectId: obligation.id,
          action: version === 1 ? 'CREATED' : 'STATUS_CHANGED',
          actorSub: original.actorSub,
          actorRole: original.actorRole,
          actorCountry: original.actorCountry,
          countryCodes: [obligation.code],
          fromStatus: version === 1 ? null : original.fromStatus,
          toStatus: original.toStatus,
          version,
          note: original.note,
          evidenceUrl: original.evidenceUrl,
          effectiveOn: original.effectiveOn,
          changes: { copiedFrom: original.id },
          state: {
            ...obligation.state,
            status: original.toStatus,
            version,
            note: original.note,
            evidence_url: original.evidenceUrl,
            effective_on: original.effectiveOn,
          },
        };
        const hash = eventHash(prevHash, event);
        const { sql, values } = eventInsert({ ...event, prevHash, hash });
        await q.query(sql, values);
        prevHash = hash;
      }
    }
    // Each obligation ends where its copied history ends: the version, note, evidence and effective date of its latest entry.
    for (const [id, version] of versions) {
      const last = latest.get(id)!;
      await q.query('UPDATE obligations SET version = $2, note = $3, evidence_url = $4, effective_on = $5 WHERE id = $1', [
        id,
        version,
        last.note,
        last.evidenceUrl,
        last.effectiveOn,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // Events about obligations stay: audit_events is append-only, so the widened checks stay too.
    await q.query(`DROP TABLE obligations`);
  }
}
