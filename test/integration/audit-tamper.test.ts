import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { eventHash, GENESIS_HASH } from '../../src/modules/audit/audit-hash';
import { AuditSigner, checkpointMessage } from '../../src/modules/audit/audit-signer';
import { ChainedEvent, streamEvents } from '../../src/modules/audit/audit-stream';
import { Role } from '../../src/modules/auth/caller';
import { authHeader, dataOf, startTestApi, TEST_SIGNER, TestApi } from '../helpers/test-api';

/**
 * Tampering with the audit trail by direct SQL as the database superuser: a single edited
 * row is caught by the chain itself; a rewritten or truncated chain only by a signed checkpoint.
 */

const ROOT = path.resolve(__dirname, '../..');
let api: TestApi;
type Headers = Record<string, string>;
let admin: Headers;
let auditor: Headers;

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version } statusChange { sequence } } }`;
const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } statusChange { sequence note } } }`;
const UPDATE = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`;
const VERIFICATION = 'ok checkedEvents firstBrokenSequence headSequence headHash checkpointSignatureValid checkpointIsPrefix';
const VERIFY = `query($from: Int, $to: Int, $checkpoint: CheckpointInput) {
  verifyAuditTrail(fromSequence: $from, toSequence: $to, checkpoint: $checkpoint) { ${VERIFICATION} }
}`;
const CHECKPOINT = `{ auditCheckpoint { headSequence headHash createdAt signature publicKey message } }`;

interface Checkpoint {
  headSequence: number;
  headHash: string;
  createdAt: string;
  signature: string;
  publicKey: string;
  message: string;
}

const q = (sql: string, params?: unknown[]) => api.db.query(sql, params);

async function verify(
  variables: { from?: number; to?: number; checkpoint?: Omit<Checkpoint, 'publicKey' | 'message'> } = {},
  headers = auditor,
) {
  return dataOf(await api.graphql(VERIFY, variables, headers)).verifyAuditTrail;
}

/** Only the fields a client sends back. */
const kept = ({ headSequence, headHash, createdAt, signature }: Checkpoint) => ({ headSequence, headHash, createdAt, signature });

async function head(): Promise<{ sequence: number; hash: string; count: number }> {
  const [row] = await q(
    'SELECT max(sequence)::int AS sequence, count(*)::int AS count, (SELECT hash FROM audit_events ORDER BY sequence DESC LIMIT 1) AS hash FROM audit_events',
  );
  return row;
}

/** Runs statements as the superuser with the append-only triggers off, as an attacker with database access could. */
async function asSuperuser(work: (manager: EntityManager) => Promise<unknown>): Promise<void> {
  await api.db.transaction(async (manager) => {
    const [{ rolsuper }] = await manager.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(rolsuper).toBe(true);
    await manager.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await work(manager);
    await manager.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
  });
}

async function readChain(): Promise<ChainedEvent[]> {
  const events: ChainedEvent[] = [];
  for await (const event of streamEvents(api.db, { batchSize: 5000 })) events.push(event);
  return events;
}

/**
 * Replaces the whole trail with `events`, renumbered from 1 and re-hashed from the genesis hash,
 * so the forged chain is internally consistent: exactly what a careful attacker would write.
 */
async function writeForgedChain(events: Omit<ChainedEvent, 'prevHash' | 'hash'>[]): Promise<void> {
  let prevHash = GENESIS_HASH;
  const rows = events.map((event, index) => {
    const hashed = { ...event, sequence: index + 1 };
    const hash = eventHash(prevHash, hashed);
    const row = { ...hashed, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await asSuperuser(async (manager) => {
    await manager.query('DELETE FROM audit_events');
    for (const e of rows) {
      await manager.query(
        `INSERT INTO audit_events (sequence, id, occurred_at, subject_type, subject_id, action, actor_sub, actor_role, actor_country, country_codes,
           from_status, to_status, version, note, evidence_url, effective_on, changes, state, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
        [
          e.sequence,
          e.id,
          e.occurredAt,
          e.subjectType,
          e.subjectId,
          e.action,
          e.actorSub,
          e.actorRole,
          e.actorCountry,
          e.countryCodes,
          e.fromStatus,
          e.toStatus,
          e.version,
          e.note,
          e.evidenceUrl,
          e.effectiveOn,
          JSON.stringify(e.changes),
          e.state === null ? null : JSON.stringify(e.state),
          e.prevHash,
          e.hash,
        ],
      );
    }
  });
}

const withoutChain = ({ prevHash: _p, hash: _h, ...event }: ChainedEvent) => event;

async function backUpTrail() {
  await q('DROP TABLE IF EXISTS audit_events_backup');
  await q('CREATE TABLE audit_events_backup AS SELECT * FROM audit_events');
}

async function restoreTrail() {
  await asSuperuser(async (manager) => {
    await manager.query('DELETE FROM audit_events');
    await manager.query('INSERT INTO audit_events SELECT * FROM audit_events_backup');
  });
  expect(await verify()).toMatchObject({ ok: true, firstBrokenSequence: null });
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run audit:verify` as a child process against this test's database. */
function auditVerifyCli(env: NodeJS.ProcessEnv, args: string[] = []): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/cli/audit-verify.js', ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AUDIT_SIGNING_KEY: _k, DATABASE_URL: _d, ...rest } = process.env;
  return { ...rest, DATABASE_URL: api.databaseUrl, ...extra };
}

// Any Ed25519 key: verifying the chain signs nothing, so the key does not need to be the server's.
const SOME_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Runs the CLI and reads its JSON report. */
async function cliReport(env: NodeJS.ProcessEnv, args: string[] = []) {
  const result = await auditVerifyCli(env, args);
  let report: any = null;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    // left null: the assertions below show stdout and stderr
  }
  return { ...result, report };
}

let commitmentId: string;
let version: number;

/** A status change on the test commitment; returns its sequence. */
async function step(status: string, note: string | null = null): Promise<number> {
  const payload = dataOf(
    await api.graphql(CHANGE, { input: { commitmentId, expectedVersion: version, status, note } }, admin),
  ).changeCommitmentStatus;
  version = payload.commitment.version;
  return payload.statusChange.sequence;
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await authHeader({ sub: 'admin-1', role: Role.ADMIN });
  auditor = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR });
  const created = dataOf(
    await api.graphql(
      CREATE,
      {
        input: {
          title: 'Tamper target',
          kind: 'FUNDING',
          instrument: 'MOU',
          status: 'ANNOUNCED',
          // One party, so each status change moves the commitment itself.
          parties: [{ countryCode: 'IN', role: 'LEAD' }],
          mineralCodes: ['LITHIUM'],
        },
      },
      admin,
    ),
  ).createCommitment;
  commitmentId = created.commitment.id;
  version = created.commitment.version;
});
afterAll(() => api?.close());

describe('a single row edited by direct SQL', () => {
  let tampered: number;
  let original: string;

  beforeAll(async () => {
    await step('IN_PROGRESS');
    tampered = await step('DELAYED', 'Refinery permit delayed by the regulator');
    await step('IN_PROGRESS');
    await step('DELAYED', 'Second delay');
    await step('IN_PROGRESS');
    original = 'Refinery permit delayed by the regulator';
    await backUpTrail();
  });

  it('the untampered trail verifies: verifyAuditTrail is ok over every event', async () => {
    const { sequence, hash, count } = await head();
    expect(await verify()).toEqual({
      ok: true,
      checkedEvents: count,
      firstBrokenSequence: null,
      headSequence: sequence,
      headHash: hash,
      checkpointSignatureValid: null,
      checkpointIsPrefix: null,
    });
  });

  it('the untampered trail verifies: audit:verify (DATABASE_URL and AUDIT_SIGNING_KEY) exits 0 printing ok', async () => {
    const { sequence, count } = await head();
    const { code, report, stdout, stderr } = await cliReport(cliEnv({ AUDIT_SIGNING_KEY: SOME_SIGNING_KEY }));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(report).toMatchObject({ ok: true, checkedEvents: count, firstBrokenSequence: null, headSequence: sequence });
    expect(stdout).toContain('"ok": true');
  });

  it('the untampered trail verifies: audit:verify with only DATABASE_URL exits 0 printing ok', async () => {
    const { code, report, stderr } = await cliReport(cliEnv());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(report).toMatchObject({ ok: true, firstBrokenSequence: null });
  });

  it('with the append-only triggers on, the database refuses UPDATE, DELETE and TRUNCATE even to the superuser', async () => {
    await expect(q(`UPDATE audit_events SET note = 'rewritten' WHERE sequence = $1`, [tampered])).rejects.toThrow(
      /audit_events is append-only: UPDATE is not allowed/,
    );
    await expect(q(`DELETE FROM audit_events WHERE sequence = $1`, [tampered])).rejects.toThrow(
      /audit_events is append-only: DELETE is not allowed/,
    );
    await expect(q(`TRUNCATE audit_events`)).rejects.toThrow(/audit_events is append-only: TRUNCATE is not allowed/);
    const [{ note }] = await q('SELECT note FROM audit_events WHERE sequence = $1', [tampered]);
    expect(note).toBe(original);
  });

  describe('after UPDATE audit_events SET note = rewritten WHERE sequence = N (triggers disabled)', () => {
    beforeAll(async () => {
      await asSuperuser((manager) => manager.query(`UPDATE audit_events SET note = 'rewritten' WHERE sequence = $1`, [tampered]));
      const [{ note }] = await q('SELECT note FROM audit_events WHERE sequence = $1', [tampered]);
      expect(note).toBe('rewritten');
    });

    it('verifyAuditTrail says ok false with firstBrokenSequence N, having checked up to N', async () => {
      const { sequence, hash } = await head();
      expect(await verify()).toEqual({
        ok: false,
        checkedEvents: tampered,
        firstBrokenSequence: tampered,
        headSequence: sequence,
        headHash: hash,
        checkpointSignatureValid: null,
        checkpointIsPrefix: null,
      });
      // ADMIN sees the same.
      expect(await verify({}, admin)).toMatchObject({ ok: false, firstBrokenSequence: tampered });
    });

    it('ranges that end before N, or start after it, still verify: the break is pinned to N', async () => {
      expect(await verify({ from: 1, to: tampered - 1 })).toMatchObject({
        ok: true,
        checkedEvents: tampered - 1,
        firstBrokenSequence: null,
      });
      const { sequence } = await head();
      expect(await verify({ from: tampered + 1 })).toMatchObject({
        ok: true,
        checkedEvents: sequence - tampered,
        firstBrokenSequence: null,
      });
      expect(await verify({ from: tampered, to: tampered })).toMatchObject({ ok: false, checkedEvents: 1, firstBrokenSequence: tampered });
    });

    it('audit:verify exits 1 and prints firstBrokenSequence N', async () => {
      const { code, report, stderr } = await cliReport(cliEnv({ AUDIT_SIGNING_KEY: SOME_SIGNING_KEY }));
      expect(code).toBe(1);
      expect(report).toMatchObject({ ok: false, firstBrokenSequence: tampered, checkedEvents: tampered });
      expect(stderr).toContain(`audit trail broken at sequence ${tampered}`);
    });

    it('audit:verify --from N+1 exits 0 (the range after the edit holds)', async () => {
      const { code, report } = await cliReport(cliEnv({ AUDIT_SIGNING_KEY: SOME_SIGNING_KEY }), ['--from', String(tampered + 1)]);
      expect(code).toBe(0);
      expect(report).toMatchObject({ ok: true, firstBrokenSequence: null });
    });

    it('audit:verify with only DATABASE_URL exits 1 and prints firstBrokenSequence N', async () => {
      const { code, report } = await cliReport(cliEnv());
      expect(code).toBe(1);
      expect(report).toMatchObject({ ok: false, firstBrokenSequence: tampered });
    });

    it('re-hashing the edited row does not hide it: the break moves to N+1, whose prevHash no longer links', async () => {
      const [event] = (await readChain()).filter((e) => e.sequence === tampered);
      expect(event.note).toBe('rewritten');
      const rehashed = eventHash(event.prevHash, withoutChain(event));
      await asSuperuser((manager) => manager.query('UPDATE audit_events SET hash = $1 WHERE sequence = $2', [rehashed, tampered]));
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSequence: tampered + 1, checkedEvents: tampered + 1 });
      const { code, report } = await cliReport(cliEnv({ AUDIT_SIGNING_KEY: SOME_SIGNING_KEY }));
      expect(code).toBe(1);
      expect(report.firstBrokenSequence).toBe(tampered + 1);
    });

    it('restoring the original row makes the trail verify again', async () => {
      await restoreTrail();
      const { count } = await head();
      expect(await verify()).toMatchObject({ ok: true, checkedEvents: count });
      const { code } = await auditVerifyCli(cliEnv({ AUDIT_SIGNING_KEY: SOME_SIGNING_KEY }));
      expect(code).toBe(0);
    });
  });
});

describe('verifyAuditTrail ranges', () => {
  it('a range that ends before it starts, or starts right after the head, checks nothing and is ok', async () => {
    const { sequence, hash } = await head();
    expect(await verify({ from: 5, to: 4 })).toEqual({
      ok: true,
      checkedEvents: 0,
      firstBrokenSequence: null,
      headSequence: sequence,
      headHash: hash,
      checkpointSignatureValid: null,
      checkpointIsPrefix: null,
    });
    expect(await verify({ from: sequence + 1 })).toMatchObject({ ok: true, checkedEvents: 0, firstBrokenSequence: null });
    expect(await verify({ from: -3, to: 2 })).toMatchObject({ ok: true, checkedEvents: 2, firstBrokenSequence: null });
    expect(await verify({ to: sequence + 100 })).toMatchObject({ ok: true, checkedEvents: sequence, firstBrokenSequence: null });
  });

  it('a range that starts past the head is not reported as a broken trail', async () => {
    const { sequence } = await head();
    expect(await verify({ from: sequence + 5 })).toMatchObject({ ok: true, checkedEvents: 0, firstBrokenSequence: null });
  });
});

describe('signed checkpoints', () => {
  let checkpoint: Checkpoint;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-checkpoint-'));
    await step('DELAYED', 'Before the checkpoint');
    checkpoint = dataOf(await api.graphql(CHECKPOINT, {}, auditor)).auditCheckpoint;
    // More changes after the checkpoint was taken.
    await step('IN_PROGRESS');
    await step('DELAYED', 'After the checkpoint');
    dataOf(await api.graphql(UPDATE, { input: { commitmentId, expectedVersion: version, title: 'Tamper target, renamed' } }, admin));
    version += 1;
    await step('IN_PROGRESS');
    await backUpTrail();
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('states the head at the time it was taken, signed by the server key over its message', async () => {
    const [{ hash }] = await q('SELECT hash FROM audit_events WHERE sequence = $1', [checkpoint.headSequence]);
    const { sequence } = await head();
    // Three status changes (each the obligation's event and the commitment's) and one update since.
    expect(checkpoint.headSequence).toBe(sequence - 7);
    expect(checkpoint.headHash).toBe(hash);
    expect(checkpoint.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(checkpoint.message).toBe(
      `audit-checkpoint:v1\nheadSequence=${checkpoint.headSequence}\nheadHash=${checkpoint.headHash}\ncreatedAt=${checkpoint.createdAt}\n`,
    );
    expect(checkpoint.message).toBe(checkpointMessage(checkpoint));
    expect(checkpoint.publicKey).toBe(TEST_SIGNER.publicKeyPem);
    expect(Buffer.from(checkpoint.signature, 'base64')).toHaveLength(64);
    expect(TEST_SIGNER.verify(checkpoint, checkpoint.signature)).toBe(true);
    // An ADMIN may take one too.
    expect(dataOf(await api.graphql(CHECKPOINT, {}, admin)).auditCheckpoint.headSequence).toBe(sequence);
  });

  function openssl(message: string, signature: string): Promise<CliResult> {
    const dir = fs.mkdtempSync(path.join(tmp, 'sig-'));
    fs.writeFileSync(path.join(dir, 'pub.pem'), checkpoint.publicKey);
    fs.writeFileSync(path.join(dir, 'msg.txt'), message);
    fs.writeFileSync(path.join(dir, 'sig.bin'), Buffer.from(signature, 'base64'));
    return new Promise((resolve, reject) => {
      const child = spawn(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg.txt', '-sigfile', 'sig.bin'],
        { cwd: dir },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('its signature verifies with the openssl CLI, and fails for a modified message', async () => {
    const good = await openssl(checkpoint.message, checkpoint.signature);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('Signature Verified Successfully');

    const modified = checkpoint.message.replace(`headSequence=${checkpoint.headSequence}`, `headSequence=${checkpoint.headSequence + 1}`);
    expect(modified).not.toBe(checkpoint.message);
    const bad = await openssl(modified, checkpoint.signature);
    expect(bad.code).not.toBe(0);
    expect(`${bad.stdout}${bad.stderr}`).toContain('Signature Verification Failure');

    const wrongKey = await openssl(checkpoint.message, AuditSigner.generate().sign(checkpoint));
    expect(wrongKey.code).not.toBe(0);
  });

  it('on the untouched trail: ok, signature valid, still a prefix, with events added after it', async () => {
    const { sequence, hash, count } = await head();
    expect(await verify({ checkpoint: kept(checkpoint) })).toEqual({
      ok: true,
      checkedEvents: count,
      firstBrokenSequence: null,
      headSequence: sequence,
      headHash: hash,
      checkpointSignatureValid: true,
      checkpointIsPrefix: true,
    });
  });

  it.each([
    ['a signature by another key over the same head', (c: Checkpoint) => ({ ...kept(c), signature: AuditSigner.generate().sign(c) })],
    [
      'one flipped byte of the signature',
      (c: Checkpoint) => {
        const bytes = Buffer.from(c.signature, 'base64');
        bytes[10] ^= 0x01;
        return { ...kept(c), signature: bytes.toString('base64') };
      },
    ],
    ['a signature that is not base64 of 64 bytes', (c: Checkpoint) => ({ ...kept(c), signature: 'Zm9yZ2Vk' })],
    ['the real signature on another createdAt', (c: Checkpoint) => ({ ...kept(c), createdAt: '2020-01-01T00:00:00.000Z' })],
    [
      'the real signature on an earlier headSequence and its true hash',
      (c: Checkpoint) => ({ ...kept(c), headSequence: c.headSequence - 1, headHash: '' }),
    ],
  ])('a forged checkpoint (%s) gets checkpointSignatureValid false and ok false', async (_name, forge) => {
    const forged = forge(checkpoint);
    if (forged.headHash === '')
      [{ hash: forged.headHash }] = await q('SELECT hash FROM audit_events WHERE sequence = $1', [forged.headSequence]);
    const result = await verify({ checkpoint: forged });
    expect(result).toMatchObject({ ok: false, checkpointSignatureValid: false, checkpointIsPrefix: true, firstBrokenSequence: null });
  });

  describe('forged chains that verify on their own', () => {
    afterEach(() => restoreTrail());

    it('one note rewritten below the checkpoint, every later hash recomputed: plain verify ok, checkpoint is no prefix', async () => {
      const events = (await readChain()).map(withoutChain);
      const target = events.findIndex((e) => e.note === 'Before the checkpoint');
      expect(events[target].sequence).toBeLessThanOrEqual(checkpoint.headSequence);
      events[target] = { ...events[target], note: 'rewritten' };
      await writeForgedChain(events);

      const { sequence, hash, count } = await head();
      const plain = await verify();
      expect(plain).toEqual({
        ok: true,
        checkedEvents: count,
        firstBrokenSequence: null,
        headSequence: sequence,
        headHash: hash,
        checkpointSignatureValid: null,
        checkpointIsPrefix: null,
      });
      expect((await cliReport(cliEnv({ AUDIT_SIGNING_KEY: SOME_SIGNING_KEY }))).code).toBe(0);

      expect(await verify({ checkpoint: kept(checkpoint) })).toEqual({
        ok: false,
        checkedEvents: count,
        firstBrokenSequence: checkpoint.headSequence,
        headSequence: sequence,
        headHash: hash,
        checkpointSignatureValid: true,
        checkpointIsPrefix: false,
      });
    });

    it('the whole chain rewritten from sequence 1 with a changed note and recomputed hashes: caught by the checkpoint', async () => {
      const events = (await readChain()).map(withoutChain);
      events[0] = { ...events[0], note: 'rewritten from the start' };
      await writeForgedChain(events);
      const [{ prev_hash: first }] = await q('SELECT prev_hash FROM audit_events WHERE sequence = 1');
      expect(first).toBe(GENESIS_HASH);
      expect(await verify()).toMatchObject({ ok: true, firstBrokenSequence: null });
      expect(await verify({ checkpoint: kept(checkpoint) })).toMatchObject({
        ok: false,
        firstBrokenSequence: checkpoint.headSequence,
        checkpointSignatureValid: true,
        checkpointIsPrefix: false,
      });
    });

    it('an event below the checkpoint deleted, the last events deleted, and what remains renumbered and re-hashed: caught by the checkpoint', async () => {
      const events = (await readChain()).map(withoutChain);
      const deleted = events.findIndex((e) => e.note === 'Refinery permit delayed by the regulator');
      expect(events[deleted].sequence).toBeLessThan(checkpoint.headSequence);
      const remaining = events.filter((_, index) => index !== deleted).slice(0, -2);
      await writeForgedChain(remaining);

      const { sequence, count } = await head();
      expect(sequence).toBe(events.length - 3);
      expect(await verify()).toMatchObject({ ok: true, checkedEvents: count, firstBrokenSequence: null });
      expect(await verify({ checkpoint: kept(checkpoint) })).toMatchObject({
        ok: false,
        firstBrokenSequence: checkpoint.headSequence,
        checkpointSignatureValid: true,
        checkpointIsPrefix: false,
      });
    });

    it('truncated below the checkpoint (no re-hashing needed): plain verify ok, checkpoint is no prefix', async () => {
      const keep = checkpoint.headSequence - 2;
      await asSuperuser((manager) => manager.query('DELETE FROM audit_events WHERE sequence > $1', [keep]));
      const { sequence, hash } = await head();
      expect(sequence).toBe(keep);
      expect(await verify()).toEqual({
        ok: true,
        checkedEvents: keep,
        firstBrokenSequence: null,
        headSequence: keep,
        headHash: hash,
        checkpointSignatureValid: null,
        checkpointIsPrefix: null,
      });
      expect(await verify({ checkpoint: kept(checkpoint) })).toEqual({
        ok: false,
        checkedEvents: keep,
        firstBrokenSequence: keep + 1,
        headSequence: keep,
        headHash: hash,
        checkpointSignatureValid: true,
        checkpointIsPrefix: false,
      });
    });

    it('truncated just after the checkpoint: the checkpoint vouches only for its prefix, which still holds', async () => {
      await asSuperuser((manager) => manager.query('DELETE FROM audit_events WHERE sequence > $1', [checkpoint.headSequence]));
      expect(await verify({ checkpoint: kept(checkpoint) })).toMatchObject({
        ok: true,
        checkedEvents: checkpoint.headSequence,
        headSequence: checkpoint.headSequence,
        headHash: checkpoint.headHash,
        checkpointSignatureValid: true,
        checkpointIsPrefix: true,
      });
    });
  });
});
