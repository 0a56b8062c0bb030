import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { mutateAs } from '../helpers/mutations';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
const AUDITOR: TokenClaims = { sub: 'report-auditor', role: Role.AUDITOR };
const ASSESS = `mutation($input: AssessObligationInput!) { assessObligation(input: $input) { assessment { id } } }`;
const CORRECT = `mutation($input: CorrectAssessmentInput!) { correctAssessment(input: $input) { assessment { id } } }`;

/** Whether an openssl that verifies raw Ed25519 (pkeyutl -rawin, OpenSSL 3) is installed. */
function opensslVersion(): string | null {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Runs `openssl pkeyutl -verify` on files, as the README tells auditors to; true when it says the signature verifies. */
function opensslVerifies(publicKeyPem: string, body: Buffer, signature: Buffer): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  try {
    fs.writeFileSync(path.join(dir, 'pub.pem'), publicKeyPem);
    fs.writeFileSync(path.join(dir, 'report.json'), body);
    fs.writeFileSync(path.join(dir, 'report.sig'), signature);
    execFileSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'report.json', '-sigfile', 'report.sig'],
      {
        cwd: dir,
        stdio: 'pipe',
      },
    );
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function get(pathAndQuery: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(pathAndQuery, api.url), { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

let meeting: { globalId: string };
let publicKeyPem: string;

beforeAll(async () => {
  const factory = new Factory(api.db);
  meeting = await factory.meeting({ title: 'Report summit' });
  const members = [await factory.country(), await factory.country()];
  for (const [j, scores] of [
    [1, 0],
    [-1, 1],
  ].entries()) {
    const commitment = await factory.commitment({
      title: `Report ${j}`,
      meetingId: (meeting as any).id,
      partyIds: members.map((m) => m.id),
    });
    for (const [i, score] of scores.entries()) {
      const [row] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1 AND country_id = $2', [
        commitment.id,
        members[i].id,
      ]);
      const input = { obligationId: toGlobalId('Obligation', row.id), rationale: 'r', periodFrom: '2026-01-01', periodTo: '2026-06-30' };
      await mutateAs(api, AUDITOR, ASSESS, { ...input, score: -score, kind: 'INTERIM' });
      const wrong = dataOf(await mutateAs(api, AUDITOR, ASSESS, { ...input, score: -score, kind: 'FINAL' })).assessObligation.assessment.id;
      await mutateAs(api, AUDITOR, ASSESS, { ...input, score, kind: 'FINAL' });
      // The wrong FINAL was recorded before the right one: correcting it changes nothing that counts, but it is recorded.
      await mutateAs(api, AUDITOR, CORRECT, { assessmentId: wrong, reason: 'Duplicate' });
    }
  }
  publicKeyPem = (await get('/export/audit-signing-key.pem')).body.toString('utf8');
});

describe('GET /export/compliance-report', () => {
  it('gives the matrix, the averages and the audit head it was computed at', async () => {
    const response = await get(`/export/compliance-report?meeting=${encodeURIComponent(meeting.globalId)}&kind=FINAL`);
    expect(response.status).toBe(200);
    const report = JSON.parse(response.body.toString('utf8'));
    const [head] = await api.db.query('SELECT sequence::int AS sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1');
    expect(report.auditHead).toEqual(head);
    expect(response.headers.get('x-audit-head-sequence')).toBe(String(head.sequence));
    expect(report.commitments.map((c: any) => [c.title, c.scores.map((s: any) => s.score), c.count, c.average, c.percent])).toEqual([
      ['Report 0', [1, 0], 2, 0.5, 75],
      ['Report 1', [-1, 1], 2, 0, 50],
    ]);
    expect(report.members.map((m: any) => [m.count, m.average, m.percent])).toEqual([
      [2, 0, 50],
      [2, 0.5, 75],
    ]);
    expect(report.overall).toEqual({ count: 4, average: 0.25, percent: 62.5 });
  });

  it('is signed: openssl and node:crypto verify it, one changed byte fails, and the same head gives the same bytes', async () => {
    const query = `/export/compliance-report?meeting=${encodeURIComponent(meeting.globalId)}&kind=FINAL`;
    const first = await get(query);
    const second = await get(query);
    expect(second.body.equals(first.body)).toBe(true);
    const signature = Buffer.from(first.headers.get('x-report-signature')!, 'base64');
    expect(signature).toHaveLength(64);
    const sig = await get(
      `${query.replace('compliance-report?', 'compliance-report.sig?')}&head=${first.headers.get('x-audit-head-sequence')}`,
    );
    expect(sig.body.equals(signature)).toBe(true);
    const key = createPublicKey(publicKeyPem);
    expect(verify(null, first.body, key, signature)).toBe(true);
    const tampered = Buffer.from(first.body);
    tampered[tampered.indexOf('0.5')] = '7'.charCodeAt(0);
    expect(verify(null, tampered, key, signature)).toBe(false);
    const openssl = opensslVersion();
    console.info(`openssl: ${openssl ?? 'not installed; verified with node:crypto only'}`);
    if (openssl) {
      expect(opensslVerifies(publicKeyPem, first.body, signature)).toBe(true);
      expect(opensslVerifies(publicKeyPem, tampered, signature)).toBe(false);
    }
  });

  it('gives CSV by format=csv or Accept, signed over its own bytes', async () => {
    const byFormat = await get(`/export/compliance-report?meeting=${encodeURIComponent(meeting.globalId)}&format=csv`);
    const byAccept = await get(`/export/compliance-report?meeting=${encodeURIComponent(meeting.globalId)}`, { accept: 'text/csv' });
    expect(byFormat.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byAccept.body.equals(byFormat.body)).toBe(true);
    const lines = byFormat.body.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^commitment,title,Q.,Q.,count,average,percent$/);
    expect(lines[1]).toMatch(/,Report 0,1,0,2,0.5,75$/);
    expect(lines).toContain('overall,,,,4,0.25,62.5');
    const signature = Buffer.from(byFormat.headers.get('x-report-signature')!, 'base64');
    expect(verify(null, byFormat.body, createPublicKey(publicKeyPem), signature)).toBe(true);
  });

  it('refuses bad parameters with a coded error, and a head the trail has moved past with CONFLICT', async () => {
    const meetingParam = encodeURIComponent(meeting.globalId);
    for (const [query, status] of [
      ['/export/compliance-report', 400],
      [`/export/compliance-report?meeting=${meetingParam}&kind=SOMETIME`, 400],
      [`/export/compliance-report?meeting=${meetingParam}&format=xml`, 400],
      [`/export/compliance-report?meeting=${meetingParam}&extra=1`, 400],
      [`/export/compliance-report?meeting=${encodeURIComponent(toGlobalId('Meeting', '00000000-0000-0000-0000-000000000000'))}`, 404],
      [`/export/compliance-report.sig?meeting=${meetingParam}&head=1`, 409],
    ] as const) {
      const response = await get(query);
      expect([query, response.status]).toEqual([query, status]);
      expect(JSON.parse(response.body.toString('utf8')).errors[0].extensions.code).toMatch(/^[A-Z_]+$/);
    }
  });
});
