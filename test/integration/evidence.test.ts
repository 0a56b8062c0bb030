import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { declaredEvidence, UPLOAD_FIELDS, uploadEvidence } from '../helpers/evidence';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

/**
 * Evidence documents: uploaded bytes come back exactly, with the hash the server computed;
 * oversize uploads are refused with 413 and leave nothing behind; a declared hash says so.
 */

const api = useTestApi();
const execFileAsync = promisify(execFile);
let factory: Factory;
let country: { id: string; code: string };
const MAX_BYTES = 10 * 1024 * 1024;
const AUDITOR: TokenClaims = { sub: 'evidence-auditor', role: Role.AUDITOR };

beforeAll(async () => {
  factory = new Factory(api.db);
  country = await factory.country();
});

const partner = () => authHeader({ sub: `evidence-partner-${country.code}`, role: Role.PARTNER, country: country.code });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const download = (id: string, headers: Record<string, string> = {}) => fetch(new URL(`/evidence/${id}`, api.url), { headers });

/** What an upload or registration could have written. */
async function written(): Promise<Record<string, string>> {
  const [row] =
    await api.db.query(`SELECT (SELECT count(*) FROM evidence_documents) AS documents, (SELECT count(*) FROM evidence_contents) AS contents,
    (SELECT count(*) FROM evidence_attachments) AS attachments, (SELECT count(*) FROM audit_events) AS events,
    (SELECT count(*) FROM idempotency_keys) AS keys`);
  return row;
}

/** sha256sum's answer for the bytes, when the tool is on this machine. */
function sha256sum(bytes: Buffer): string | undefined {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-')), 'upload.bin');
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
  } catch {
    return undefined;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const EVIDENCE = `id title url documentCategory language publishedOn sha256 hashBasis mediaType byteSize fileName submitterCountry
  superseded supersededReason supersededAt supersededBy { id } contentPath version`;

describe('uploads', () => {
  it("serves an upload's bytes back exactly, with the hash of the original in ETag, Digest and Repr-Digest", async () => {
    const original = randomBytes(300_000);
    const expected = sha256(original);
    const bySha256sum = sha256sum(original);
    if (bySha256sum !== undefined) expect(bySha256sum).toBe(expected);

    const uploaded = await uploadEvidence(api.url, original, { headers: await partner() });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      id: expect.any(String),
      sha256: expected,
      hashBasis: 'COMPUTED',
      byteSize: 300_000,
      mediaType: 'application/pdf',
    });
    expect(uploaded.headers.get('location')).toBe(`/evidence/${uploaded.body.id}`);

    const served = await download(uploaded.body.id);
    expect(served.status).toBe(200);
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.equals(original)).toBe(true);
    expect(sha256(bytes)).toBe(expected);
    expect(served.headers.get('etag')).toBe(`"${expected}"`);
    const base64 = Buffer.from(expected, 'hex').toString('base64');
    expect(served.headers.get('digest')).toBe(`sha-256=${base64}`);
    expect(served.headers.get('repr-digest')).toBe(`sha-256=:${base64}:`);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-length')).toBe('300000');
    expect(served.headers.get('content-disposition')).toBe('attachment; filename=report.pdf');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');

    const again = await download(uploaded.body.id, { 'if-none-match': `"${expected}"` });
    expect(again.status).toBe(304);

    const { evidence } = dataOf(await api.graphql(`query($id: ID!) { evidence(id: $id) { ${EVIDENCE} } }`, { id: uploaded.body.id }));
    expect(evidence).toEqual({
      id: uploaded.body.id,
      ...UPLOAD_FIELDS,
      url: null,
      sha256: expected,
      hashBasis: 'COMPUTED',
      mediaType: 'application/pdf',
      byteSize: 300_000,
      fileName: 'report.pdf',
      submitterCountry: country.code,
      superseded: false,
      supersededReason: null,
      supersededAt: null,
      supersededBy: null,
      contentPath: `/evidence/${uploaded.body.id}`,
      version: 1,
    });
    const [event] = await api.db.query(
      `SELECT subject_type, action, actor_sub, country_codes, changes FROM audit_events WHERE subject_id = (SELECT id FROM evidence_documents WHERE sha256 = $1)`,
      [expected],
    );
    expect(event).toMatchObject({
      subject_type: 'EVIDENCE',
      action: 'CREATED',
      actor_sub: `evidence-partner-${country.code}`,
      country_codes: [country.code],
    });
    expect(event.changes).toMatchObject({ sha256: expected, byteSize: 300_000 });
  });

  it(`accepts a file of exactly EVIDENCE_MAX_BYTES (${MAX_BYTES}), and refuses one byte more with 413, writing nothing`, async () => {
    const atCap = randomBytes(MAX_BYTES);
    const accepted = await uploadEvidence(api.url, atCap, { headers: await authHeader(AUDITOR), mediaType: 'application/octet-stream' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.sha256).toBe(sha256(atCap));
    expect(accepted.body.byteSize).toBe(MAX_BYTES);

    const before = await written();
    const over = await uploadEvidence(api.url, Buffer.concat([atCap, Buffer.from([7])]), { headers: await authHeader(AUDITOR) });
    expect(over.status).toBe(413);
    expect(over.body.errors).toEqual([
      {
        message: `The file is larger than ${MAX_BYTES} bytes (EVIDENCE_MAX_BYTES)`,
        extensions: { code: 'UPLOAD_TOO_LARGE', maxBytes: MAX_BYTES },
      },
    ]);
    expect(await written()).toEqual(before);
    // A body whose declared length no form within the cap could have is refused before it is read.
    const farOver = await uploadEvidence(api.url, randomBytes(MAX_BYTES + 1024 * 1024), { headers: await authHeader(AUDITOR) });
    expect(farOver.status).toBe(413);
    expect(farOver.body.errors[0].extensions.code).toBe('UPLOAD_TOO_LARGE');
    expect(await written()).toEqual(before);
  });

  it('replays an upload sent again with the same Idempotency-Key', async () => {
    const bytes = randomBytes(1000);
    const headers = { ...(await partner()), 'idempotency-key': `upload-${randomUUID()}` };
    const first = await uploadEvidence(api.url, bytes, { headers });
    const before = await written();
    const second = await uploadEvidence(api.url, bytes, { headers });
    expect(second.body).toEqual(first.body);
    expect(await written()).toEqual(before);
  });

  it.each([
    ['an unknown document category', { ...UPLOAD_FIELDS, documentCategory: 'Z99' }, 'documentCategory'],
    ['a language that is not ISO 639-1', { ...UPLOAD_FIELDS, language: 'zz' }, 'language'],
    ['a blank title', { ...UPLOAD_FIELDS, title: '  ' }, 'title'],
    ['a date that is not one', { ...UPLOAD_FIELDS, publishedOn: '2026-02-30' }, 'publishedOn'],
    ['a URL that is not http(s)', { ...UPLOAD_FIELDS, url: 'ftp://example.org/x' }, 'url'],
    ['an unknown field', { ...UPLOAD_FIELDS, colour: 'blue' }, 'colour'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, fields, argument) => {
    const before = await written();
    const response = await uploadEvidence(api.url, randomBytes(100), { fields, headers: await partner() });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(await written()).toEqual(before);
  });

  it('refuses a body that is not multipart with BAD_REQUEST', async () => {
    const response = await fetch(new URL('/evidence', api.url), {
      method: 'POST',
      headers: { ...(await partner()), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers 404 NOT_FOUND for an unknown ID and for evidence registered by URL, 400 for a malformed ID', async () => {
    const unknown = await download(Buffer.from(`Evidence:${randomUUID()}`).toString('base64url'));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    const declared = await declaredEvidence(api.db, null);
    const byUrl = await download(declared.globalId);
    expect(byUrl.status).toBe(404);
    expect(((await byUrl.json()) as any).errors[0].message).toMatch(/registered by URL/);
    const malformed = await download('not-an-id');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

const REGISTER = `mutation($input: RegisterEvidenceInput!) { registerEvidence(input: $input) { evidence { ${EVIDENCE} } } }`;
const SUPERSEDE = `mutation($input: SupersedeEvidenceInput!) { supersedeEvidence(input: $input) { evidence { ${EVIDENCE} } } }`;
const ATTACH = `mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) { subjectId evidence { id version } } }`;

async function register(headers: Record<string, string>, input: Record<string, unknown> = {}) {
  const declaredHash = createHash('sha256').update(randomUUID()).digest('hex').toUpperCase();
  return dataOf(
    await api.graphql(
      REGISTER,
      { input: { ...UPLOAD_FIELDS, url: 'https://example.org/annual-report.pdf', sha256: declaredHash, ...input } },
      headers,
    ),
  ).registerEvidence.evidence;
}

describe('registerEvidence', () => {
  it('stores the declared hash, lower-cased, marked DECLARED, with no bytes to serve', async () => {
    const declaredHash = 'AB'.repeat(32);
    const evidence = await register(await authHeader(AUDITOR), { sha256: declaredHash, language: 'FR' });
    expect(evidence).toMatchObject({
      sha256: 'ab'.repeat(32),
      hashBasis: 'DECLARED',
      language: 'fr',
      url: 'https://example.org/annual-report.pdf',
      byteSize: null,
      mediaType: null,
      contentPath: null,
      submitterCountry: null,
    });
    expect((await download(evidence.id)).status).toBe(404);
  });

  it('replays a call with the same idempotency key', async () => {
    const headers = await partner();
    const input = {
      ...UPLOAD_FIELDS,
      url: 'https://example.org/r.pdf',
      sha256: 'CD'.repeat(32),
      idempotencyKey: `register-${randomUUID()}`,
    };
    const first = dataOf(await api.graphql(REGISTER, { input }, headers)).registerEvidence.evidence;
    const before = await written();
    const { registerEvidence } = dataOf(await api.graphql(REGISTER, { input }, headers));
    expect(registerEvidence.evidence).toEqual(first);
    expect(await written()).toEqual(before);
  });
});

describe('supersedeEvidence', () => {
  it('keeps the evidence, marks it superseded with its reason and replacement, once only', async () => {
    const headers = await partner();
    const old = await register(headers);
    const replacement = await register(headers);
    const { supersedeEvidence } = dataOf(
      await api.graphql(SUPERSEDE, { input: { evidenceId: old.id, supersededById: replacement.id, reason: 'Corrected figures' } }, headers),
    );
    expect(supersedeEvidence.evidence).toMatchObject({
      id: old.id,
      superseded: true,
      supersededReason: 'Corrected figures',
      supersededBy: { id: replacement.id },
      version: 2,
    });
    const twice = await api.graphql(SUPERSEDE, { input: { evidenceId: old.id, reason: 'Again' } }, headers);
    expect(twice.body.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    // The superseded one cannot stand in for another: supersession never forms a cycle.
    const cycle = await api.graphql(SUPERSEDE, { input: { evidenceId: replacement.id, supersededById: old.id, reason: 'Back' } }, headers);
    expect(cycle.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.supersededById' });
  });

  it('is never deleted: the database refuses it', async () => {
    const evidence = await declaredEvidence(api.db, null);
    await expect(api.db.query('DELETE FROM evidence_documents WHERE id = $1', [evidence.id])).rejects.toThrow(/never deleted/);
  });
});

describe('attachEvidence and Project.evidence', () => {
  it('lists attached evidence per project, in one statement for any number of projects', async () => {
    const headers = await partner();
    const projects = [await factory.project({ participantIds: [country.id] }), await factory.project({ participantIds: [country.id] })];
    const first = await register(headers);
    const second = await register(headers);
    for (const [project, evidence] of [
      [projects[0], first],
      [projects[0], second],
      [projects[1], second],
    ] as const) {
      const { attachEvidence } = dataOf(
        await api.graphql(ATTACH, { input: { evidenceId: evidence.id, subjectId: project.globalId } }, headers),
      );
      expect(attachEvidence.subjectId).toBe(project.globalId);
    }
    const query = (field: string) => `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Project { id ${field} } } }`;
    const ids = projects.map((project) => project.globalId);
    const withEvidence = await api.graphql(query('evidence { id hashBasis }'), { ids });
    expect(dataOf(withEvidence).nodes).toEqual([
      {
        id: ids[0],
        evidence: [
          { id: first.id, hashBasis: 'DECLARED' },
          { id: second.id, hashBasis: 'DECLARED' },
        ],
      },
      { id: ids[1], evidence: [{ id: second.id, hashBasis: 'DECLARED' }] },
    ]);
    const without = await api.graphql(query(''), { ids });
    expect(withEvidence.statements - without.statements).toBe(1);
  });

  it("attaches to an obligation for that party's team (or an auditor), listed on Obligation.evidence; another country's team is refused", async () => {
    const other = await factory.country();
    const commitment = await factory.commitment({ partyIds: [country.id, other.id] });
    const obligations = dataOf(
      await api.graphql('query($id: ID!) { commitment(id: $id) { obligations { edges { node { id party { country { code } } } } } } }', {
        id: commitment.globalId,
      }),
    ).commitment.obligations.edges.map((e: any) => e.node);
    const own = obligations.find((o: any) => o.party.country.code === country.code);
    const theirs = obligations.find((o: any) => o.party.country.code === other.code);
    const headers = await partner();
    const evidence = await register(headers);
    const attached = dataOf(await api.graphql(ATTACH, { input: { evidenceId: evidence.id, subjectId: own.id } }, headers));
    expect(attached.attachEvidence.subjectId).toBe(own.id);
    const before = await written();
    const refused = await api.graphql(ATTACH, { input: { evidenceId: evidence.id, subjectId: theirs.id } }, headers);
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
    const listed = dataOf(
      await api.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { ... on Obligation { id evidence { id } } } }', {
        ids: [own.id, theirs.id],
      }),
    ).nodes;
    expect(listed).toEqual([
      { id: own.id, evidence: [{ id: evidence.id }] },
      { id: theirs.id, evidence: [] },
    ]);
  });

  it('refuses records evidence does not attach to, and superseded evidence', async () => {
    const headers = await authHeader(AUDITOR);
    const evidence = await register(headers);
    const wrongType = await api.graphql(
      ATTACH,
      { input: { evidenceId: evidence.id, subjectId: Buffer.from(`Country:${country.id}`).toString('base64url') } },
      headers,
    );
    expect(wrongType.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.subjectId' });
    const project = await factory.project({ participantIds: [country.id] });
    dataOf(await api.graphql(SUPERSEDE, { input: { evidenceId: evidence.id, reason: 'Withdrawn by its publisher' } }, headers));
    const before = await written();
    const superseded = await api.graphql(ATTACH, { input: { evidenceId: evidence.id, subjectId: project.globalId } }, headers);
    expect(superseded.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.evidenceId' });
    expect(await written()).toEqual(before);
  });
});

describe("the README's example", () => {
  it('uploads with curl, downloads, and sha256sum finds the copy equal to the original', async () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((match) => match[1])
      .find((text) => text.includes('localhost:4000/evidence'));
    expect(block).toBeDefined();
    const origin = new URL(api.url).host;
    const [uploadPart, downloadPart] = block!.replaceAll('localhost:4000', origin).split(/^(?=curl -s -D)/m);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-readme-'));
    try {
      const original = randomBytes(50_000);
      fs.writeFileSync(path.join(dir, 'report.pdf'), original);
      const token = (await partner()).authorization.replace('Bearer ', '');
      // Asynchronously: the server answering curl runs in this process.
      const run = async (script: string) =>
        (await execFileAsync('bash', ['-e', '-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, TOKEN: token } })).stdout;
      const uploaded = JSON.parse(await run(uploadPart));
      expect(uploaded).toMatchObject({ sha256: sha256(original), hashBasis: 'COMPUTED', byteSize: 50_000, mediaType: 'application/pdf' });
      const output = await run(downloadPart.replaceAll('RXZpZGVuY2U6…', uploaded.id));
      const sums = [...output.matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)].map((match) => [match[2], match[1]]);
      expect(sums).toEqual([
        ['report.pdf', sha256(original)],
        ['copy.pdf', sha256(original)],
      ]);
      expect(output).toMatch(new RegExp(`^etag: "${sha256(original)}"`, 'im'));
      expect(output).toMatch(/^repr-digest: sha-256=:[A-Za-z0-9+/]+=*:/im);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
