import { GraphQLError } from 'graphql';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { sqlPreparedName } from '../../src/database/prepared-statements';
import { AuditAction } from '../../src/modules/audit/audit-event.entity';
import { AUDIT_APPEND_LOCK } from '../../src/modules/audit/append-lock';
import { chainedEventsInsert } from '../../src/modules/audit/audit-event.sql';
import { GENESIS_HASH } from '../../src/modules/audit/audit-hash';
import { AuditVerifier } from '../../src/modules/audit/audit-verifier';
import { ChainWriter } from '../../src/modules/audit/chain-writer';
import { Caller, Role } from '../../src/modules/auth/caller';
import { ChangeCommitmentStatusInput } from '../../src/modules/commitment/commitment.inputs';
import { CommitmentStatus } from '../../src/modules/commitment/commitment.status';
import { driverErrorOf, formatError } from '../../src/shared/error-formatting';
import { fromGlobalId } from '../../src/shared/global-id';
import { createServices, Services } from '../../src/services';
import { authHeader, dataOf, TEST_SIGNER, useTestApi } from '../helpers/test-api';

/**
 * Group commit: changes that queue together run in one transaction under one append lock,
 * each after a savepoint, so each gets its own result or its own error, and a failed one
 * leaves no trace. Changes are queued in one turn of the event loop, which makes them one
 * group: the tests know each group's members without relying on timing.
 */

const api = useTestApi();
const q = (sql: string, params?: unknown[]) => api.db.query(sql, params);
const CREATE = 'mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }';
const partner = (country: string): Caller => ({ sub: `group-writer-${country.toLowerCase()}`, role: Role.PARTNER, country });
const ADMIN: Caller = { sub: 'group-writer-admin', role: Role.ADMIN, country: null };

let services: Services;

/** A message the driver sent, and on which connection. */
interface SentMessage {
  client: unknown;
  text: string;
}

/** The message that appends a group's held events: the append lock, the chained INSERT, the COMMIT. */
const APPEND_AND_COMMIT = new RegExp(
  `^SELECT pg_advisory_xact_lock\\(${AUDIT_APPEND_LOCK}\\); EXECUTE ${sqlPreparedName(chainedEventsInsert([], GENESIS_HASH).sql)}\\([\\s\\S]*\\); COMMIT$`,
);

/** Runs `work` with the real driver only watched: what it settles to, and every message any connection sent meanwhile. */
async function watchingMessages<T>(work: () => Promise<T>): Promise<{ outcome: T; sent: SentMessage[] }> {
  const [connection, release] = await (api.db.driver as any).obtainMasterConnection();
  release();
  const query = jest.spyOn(Object.getPrototypeOf(connection) as Client, 'query');
  try {
    const outcome = await work();
    const sent = query.mock.calls.map(([text], index) => ({
      client: query.mock.contexts[index],
      text: String((text as any)?.text ?? text),
    }));
    return { outcome, sent };
  } finally {
    query.mockRestore();
  }
}

/** A new ANNOUNCED commitment of one party (its LEAD), at version 1. */
async function commitment(title: string, countryCode: string): Promise<string> {
  const input = { title, kind: 'FUNDING', instrument: 'MOU', status: 'ANNOUNCED', parties: [{ countryCode, role: 'LEAD' }] };
  return dataOf(await api.graphql(CREATE, { input }, await authHeader({ sub: 'group-setup', role: Role.ADMIN }))).createCommitment
    .commitment.id;
}

function move(commitmentId: string, status: CommitmentStatus, expectedVersion = 1, extra: Partial<ChangeCommitmentStatusInput> = {}) {
  return { commitmentId, status, expectedVersion, ...extra } as ChangeCommitmentStatusInput;
}

const head = async (): Promise<number> => Number((await q('SELECT coalesce(max(sequence), 0) AS head FROM audit_events'))[0].head);
const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' ? (result.reason.extensions?.code ?? result.reason.message) : 'ok';

/**
 * What the changes to these commitments wrote after sequence `after`: how many transactions
 * (each row a transaction updates takes its start time, now(), as updated_at; a savepoint's
 * rows have an xmin of their own, so xmin cannot tell), and the span of their events.
 */
async function writtenFor(ids: string[], after: number): Promise<{ transactions: number; first: number; last: number; events: number }> {
  const rawIds = ids.map((id) => fromGlobalId('Commitment', id));
  const [row] = await q(
    `SELECT (SELECT count(DISTINCT updated_at)::int FROM commitments WHERE id = ANY($1)) AS transactions,
       min(e.sequence)::int AS first, max(e.sequence)::int AS last, count(*)::int AS events
     FROM audit_events e
     WHERE e.sequence > $2 AND e.subject_id IN (SELECT id FROM commitments WHERE id = ANY($1) UNION ALL SELECT id FROM obligations WHERE commitment_id = ANY($1))`,
    [rawIds, after],
  );
  return row;
}

async function expectGapFreeVerifiedChain(): Promise<void> {
  const [{ count, max }] = await q('SELECT count(*)::int AS count, coalesce(max(sequence), 0)::int AS max FROM audit_events');
  expect(max).toBe(count);
  expect(await new AuditVerifier(api.db).verify()).toMatchObject({ ok: true, firstBrokenSequence: null, checkedEvents: count });
}

beforeAll(() => {
  services = createServices(api.db, TEST_SIGNER, 32);
});

describe('changes from several callers queued together', () => {
  let ids: string[];
  let before: number;
  let results: PromiseSettledResult<any>[];
  let visibleOnResult: boolean[];

  beforeAll(async () => {
    ids = [];
    for (const country of ['IN', 'DE', 'FR', 'JP', 'US', 'GB']) ids.push(await commitment(`Grouped ${country}`, country));
    before = await head();
    const mutations = services.commitmentMutations;
    const calls = [
      mutations.changeStatus(partner('IN'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
      // Stale: judged against the version the change before it in the same group made.
      mutations.changeStatus({ ...partner('IN'), sub: 'another-in-partner' }, move(ids[0], CommitmentStatus.IN_PROGRESS)),
      mutations.changeStatus(partner('DE'), move(ids[1], CommitmentStatus.IN_PROGRESS, 7)),
      mutations.changeStatus(partner('FR'), move(ids[2], CommitmentStatus.IN_PROGRESS)),
      mutations.changeStatus(partner('JP'), move(ids[3], CommitmentStatus.ANNOUNCED)),
      mutations.changeStatus(partner('US'), move(ids[4], CommitmentStatus.DELAYED, 1, { note: 'Permits late' })),
      mutations.changeStatus(partner('FR'), move(ids[5], CommitmentStatus.IN_PROGRESS)),
      mutations.changeStatus(ADMIN, move(ids[5], CommitmentStatus.IN_PROGRESS)),
    ];
    // Whoever holds a result can already read what it names: results are handed out after the commit.
    visibleOnResult = [];
    const seen = calls.map((call) =>
      call.then(async (payload) => {
        const rows = await q('SELECT 1 FROM audit_events WHERE id = $1', [payload.statusChange?.id]);
        visibleOnResult.push(rows.length === 1);
        return payload;
      }),
    );
    results = await Promise.allSettled(seen);
  });

  it('each get their own result or their own refusal', () => {
    expect(results.map(codeOf)).toEqual(['ok', 'CONFLICT', 'CONFLICT', 'ok', 'INVALID_TRANSITION', 'ok', 'FORBIDDEN', 'ok']);
    const payload = (index: number) => (results[index] as PromiseFulfilledResult<any>).value;
    expect(payload(0).statusChange).toMatchObject({ toStatus: 'IN_PROGRESS', actor: { sub: 'group-writer-in' } });
    expect(payload(5).statusChange).toMatchObject({ toStatus: 'DELAYED', note: 'Permits late', actor: { sub: 'group-writer-us' } });
    expect(payload(7).statusChange).toMatchObject({ toStatus: 'IN_PROGRESS', actor: { sub: 'group-writer-admin' } });
    expect(visibleOnResult).toEqual([true, true, true, true]);
  });

  it('commit in one transaction, numbered after each other with no gap the refused ones left', async () => {
    // Each accepted change: its obligation's status change and its commitment's.
    const accepted = [ids[0], ids[2], ids[4], ids[5]];
    expect(await writtenFor(accepted, before)).toEqual({ transactions: 1, first: before + 1, last: before + 8, events: 8 });
    expect(await head()).toBe(before + 8);
    const sequences = [0, 3, 5, 7].map((index) => (results[index] as PromiseFulfilledResult<any>).value.statusChange.sequence);
    expect(sequences).toEqual([before + 2, before + 4, before + 6, before + 8]);
    await expectGapFreeVerifiedChain();
  });

  it('refused ones wrote nothing', async () => {
    const rows = await q('SELECT id, version, status FROM commitments WHERE id = ANY($1) ORDER BY title', [
      ids.map((id) => fromGlobalId('Commitment', id)),
    ]);
    const byId = new Map(rows.map((row: any) => [row.id, `${row.status} v${row.version}`]));
    expect(ids.map((id) => byId.get(fromGlobalId('Commitment', id)))).toEqual([
      'IN_PROGRESS v2',
      'ANNOUNCED v1',
      'IN_PROGRESS v2',
      'ANNOUNCED v1',
      'DELAYED v2',
      'IN_PROGRESS v2',
    ]);
  });
});

describe('status changes queued together', () => {
  const NOTE = `It's "done" \\ {a,b} NULL; $1 -- ünïcode`;

  it('are written set-based: a group of twelve takes the four statements one takes, and each still gets its own payload', async () => {
    const countries = ['IN', 'DE', 'FR', 'JP', 'US', 'GB', 'IT', 'CA', 'AU', 'KR', 'MX', 'IN'];
    const ids: string[] = [];
    for (const [index, country] of countries.entries()) ids.push(await commitment(`Set-based ${index}`, country));
    const groups: [number, number | null][] = [];
    services.writer.onCommitted((changes, statements) => groups.push([changes, statements]));
    const lone = await services.commitmentMutations.changeStatus(partner('IN'), move(ids[0], CommitmentStatus.IN_PROGRESS));
    const together = await Promise.all(
      ids
        .slice(1)
        .map((id, index) =>
          services.commitmentMutations.changeStatus(
            partner(countries[index + 1]),
            move(id, CommitmentStatus.IN_PROGRESS, 1, { note: NOTE }),
          ),
        ),
    );
    // The commitments locked, their parties with their obligations, the obligations moved, the commitments rolled up.
    expect(groups).toEqual([
      [1, 4],
      [11, 4],
    ]);
    expect(lone.commitment).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(together.map((payload) => [payload.commitment.title, payload.commitment.status, payload.obligation?.status])).toEqual(
      ids.slice(1).map((_, index) => [`Set-based ${index + 1}`, 'IN_PROGRESS', 'IN_PROGRESS']),
    );
    expect(together.every((payload) => payload.obligation?.consent === 'ACCEPTED')).toBe(true);
    // Written into the statements as literals, a note keeps every character.
    expect(together.map((payload) => [payload.obligation?.note, payload.obligationStatusChange?.note])).toEqual(
      ids.slice(1).map(() => [NOTE, NOTE]),
    );
    const sequences = together.flatMap((payload) => [payload.obligationStatusChange!.sequence, payload.statusChange!.sequence]);
    expect(sequences).toEqual(sequences.map((_, index) => sequences[0] + index));
    await expectGapFreeVerifiedChain();
  });

  it('take three messages a group: the locks, the writes with the states, then the append lock, the append and the COMMIT', async () => {
    const countries = ['DE', 'FR', 'JP'];
    const ids: string[] = [];
    for (const [index, country] of countries.entries()) ids.push(await commitment(`Three messages ${index}`, country));
    const before = await head();
    const { outcome: payloads, sent } = await watchingMessages(() =>
      Promise.all(
        ids.map((id, index) =>
          services.commitmentMutations.changeStatus(partner(countries[index]), move(id, CommitmentStatus.IN_PROGRESS)),
        ),
      ),
    );
    const opened = sent.findIndex(({ text }) => text.startsWith('BEGIN; SET LOCAL plan_cache_mode'));
    // A connection prepares each statement the first time it meets it, in a message of its own.
    const group = sent.slice(opened).filter(({ client, text }) => client === sent[opened].client && !text.startsWith('PREPARE '));
    const messages = group.slice(0, group.findIndex(({ text }) => text.endsWith('; COMMIT')) + 1).map(({ text }) => text);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('pg_advisory_xact_lock_shared');
    // The obligations moved, the commitments rolled up, the states of the events' subjects read.
    expect(messages[1].match(/EXECUTE group_\w+\(/g)).toHaveLength(3);
    expect(messages.slice(0, 2).join()).not.toContain(`pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
    expect(messages[2]).toMatch(APPEND_AND_COMMIT);
    // Each event's state is its subject as the group's writes left it, read before the insert.
    const events = await q('SELECT subject_type, version, to_status, state FROM audit_events WHERE sequence > $1 ORDER BY sequence', [
      before,
    ]);
    expect(events.map((event: any) => [event.subject_type, event.state.version, event.state.status])).toEqual(
      events.map((event: any) => [event.subject_type, event.version, event.to_status]),
    );
    expect(events.map((event: any) => event.subject_type)).toEqual([
      'OBLIGATION',
      'COMMITMENT',
      'OBLIGATION',
      'COMMITMENT',
      'OBLIGATION',
      'COMMITMENT',
    ]);
    expect(payloads.map((payload) => payload.statusChange!.sequence)).toEqual([before + 2, before + 4, before + 6]);
    await expectGapFreeVerifiedChain();
  });

  it("with a commitment without parties among them, take the append lock only to append: it moves after the batch's writes", async () => {
    const ids = [await commitment('With a whole move A', 'DE'), await commitment('With a whole move B', 'FR')];
    const whole = fromGlobalId('Commitment', ids[1]);
    await q('DELETE FROM obligations WHERE commitment_id = $1', [whole]);
    await q('DELETE FROM commitment_parties WHERE commitment_id = $1', [whole]);
    const { sent } = await watchingMessages(() =>
      Promise.all([
        services.commitmentMutations.changeStatus(partner('DE'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
        services.commitmentMutations.changeStatus(ADMIN, move(ids[1], CommitmentStatus.IN_PROGRESS)),
      ]),
    );
    const locking = sent.map(({ text }) => text).filter((text) => text.includes(`pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`));
    expect(locking).toHaveLength(1);
    expect(locking[0]).toMatch(APPEND_AND_COMMIT);
    const rows = await q('SELECT status, version FROM commitments WHERE id = ANY($1) ORDER BY title', [
      ids.map((id) => fromGlobalId('Commitment', id)),
    ]);
    expect(rows).toEqual([
      { status: 'IN_PROGRESS', version: 2 },
      { status: 'IN_PROGRESS', version: 2 },
    ]);
    await expectGapFreeVerifiedChain();
  });

  it('judge a later change on the same commitment in their group; only one it would accept waits for a later group', async () => {
    const id = await commitment('Named three times', 'DE');
    const settled: string[] = [];
    const settle = (name: string, change: Promise<unknown>) =>
      change.then(
        () => settled.push(`${name} ok`),
        (error) => settled.push(`${name} ${error.extensions?.code}`),
      );
    await Promise.all([
      settle('first', services.commitmentMutations.changeStatus(partner('DE'), move(id, CommitmentStatus.IN_PROGRESS))),
      // Stale once the first is in: refused in the first group, before it commits.
      settle('stale', services.commitmentMutations.changeStatus(partner('DE'), move(id, CommitmentStatus.IN_PROGRESS))),
      settle('after', services.commitmentMutations.changeStatus(partner('DE'), move(id, CommitmentStatus.DELAYED, 2, { note: 'Late' }))),
    ]);
    expect(settled).toEqual(['stale CONFLICT', 'first ok', 'after ok']);
  });

  it('run change by change when a row stays locked past the statement timeout: that change fails alone', async () => {
    const ids = [await commitment('Locked out A', 'DE'), await commitment('Locked out B', 'FR'), await commitment('Locked out C', 'JP')];
    const short = createDataSource({ url: api.databaseUrl, poolSize: 3, statementTimeoutMs: 300 });
    await short.initialize();
    const holder = await api.db.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM commitments WHERE id = $1 FOR UPDATE', [fromGlobalId('Commitment', ids[1])]);
      const writer = createServices(short, TEST_SIGNER, 32);
      const groups: [number, number | null][] = [];
      writer.writer.onCommitted((changes, statements) => groups.push([changes, statements]));
      const results = await Promise.allSettled([
        writer.commitmentMutations.changeStatus(partner('DE'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
        writer.commitmentMutations.changeStatus(partner('FR'), move(ids[1], CommitmentStatus.IN_PROGRESS)),
        writer.commitmentMutations.changeStatus(partner('JP'), move(ids[2], CommitmentStatus.IN_PROGRESS)),
      ]);
      // Postgres's own cancellation (57014), which the API answers as QUERY_TIMEOUT.
      expect(results.map((result) => (result.status === 'rejected' ? driverErrorOf(result.reason)?.code : 'ok'))).toEqual([
        'ok',
        '57014',
        'ok',
      ]);
      expect(groups).toEqual([[2, null]]);
    } finally {
      await holder.query('ROLLBACK');
      await holder.release();
      await short.destroy();
    }
    await expectGapFreeVerifiedChain();
  });

  it('run change by change when Postgres refuses the data of one: that one fails alone and the others are kept', async () => {
    const ids = [
      await commitment('Refused data A', 'DE'),
      await commitment('Refused data B', 'FR'),
      await commitment('Refused data C', 'JP'),
    ];
    await q("ALTER TABLE obligations ADD CONSTRAINT test_refused_note CHECK (note IS DISTINCT FROM 'refused by the database')");
    try {
      const groups: [number, number | null][] = [];
      services.writer.onCommitted((changes, statements) => groups.push([changes, statements]));
      const { outcome: results, sent } = await watchingMessages(() =>
        Promise.allSettled([
          services.commitmentMutations.changeStatus(partner('DE'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
          services.commitmentMutations.changeStatus(
            partner('FR'),
            move(ids[1], CommitmentStatus.IN_PROGRESS, 1, { note: 'refused by the database' }),
          ),
          services.commitmentMutations.changeStatus(partner('JP'), move(ids[2], CommitmentStatus.IN_PROGRESS)),
        ]),
      );
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(groups.at(-1)).toEqual([2, null]);
      // The batch was rolled back; change by change, after savepoints, the group takes the append lock only to append and commit.
      const texts = sent.map(({ text }) => text);
      const fallback = texts.slice(texts.indexOf('ROLLBACK'));
      expect(fallback.some((text) => text.startsWith('SAVEPOINT'))).toBe(true);
      const locking = texts.filter((text) => text.includes(`pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`));
      expect(locking).toEqual([expect.stringMatching(APPEND_AND_COMMIT)]);
      expect(fallback).toContain(locking[0]);
      const rows = await q('SELECT status, version FROM commitments WHERE id = ANY($1) ORDER BY title', [
        ids.map((id) => fromGlobalId('Commitment', id)),
      ]);
      expect(rows).toEqual([
        { status: 'IN_PROGRESS', version: 2 },
        { status: 'ANNOUNCED', version: 1 },
        { status: 'IN_PROGRESS', version: 2 },
      ]);
    } finally {
      await q('ALTER TABLE obligations DROP CONSTRAINT test_refused_note');
    }
    await expectGapFreeVerifiedChain();
  });
});

describe('a change that fails after it wrote', () => {
  it('is undone alone, whether it is the first of its group, comes later, or breaks the transaction with an SQL error', async () => {
    const ids = [await commitment('Undone A', 'IN'), await commitment('Undone B', 'DE')];
    const rawIds = ids.map((id) => fromGlobalId('Commitment', id));
    const before = await head();
    const writeThenFail = (failure: (manager: any) => Promise<unknown>) =>
      services.writer.run(async (manager) => {
        await manager.query("UPDATE commitments SET title = 'half-written' WHERE id = ANY($1)", [rawIds]);
        await services.audit.record(manager, {
          subjectType: 'COMMITMENT',
          subjectId: rawIds[0],
          action: AuditAction.UPDATED,
          actor: ADMIN,
          countryCodes: ['IN'],
          version: 1,
          note: 'never committed',
        });
        return failure(manager);
      });
    const results = await Promise.allSettled([
      writeThenFail(() => Promise.reject(new Error('first change fails'))),
      services.commitmentMutations.changeStatus(partner('IN'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
      writeThenFail(() => Promise.reject(new Error('later change fails'))),
      writeThenFail((manager) => manager.query('SELECT 1 / 0')),
      services.commitmentMutations.changeStatus(partner('DE'), move(ids[1], CommitmentStatus.IN_PROGRESS)),
    ]);
    expect(results.map(codeOf)).toEqual(['first change fails', 'ok', 'later change fails', 'division by zero', 'ok']);
    expect(await q('SELECT title FROM commitments WHERE id = ANY($1) ORDER BY title', [rawIds])).toEqual([
      { title: 'Undone A' },
      { title: 'Undone B' },
    ]);
    expect(await q("SELECT 1 FROM audit_events WHERE note = 'never committed'")).toEqual([]);
    // The first failure rolled its transaction back; the two accepted changes share the next one.
    expect(await writtenFor(ids, before)).toEqual({ transactions: 1, first: before + 1, last: before + 4, events: 4 });
    expect(await head()).toBe(before + 4);
    await expectGapFreeVerifiedChain();
  });
});

describe('status changes hold their events back to the end of their group', () => {
  const eventsAfter = (after: number) =>
    q(
      `SELECT sequence::int, subject_type AS "subjectType", to_status AS "toStatus", note, occurred_at AS "occurredAt",
         state->>'status' AS "stateStatus", (state->>'version')::int AS "stateVersion"
       FROM audit_events WHERE sequence > $1 ORDER BY sequence`,
      [after],
    );

  it('appends them together, in the order of the changes, each state as its own change left it, even for one subject twice', async () => {
    const ids = [await commitment('Held A', 'IN'), await commitment('Held B', 'DE')];
    const before = await head();
    const results = await Promise.allSettled([
      services.commitmentMutations.changeStatus(partner('IN'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
      services.commitmentMutations.changeStatus(partner('DE'), move(ids[1], CommitmentStatus.IN_PROGRESS)),
      // The same commitment again, in the same group: its first change's events must not take this one's state.
      services.commitmentMutations.changeStatus(partner('IN'), move(ids[0], CommitmentStatus.DELAYED, 2, { note: 'Held twice' })),
    ]);
    expect(results.map(codeOf)).toEqual(['ok', 'ok', 'ok']);
    const events = await eventsAfter(before);
    expect(events.map((e: any) => [e.subjectType, e.toStatus, e.stateStatus, e.stateVersion])).toEqual([
      ['OBLIGATION', 'IN_PROGRESS', 'IN_PROGRESS', 2],
      ['COMMITMENT', 'IN_PROGRESS', 'IN_PROGRESS', 2],
      ['OBLIGATION', 'IN_PROGRESS', 'IN_PROGRESS', 2],
      ['COMMITMENT', 'IN_PROGRESS', 'IN_PROGRESS', 2],
      ['OBLIGATION', 'DELAYED', 'DELAYED', 3],
      ['COMMITMENT', 'DELAYED', 'DELAYED', 3],
    ]);
    // The first two changes' events were read and inserted at once (one recorded time); the third's waited for none.
    const times = events.map((e: any) => e.occurredAt.getTime());
    expect(new Set(times.slice(0, 4)).size).toBe(1);
    // Each caller got its own events, numbered as they were appended.
    const values = results.map((result) => (result as PromiseFulfilledResult<any>).value);
    expect(values.map((value) => [value.obligationStatusChange.sequence, value.statusChange.sequence])).toEqual([
      [before + 1, before + 2],
      [before + 3, before + 4],
      [before + 5, before + 6],
    ]);
    expect(values[2].statusChange).toMatchObject({ note: 'Held twice', recordedAt: events[5].occurredAt, version: 3 });
    await expectGapFreeVerifiedChain();
  });

  it('before a change that may read the history, which then finds them there and appends after them', async () => {
    const id = await commitment('Held then read', 'FR');
    const rawId = fromGlobalId('Commitment', id);
    const before = await head();
    const [moved, read] = await Promise.all([
      services.commitmentMutations.changeStatus(partner('FR'), move(id, CommitmentStatus.IN_PROGRESS)),
      services.writer.run(async (manager) => {
        const [{ seen }] = await manager.query('SELECT count(*)::int AS seen FROM audit_events WHERE subject_id = $1 AND sequence > $2', [
          rawId,
          before,
        ]);
        const recorded = await services.audit.record(manager, {
          subjectType: 'COMMITMENT',
          subjectId: rawId,
          action: AuditAction.UPDATED,
          actor: ADMIN,
          countryCodes: ['FR'],
          version: 2,
        });
        return { seen, sequence: recorded.sequence };
      }),
    ]);
    expect(read).toEqual({ seen: 1, sequence: moved.statusChange!.sequence + 1 });
    await expectGapFreeVerifiedChain();
  });

  it('drops those of a change that fails and the events of one undone after it appended; such a group holds the lock from its start', async () => {
    const ids = [await commitment('Held kept', 'JP'), await commitment('Held dropped', 'US')];
    const rawIds = ids.map((id) => fromGlobalId('Commitment', id));
    const before = await head();
    const updated = (subjectId: string, note: string) => ({
      subjectType: 'COMMITMENT',
      subjectId,
      action: AuditAction.UPDATED,
      actor: ADMIN,
      countryCodes: ['US'],
      version: 1,
      note,
    });
    const locksHeld = async (manager: any) =>
      (
        await manager.query(
          "SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND pid = pg_backend_pid() AND granted",
          [AUDIT_APPEND_LOCK],
        )
      )[0].held;
    const results = await Promise.allSettled([
      services.commitmentMutations.changeStatus(partner('JP'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
      services.writer.run(
        async (manager) => {
          await services.audit.record(manager, updated(rawIds[1], 'held, then dropped'));
          throw new Error('fails after holding');
        },
        { holdsEvents: true },
      ),
      // Appends at once (so first the held events, outside its savepoint, then its own under it), then fails.
      services.writer.run(async (manager) => {
        await services.audit.record(manager, updated(rawIds[1], 'appended, then rolled back'));
        throw new Error('fails after appending');
      }),
      services.writer.run(async (manager) => {
        await services.audit.record(manager, updated(rawIds[1], 'kept'));
        return locksHeld(manager);
      }),
    ]);
    expect(results.map(codeOf)).toEqual(['ok', 'fails after holding', 'fails after appending', 'ok']);
    expect((results[3] as PromiseFulfilledResult<number>).value).toBeGreaterThan(0);
    expect((await eventsAfter(before)).map((e: any) => [e.subjectType, e.toStatus ?? e.note])).toEqual([
      ['OBLIGATION', 'IN_PROGRESS'],
      ['COMMITMENT', 'IN_PROGRESS'],
      ['COMMITMENT', 'kept'],
    ]);
    await expectGapFreeVerifiedChain();
  });
});

describe('groups of changes that hold their events back', () => {
  /** A promise and the function that settles it: lets a change wait inside its group until the test says. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  };
  /** Waits until some session of the test database waits for a row lock. */
  async function someoneWaitsForARow(): Promise<void> {
    for (;;) {
      const [{ waiting }] = await q(
        "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if (waiting > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const retitle = (manager: any, rawId: string, title: string) =>
    manager.query('UPDATE commitments SET title = $2 WHERE id = $1', [rawId, title]);

  it('run at once, while one that may read the history waits for them and runs alone', async () => {
    const writer = new ChainWriter(api.db, 32, 2);
    const rawIds = [await commitment('In flight A', 'IN'), await commitment('In flight B', 'DE')].map((id) =>
      fromGlobalId('Commitment', id),
    );
    const order: string[] = [];
    const first = gate();
    const started = gate();
    const a = writer.run(
      async (manager) => {
        await retitle(manager, rawIds[0], 'In flight A, changed');
        started.open();
        await first.opened;
        order.push('A ends');
      },
      { holdsEvents: true },
    );
    await started.opened;
    // A second group starts and commits while the first is still open.
    await writer.run(
      async (manager) => {
        await retitle(manager, rawIds[1], 'In flight B, changed');
        order.push('B ends');
      },
      { holdsEvents: true },
    );
    order.push('B committed');
    const alone = writer.run(async () => {
      order.push('C runs');
    });
    const after = writer.run(
      async () => {
        order.push('D runs');
      },
      { holdsEvents: true },
    );
    await new Promise((resolve) => setImmediate(resolve));
    first.open();
    await Promise.all([a, alone, after]);
    expect(order).toEqual(['B ends', 'B committed', 'A ends', 'C runs', 'D runs']);
  });

  it('that lock rows in opposite orders deadlock; Postgres cancels one change, which runs again in a later group', async () => {
    const writer = new ChainWriter(api.db, 32, 2);
    const rawIds = [await commitment('Deadlock X', 'IN'), await commitment('Deadlock Y', 'DE')].map((id) => fromGlobalId('Commitment', id));
    const before = await head();
    const runs = { a: 0, b: 0 };
    const locked = gate();
    const proceed = gate();
    const record = (manager: any, subjectId: string, note: string) =>
      services.audit.record(manager, {
        subjectType: 'COMMITMENT',
        subjectId,
        action: AuditAction.UPDATED,
        actor: ADMIN,
        countryCodes: ['IN'],
        version: 1,
        note,
      });
    const a = writer.run(
      async (manager) => {
        runs.a += 1;
        await retitle(manager, rawIds[0], 'X by A');
        locked.open();
        await proceed.opened;
        await retitle(manager, rawIds[1], 'Y by A');
        await record(manager, rawIds[0], 'A');
      },
      { holdsEvents: true },
    );
    await locked.opened;
    const b = writer.run(
      async (manager) => {
        runs.b += 1;
        await retitle(manager, rawIds[1], 'Y by B');
        await retitle(manager, rawIds[0], 'X by B');
        await record(manager, rawIds[1], 'B');
      },
      { holdsEvents: true },
    );
    await someoneWaitsForARow();
    proceed.open();
    expect((await Promise.allSettled([a, b])).map(codeOf)).toEqual(['ok', 'ok']);
    expect(runs.a + runs.b).toBe(3);
    // Whichever ran again ran last: its titles are the ones left.
    const last = runs.a === 2 ? 'A' : 'B';
    expect((await q('SELECT title FROM commitments WHERE id = ANY($1) ORDER BY title', [rawIds])).map((r: any) => r.title)).toEqual([
      `X by ${last}`,
      `Y by ${last}`,
    ]);
    expect((await q('SELECT note FROM audit_events WHERE sequence > $1 ORDER BY sequence', [before])).map((r: any) => r.note)).toEqual(
      last === 'A' ? ['B', 'A'] : ['A', 'B'],
    );
    await expectGapFreeVerifiedChain();
  });
});

describe('a change that keeps losing deadlocks', () => {
  it('runs four times, then fails; its caller reads WRITE_CONTENTION, not an internal error', async () => {
    const writer = new ChainWriter(api.db, 32, 2);
    let runs = 0;
    const error = await writer
      .run(
        async () => {
          runs += 1;
          // What pg rejects with when Postgres cancels a statement to break a deadlock.
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        },
        { holdsEvents: true },
      )
      .catch((rejected: unknown) => rejected);
    expect(runs).toBe(4);
    const formatted = formatError(
      { message: 'deadlock detected' },
      new GraphQLError('deadlock detected', { originalError: error as Error, path: ['changeCommitmentStatus'] }),
      false,
    );
    expect(formatted).toMatchObject({ extensions: { code: 'WRITE_CONTENTION' } });
    expect(formatted.message).toMatch(/retry it/);
  });
});

describe('a group that cannot take the append lock in time', () => {
  let small: DataSource;
  afterAll(() => small?.destroy());

  it('rolls its transaction back before its connection goes back to the pool, whose next users find it clean', async () => {
    small = createDataSource({ url: api.databaseUrl, poolSize: 2, statementTimeoutMs: 300 });
    await small.initialize();
    const writer = new ChainWriter(small, 32, 1);
    const holder = await api.db.createQueryRunner();
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    // A change that may read the history runs alone and takes the lock as it begins: here, until statement_timeout.
    const refused = await writer
      .run(async () => 'never')
      .then(
        () => 'ran',
        (error) => error.driverError?.code ?? error.code,
      );
    await holder.query('ROLLBACK');
    await holder.release();
    expect(refused).toBe('57014');
    // Both connections serve again: neither is left inside the aborted transaction.
    expect(await Promise.all([small.query('SELECT 1 AS one'), small.query('SELECT 1 AS one')])).toEqual([[{ one: 1 }], [{ one: 1 }]]);
    expect(await writer.run(async (manager) => (await manager.query('SELECT 2 AS two'))[0].two)).toBe(2);
  });

  it('fails a batch of status changes whole, at once: no change is at fault, so none runs again change by change', async () => {
    const ids = [await commitment('Lock in time A', 'DE'), await commitment('Lock in time B', 'FR')];
    const short = createDataSource({ url: api.databaseUrl, poolSize: 3, statementTimeoutMs: 300 });
    await short.initialize();
    const writer = createServices(short, TEST_SIGNER, 32);
    const holder = await api.db.createQueryRunner();
    await holder.connect();
    let results: PromiseSettledResult<unknown>[];
    let sent: SentMessage[];
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
      ({ outcome: results, sent } = await watchingMessages(() =>
        Promise.allSettled([
          writer.commitmentMutations.changeStatus(partner('DE'), move(ids[0], CommitmentStatus.IN_PROGRESS)),
          writer.commitmentMutations.changeStatus(partner('FR'), move(ids[1], CommitmentStatus.IN_PROGRESS)),
        ]),
      ));
    } finally {
      await holder.query('ROLLBACK');
      await holder.release();
      await short.destroy();
    }
    // Postgres's own cancellation (57014), which the API answers as QUERY_TIMEOUT.
    expect(results.map((result) => (result.status === 'rejected' ? driverErrorOf(result.reason)?.code : 'ok'))).toEqual(['57014', '57014']);
    expect(sent.filter(({ text }) => text.startsWith('SAVEPOINT'))).toEqual([]);
    const rows = await q('SELECT version FROM commitments WHERE id = ANY($1)', [ids.map((id) => fromGlobalId('Commitment', id))]);
    expect(rows).toEqual([{ version: 1 }, { version: 1 }]);
    await expectGapFreeVerifiedChain();
  });
});

describe('a change that meets its own held events', () => {
  it('runs again, appending at once, in a later group', async () => {
    const rawId = fromGlobalId('Commitment', await commitment('Own held events', 'IN'));
    const before = await head();
    const runs: number[] = [];
    const twice = services.writer.run(
      async (manager) => {
        runs.push(runs.length + 1);
        for (const note of ['first', 'second'])
          await services.audit.record(manager, {
            subjectType: 'COMMITMENT',
            subjectId: rawId,
            action: AuditAction.UPDATED,
            actor: ADMIN,
            countryCodes: ['IN'],
            version: 1,
            note,
          });
        return 'ok';
      },
      { holdsEvents: true },
    );
    expect(await twice).toBe('ok');
    expect(runs).toEqual([1, 2]);
    expect((await q('SELECT note FROM audit_events WHERE sequence > $1 ORDER BY sequence', [before])).map((r: any) => r.note)).toEqual([
      'first',
      'second',
    ]);
    await expectGapFreeVerifiedChain();
  });
});

describe('savepoints', () => {
  it('are left out while groups have no failure; a failure after others wrote runs the group again with them, and the next group too', async () => {
    const writer = new ChainWriter(api.db, 32, 1);
    const rawId = fromGlobalId('Commitment', await commitment('Savepoints', 'IN'));
    const runs: Record<string, number> = {};
    const change = (name: string, fails = false) =>
      writer.run(async (manager) => {
        runs[name] = (runs[name] ?? 0) + 1;
        await manager.query('UPDATE commitments SET description = coalesce(description, $2) || $3 WHERE id = $1', [rawId, '', name]);
        if (fails) throw new Error(`${name} fails`);
        return name;
      });
    // Queued in one turn: one group each.
    const group = (...changes: Promise<string>[]) => Promise.allSettled(changes).then((results) => results.map(codeOf));
    expect(await group(change('a'), change('b', true), change('c'))).toEqual(['ok', 'b fails', 'ok']);
    // Without savepoints, b's failure undid a's write too: a ran again, and so did b, to fail alone.
    expect(runs).toEqual({ a: 2, b: 2, c: 1 });
    expect(await group(change('d'), change('e', true))).toEqual(['ok', 'e fails']);
    // The group after a failure has savepoints from its start.
    expect(runs).toMatchObject({ d: 1, e: 1 });
    expect(await group(change('f'), change('g'))).toEqual(['ok', 'ok']);
    expect(await group(change('h'), change('i', true))).toEqual(['ok', 'i fails']);
    // After a group with no failure, none again.
    expect(runs).toMatchObject({ f: 1, g: 1, h: 2, i: 2 });
    expect((await q('SELECT description FROM commitments WHERE id = $1', [rawId]))[0].description).toBe('acdfgh');
  });
});

describe('the last append of a group, sent with its COMMIT', () => {
  it('when it fails, takes the COMMIT with it: none of the group is kept and every change gets the error', async () => {
    const id = await commitment('Commit with the append', 'IN');
    const rawId = fromGlobalId('Commitment', id);
    const other = fromGlobalId('Commitment', await commitment('Commit with the append, other', 'IN'));
    const before = await head();
    const results = await Promise.allSettled([
      services.commitmentMutations.changeStatus(partner('IN'), move(id, CommitmentStatus.IN_PROGRESS)),
      services.writer.run(
        async (manager) => {
          // An action the table's CHECK refuses: only the INSERT at the group's end can fail on it.
          await services.audit.record(manager, {
            subjectType: 'COMMITMENT',
            subjectId: other,
            action: 'NOT_AN_ACTION' as AuditAction,
            actor: ADMIN,
            countryCodes: ['IN'],
            version: 2,
          });
        },
        { holdsEvents: true },
      ),
    ]);
    expect(results.map(codeOf)).toEqual([
      expect.stringMatching(/audit_events_action_check/),
      expect.stringMatching(/audit_events_action_check/),
    ]);
    expect(await q('SELECT status, version FROM commitments WHERE id = $1', [rawId])).toEqual([{ status: 'ANNOUNCED', version: 1 }]);
    expect(await head()).toBe(before);
    // The writer goes on: the same change, alone, commits.
    const again = await services.commitmentMutations.changeStatus(partner('IN'), move(id, CommitmentStatus.IN_PROGRESS));
    expect(again.statusChange?.sequence).toBe(before + 2);
    await expectGapFreeVerifiedChain();
  });
});

describe('a stale status change naming a party', () => {
  it('is a CONFLICT before anything is said of the party: under concurrent writers, parties come and go with versions', async () => {
    const id = await commitment('Stale party', 'IN');
    const stale = services.commitmentMutations.changeStatus(ADMIN, move(id, CommitmentStatus.IN_PROGRESS, 7, { partyCountryCode: 'FR' }));
    expect(codeOf((await Promise.allSettled([stale]))[0])).toBe('CONFLICT');
  });
});

describe('idempotency keys within a group', () => {
  it('the same key twice replays the first result; with another input it is IDEMPOTENCY_KEY_REUSED', async () => {
    const id = await commitment('Keyed', 'IN');
    const before = await head();
    const keyed = (input: ChangeCommitmentStatusInput) =>
      services.commitmentMutations.changeStatus(partner('IN'), { ...input, idempotencyKey: 'group-key-1' } as ChangeCommitmentStatusInput);
    const results = await Promise.allSettled([
      keyed(move(id, CommitmentStatus.IN_PROGRESS)),
      keyed(move(id, CommitmentStatus.IN_PROGRESS)),
      keyed(move(id, CommitmentStatus.DELAYED, 1, { note: 'other' })),
    ]);
    expect(results.map(codeOf)).toEqual(['ok', 'ok', 'IDEMPOTENCY_KEY_REUSED']);
    const [first, replay] = results.map((result) => (result as PromiseFulfilledResult<any>).value);
    expect(replay.statusChange.id).toBe(first.statusChange.id);
    expect(replay.commitment.version).toBe(2);
    expect(await head()).toBe(before + 2);
  });
});

describe('writers of two processes on one database', () => {
  let other: DataSource;
  afterAll(() => other?.destroy());

  it('take the append lock in turn: each group stays whole and consecutive, the chain gap-free and verifying', async () => {
    other = createDataSource({ url: api.databaseUrl, poolSize: 4, statementTimeoutMs: 5000 });
    await other.initialize();
    const second = createServices(other, TEST_SIGNER, 32);
    const countries = ['IN', 'DE', 'FR', 'JP', 'US', 'GB', 'IT', 'CA'];
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await commitment(`Two writers ${i}`, countries[i % countries.length]));
    const before = await head();
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        (i % 2 ? second : services).commitmentMutations.changeStatus(
          partner(countries[i % countries.length]),
          move(id, CommitmentStatus.IN_PROGRESS),
        ),
      ),
    );
    expect(results.map(codeOf)).toEqual(ids.map(() => 'ok'));
    // Each writer's twenty changes were queued together: one transaction each, never interleaved with the other's.
    for (const parity of [0, 1]) {
      const written = await writtenFor(
        ids.filter((_, i) => i % 2 === parity),
        before,
      );
      expect(written).toMatchObject({ transactions: 1, events: 40 });
      expect(written.last - written.first + 1).toBe(40);
    }
    expect(await head()).toBe(before + 80);
    await expectGapFreeVerifiedChain();
  });
});
