import type { QueryRunner } from 'typeorm';
import { inOneMessage, type PlannedStatement } from '../../src/database/one-message';
import { Role } from '../../src/modules/auth/caller';
import { fromGlobalId } from '../../src/shared/global-id';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

/**
 * Statements sent together (inOneMessage): one round trip, each statement prepared once per
 * connection and run in order on a snapshot of its own, values written as literals.
 */

const api = useTestApi();

const rowsOf = <T>(text: string, values: unknown[] = []): PlannedStatement<T[]> => ({ text, values, read: (rows) => rows as T[] });

async function inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = api.db.createQueryRunner('master');
  await runner.startTransaction();
  try {
    return await work(runner);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('inOneMessage', () => {
  it('gives each statement its own rows, in order, with every kind of value written back exactly', async () => {
    const awkward = `it's "quoted", a \\ backslash, $1, a semicolon; -- and €, 日本`;
    const at = new Date('2026-01-09T10:11:12.345Z');
    const [first, second] = await inTransaction((runner) =>
      inOneMessage(runner.manager, [
        rowsOf<{ text: string; number: number; missing: null; at: Date; codes: string[] }>(
          'SELECT $1::text AS text, $2::int AS number, $3::text AS missing, $4::timestamptz AS at, $5::varchar[] AS codes',
          [awkward, 42, null, at, ['DE', 'a "b"', 'c\\d']],
        ),
        rowsOf<{ n: number }>('SELECT generate_series(1, $1::int) AS n', [3]),
      ] as const),
    );
    expect(first).toEqual([{ text: awkward, number: 42, missing: null, at, codes: ['DE', 'a "b"', 'c\\d'] }]);
    expect(second.map((row) => row.n)).toEqual([1, 2, 3]);
  });

  it('runs each statement after the one before, on a snapshot of its own: the second reads what the first wrote', async () => {
    const [, [read]] = await inTransaction(async (runner) => {
      await runner.query('CREATE TEMPORARY TABLE one_message_probe (id int PRIMARY KEY, value text) ON COMMIT DROP');
      await runner.query(`INSERT INTO one_message_probe VALUES (1, 'before')`);
      return inOneMessage(runner.manager, [
        rowsOf('UPDATE one_message_probe SET value = $1 WHERE id = 1 RETURNING id', ['after']),
        rowsOf<{ value: string }>('SELECT value FROM one_message_probe WHERE id = $1', [1]),
      ] as const);
    });
    expect(read).toEqual({ value: 'after' });
  });

  it('stops at the first statement that fails: the ones after it do not run', async () => {
    const runner = api.db.createQueryRunner('master');
    await runner.connect();
    try {
      await runner.query('CREATE TEMPORARY TABLE one_message_ran (id int)');
      await runner.startTransaction();
      const failed = inOneMessage(runner.manager, [
        rowsOf('SELECT 1 / $1::int AS quotient', [0]),
        rowsOf('INSERT INTO one_message_ran VALUES ($1) RETURNING id', [1]),
      ] as const);
      await expect(failed).rejects.toMatchObject({ code: '22012' });
      await runner.rollbackTransaction();
      expect(await runner.query('SELECT count(*)::int AS count FROM one_message_ran')).toEqual([{ count: 0 }]);
    } finally {
      await runner.query('DROP TABLE IF EXISTS one_message_ran');
      await runner.release();
    }
  });

  it('prepares a statement once per connection, and it stays prepared after a rollback', async () => {
    const runner = api.db.createQueryRunner('master');
    const text = 'SELECT $1::int + 1 AS next /* one-message prepare probe */';
    const prepared = async () =>
      runner.query(
        `SELECT prepare_time FROM pg_prepared_statements WHERE statement LIKE '%one-message prepare probe%' AND name LIKE 'together_%'`,
      );
    try {
      await runner.startTransaction();
      const [[first]] = await inOneMessage(runner.manager, [rowsOf<{ next: number }>(text, [1])] as const);
      await runner.rollbackTransaction();
      const [{ prepare_time: preparedAt }] = await prepared();
      await runner.startTransaction();
      const [[second]] = await inOneMessage(runner.manager, [rowsOf<{ next: number }>(text, [41])] as const);
      await runner.commitTransaction();
      expect([first.next, second.next]).toEqual([2, 42]);
      expect(await prepared()).toEqual([{ prepare_time: preparedAt }]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('a status change', () => {
  it("reads the commitment's parties after its lock: a party removed while it waited for the lock is no longer authorised", async () => {
    const admin = await authHeader({ sub: 'one-message-admin', role: Role.ADMIN });
    const input = {
      title: 'Lock then read',
      kind: 'FUNDING',
      instrument: 'MOU',
      status: 'ANNOUNCED',
      parties: [{ countryCode: 'JP', role: 'LEAD' }],
    };
    const created = dataOf(
      await api.graphql(
        'mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }',
        { input },
        admin,
      ),
    );
    const globalId: string = created.createCommitment.commitment.id;
    const id = fromGlobalId('Commitment', globalId);
    const blocker = api.db.createQueryRunner('master');
    await blocker.startTransaction();
    let change: ReturnType<typeof api.graphql> | undefined;
    try {
      await blocker.query('SELECT id FROM commitments WHERE id = $1 FOR UPDATE', [id]);
      await blocker.query(`DELETE FROM obligations WHERE commitment_id = $1`, [id]);
      await blocker.query(`DELETE FROM commitment_parties WHERE commitment_id = $1`, [id]);
      const partner = await authHeader({ sub: 'one-message-jp', role: Role.PARTNER, country: 'JP' });
      change = api.graphql(
        'mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { status } } }',
        { input: { commitmentId: globalId, status: 'IN_PROGRESS', expectedVersion: 1 } },
        partner,
      );
      // Until the change waits for the blocker's transaction, which holds the commitment's row lock.
      const [{ xid }] = await blocker.query('SELECT pg_current_xact_id()::xid::text AS xid');
      for (const deadline = Date.now() + 60_000; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
        const [{ waiting }] = await api.db.query(
          `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'transactionid' AND transactionid = $1::xid AND NOT granted`,
          [xid],
        );
        if (waiting > 0) break;
        if (Date.now() > deadline) throw new Error('the status change never waited for the lock');
      }
      await blocker.commitTransaction();
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    const response = await change!;
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await api.db.query('SELECT status, version FROM commitments WHERE id = $1', [id])).toEqual([
      { status: 'ANNOUNCED', version: 1 },
    ]);
  });
});
