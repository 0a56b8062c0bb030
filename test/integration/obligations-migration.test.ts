import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../src/database/data-source';
import { AuditAction, SubjectType } from '../../src/modules/audit/audit-event.entity';
import { AuditVerifier } from '../../src/modules/audit/audit-verifier';
import { AuditService } from '../../src/modules/audit/audit.service';
import { Role } from '../../src/modules/auth/caller';
import { COMMITMENTS } from '../../src/seed/commitments.data';
import { MEETINGS } from '../../src/seed/meetings.data';
import { COUNTRIES } from '../../src/seed/published-sources.data';
import { registerTrackedRecords } from '../../src/tracked-records';
import { databaseUrl, withAdminClient } from '../setup/test-database';

const OBLIGATIONS_MIGRATION = 'Obligations1767225600005';
/** Later migrations that need the obligations table, so run after it here too. */
const AFTER_OBLIGATIONS = ['ConsentStatistics1767225600013'];
const SEED = { sub: 'seed', role: Role.ADMIN, country: null };
const PARTNER_IN = { sub: 'partner-in', role: Role.PARTNER, country: 'IN' };

/**
 * The data today's main holds before obligations: its seeded commitments (parties and first
 * status entries exactly as its seed writes them) and commitments changed through its API
 * (status moves on the commitment as a whole, an amount on a joint commitment).
 */
async function fillAsMainDid(db: DataSource): Promise<void> {
  registerTrackedRecords();
  const audit = new AuditService(db);
  await db.transaction(async (manager) => {
    const countryIds = new Map<string, string>();
    for (const c of COUNTRIES) {
      const [row] = await manager.query('INSERT INTO countries (code, name, kind) VALUES ($1, $2, $3) RETURNING id', [
        c.code,
        c.name,
        c.kind,
      ]);
      countryIds.set(c.code, row.id);
    }
    const meetingIds = new Map<string, string>();
    for (const m of MEETINGS) {
      const [row] = await manager.query('INSERT INTO meetings (title, kind, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id', [
        m.title,
        m.kind,
        m.startsOn,
        m.endsOn,
      ]);
      meetingIds.set(m.key, row.id);
    }
    const commitment = async (
      fields: { title: string; kind: string; instrument: string; status: string; meeting?: string | null; announcedOn?: string | null },
      parties: readonly { country: string; role: string }[],
      amount?: [string, string],
    ) => {
      const [row] = await manager.query(
        `INSERT INTO commitments (title, kind, instrument, status, meeting_id, announced_on, amount, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          fields.title,
          fields.kind,
          fields.instrument,
          fields.status,
          fields.meeting ? meetingIds.get(fields.meeting) : null,
          fields.announcedOn ?? null,
          amount?.[0] ?? null,
          amount?.[1] ?? null,
        ],
      );
      for (const p of parties)
        await manager.query('INSERT INTO commitment_parties (commitment_id, country_id, role) VALUES ($1, $2, $3)', [
          row.id,
          countryIds.get(p.country),
          p.role,
        ]);
      await audit.record(manager, {
        subjectType: SubjectType.COMMITMENT,
        subjectId: row.id,
        action: AuditAction.CREATED,
        actor: SEED,
        countryCodes: parties.map((p) => p.country),
        version: 1,
        toStatus: fields.status,
        changes: { title: fields.title, status: fields.status },
      });
      return row.id as string;
    };
    for (const c of COMMITMENTS) await commitment(c, c.parties);

    // Changed through main's API: the commitment moves as a whole.
    const joint = await commitment(
      { title: 'US pledges 5bn', kind: 'FUNDING', instrument: 'ANNOUNCEMENT', status: 'ANNOUNCED', announcedOn: '2026-02-01' },
      [
        { country: 'US', role: 'LEAD' },
        { country: 'CN', role: 'PARTY' },
        { country: 'IN', role: 'PARTY' },
      ],
      ['5000000000.00', 'USD'],
    );
    let version = 1;
    for (const [from, to, note, evidence] of [
      ['ANNOUNCED', 'IN_PROGRESS', null, null],
      ['IN_PROGRESS', 'DELIVERED', null, 'https://example.org/delivered'],
    ]) {
      version += 1;
      await manager.query('UPDATE commitments SET status = $2, version = $3 WHERE id = $1', [joint, to, version]);
      await audit.record(manager, {
        subjectType: SubjectType.COMMITMENT,
        subjectId: joint,
        action: AuditAction.STATUS_CHANGED,
        actor: PARTNER_IN,
        countryCodes: ['CN', 'IN', 'US'],
        version,
        fromStatus: from,
        toStatus: to,
        note,
        evidenceUrl: evidence,
        effectiveOn: to === 'DELIVERED' ? '2026-03-01' : null,
      });
    }
  });
}

describe('migration 1767225600005 (obligations) over the data of today’s main', () => {
  const name = `migration_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let db: DataSource;

  beforeAll(async () => {
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
    const before = createDataSource({ url: databaseUrl(name), poolSize: 2 });
    before.setOptions({ migrations: MIGRATIONS.filter((m) => m.name !== OBLIGATIONS_MIGRATION && !AFTER_OBLIGATIONS.includes(m.name)) });
    await before.initialize();
    await before.runMigrations();
    await fillAsMainDid(before);
    await before.destroy();
    db = createDataSource({ url: databaseUrl(name), poolSize: 2 });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
  });

  it('turns every party into an obligation with the current status, the history attached; nothing is lost and the trail verifies', async () => {
    const commitmentsBefore = await db.query('SELECT id, status, version, amount, currency FROM commitments ORDER BY id');
    const partiesBefore = await db.query('SELECT commitment_id, country_id, role FROM commitment_parties ORDER BY 1, 2');
    const eventsBefore = await db.query('SELECT sequence, hash FROM audit_events ORDER BY sequence');
    const historyOf = `SELECT e.subject_id, array_agg(e.to_status ORDER BY e.sequence) AS statuses FROM audit_events e
      WHERE e.subject_type = $1 AND e.to_status IS NOT NULL GROUP BY e.subject_id`;
    const commitmentHistory = new Map<string, string[]>(
      (await db.query(historyOf, [SubjectType.COMMITMENT])).map((r: any) => [r.subject_id, r.statuses]),
    );

    const applied = await db.runMigrations();
    expect(applied.map((m) => m.name)).toEqual([OBLIGATIONS_MIGRATION, ...AFTER_OBLIGATIONS]);

    // Nothing lost: commitments, parties and every earlier event as they were.
    expect(await db.query('SELECT id, status, version, amount, currency FROM commitments ORDER BY id')).toEqual(commitmentsBefore);
    expect(await db.query('SELECT commitment_id, country_id, role FROM commitment_parties ORDER BY 1, 2')).toEqual(partiesBefore);
    expect(await db.query('SELECT sequence, hash FROM audit_events WHERE sequence <= $1 ORDER BY sequence', [eventsBefore.length])).toEqual(
      eventsBefore,
    );

    // One obligation per party, in the commitment's status, with the commitment's history.
    const obligations = await db.query(
      `SELECT o.id, o.commitment_id, o.country_id, o.status, o.version, o.amount, o.currency, p.role, c.status AS commitment_status
       FROM obligations o JOIN commitments c ON c.id = o.commitment_id
       JOIN commitment_parties p ON p.commitment_id = o.commitment_id AND p.country_id = o.country_id`,
    );
    expect(obligations).toHaveLength(partiesBefore.length);
    const obligationHistory = new Map((await db.query(historyOf, [SubjectType.OBLIGATION])).map((r: any) => [r.subject_id, r.statuses]));
    for (const o of obligations) {
      expect(o.status).toBe(o.commitment_status);
      expect(obligationHistory.get(o.id)).toEqual(commitmentHistory.get(o.commitment_id));
      expect(o.version).toBe(commitmentHistory.get(o.commitment_id)!.length);
    }

    // The amount belongs to the lead alone, never copied onto every party.
    const [joint] = commitmentsBefore.filter((c: any) => c.amount !== null);
    const amounts = obligations.filter((o: any) => o.commitment_id === joint.id).map((o: any) => [o.role, o.amount, o.currency]);
    expect(amounts.sort()).toEqual([
      ['LEAD', '5000000000.00', 'USD'],
      ['PARTY', null, null],
      ['PARTY', null, null],
    ]);

    // Seeded commitments take effect on their meeting's first day.
    const days = await db.query(
      `SELECT DISTINCT to_char(o.effective_on, 'YYYY-MM-DD') AS effective, to_char(m.starts_on, 'YYYY-MM-DD') AS starts FROM obligations o
       JOIN commitments c ON c.id = o.commitment_id JOIN meetings m ON m.id = c.meeting_id WHERE m.starts_on IS NOT NULL`,
    );
    expect(days.length).toBeGreaterThan(0);
    for (const day of days) expect(day.effective).toBe(day.starts);

    const verification = await new AuditVerifier(db).verify();
    expect(verification).toMatchObject({ ok: true, firstBrokenSequence: null });
    expect(verification.checkedEvents).toBe(eventsBefore.length + obligations.reduce((n: number, o: any) => n + o.version, 0));
  });
});
