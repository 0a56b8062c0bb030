import { AuditService } from '../../src/modules/audit/audit.service';
import { seedPublishedSources } from '../../src/seed/seed.service';
import { useTestApi } from '../helpers/test-api';

const api = useTestApi();

const TABLES = [
  'sources',
  'countries',
  'alliances',
  'alliance_memberships',
  'minerals',
  'refining_share_estimates',
  'meetings',
  'meeting_participants',
  'commitments',
  'commitment_parties',
  'commitment_minerals',
  'commitment_sources',
  'audit_events',
];

async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) result[table] = (await api.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  return result;
}

describe('seed', () => {
  it('is idempotent: running it again writes nothing, even concurrently', async () => {
    const before = await counts();
    expect(before).toMatchObject({
      countries: 13,
      commitments: 3,
      meetings: 2,
      alliances: 2,
      minerals: 6,
      refining_share_estimates: 2,
      sources: 2,
    });
    const audit = new AuditService(api.db);
    const runs = await Promise.all([seedPublishedSources(api.db, audit), seedPublishedSources(api.db, audit)]);
    expect(runs).toEqual([false, false]);
    expect(await counts()).toEqual(before);
  });

  it('cites a source for every meeting, commitment, membership and alliance', async () => {
    const uncited = await api.db.query(`
      SELECT 'meeting' AS kind, id FROM meetings WHERE id NOT IN (SELECT meeting_id FROM meeting_sources)
      UNION ALL SELECT 'commitment', id FROM commitments WHERE id NOT IN (SELECT commitment_id FROM commitment_sources)
      UNION ALL SELECT 'membership', id FROM alliance_memberships WHERE id NOT IN (SELECT membership_id FROM membership_sources)
      UNION ALL SELECT 'alliance', id FROM alliances WHERE id NOT IN (SELECT alliance_id FROM alliance_sources)`);
    expect(uncited).toEqual([]);
  });

  it('records every seeded commitment and membership as an audit event with its status', async () => {
    const missing = await api.db.query(`
      SELECT c.id FROM commitments c WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.subject_id = c.id AND e.to_status = c.status)
      UNION ALL SELECT m.id FROM alliance_memberships m WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.subject_id = m.id AND e.to_status = m.status)`);
    expect(missing).toEqual([]);
    const [gaps] = await api.db.query('SELECT max(sequence) - count(*) AS gaps, min(sequence) AS first FROM audit_events');
    expect(gaps).toEqual({ gaps: 0, first: 1 });
  });

  it('keeps China as the dominant refiner, not a partner', async () => {
    const rows = await api.db.query(`
      SELECT (SELECT count(*)::int FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE k.code = 'CN') AS commitments,
             (SELECT count(*)::int FROM meeting_participants p JOIN countries k ON k.id = p.country_id WHERE k.code = 'CN') AS meetings,
             (SELECT count(*)::int FROM refining_share_estimates r JOIN countries k ON k.id = r.refiner_country_id WHERE k.code = 'CN') AS estimates`);
    expect(rows[0]).toEqual({ commitments: 0, meetings: 0, estimates: 2 });
  });
});

describe('audit_events', () => {
  it('refuses UPDATE, DELETE and TRUNCATE whatever the application does', async () => {
    await expect(api.db.query(`UPDATE audit_events SET note = 'rewritten' WHERE sequence = 1`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(api.db.query('DELETE FROM audit_events WHERE sequence = 1')).rejects.toThrow(/append-only: DELETE/);
    await expect(api.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE/);
    const [row] = await api.db.query('SELECT note FROM audit_events WHERE sequence = 1');
    expect(row.note).toBeNull();
  });
});

describe('audit snapshots', () => {
  it('hold the record, never derived search vectors', async () => {
    const [row] = await api.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE state ? 'search_vector'`);
    expect(row.n).toBe(0);
  });
});
