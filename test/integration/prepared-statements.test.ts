import { PreparedStatements } from '../../src/database/prepared-statements';
import { IDLE_CONNECTION_MS } from '../../src/database/data-source';
import { availableMemoryBytes, sharedBuffersMiB } from '../../src/database/embedded-postgres';
import { useTestApi } from '../helpers/test-api';

/**
 * A write group's statements are prepared on its connection (src/database/prepared-statements.ts):
 * parsed once per connection, within a bound on distinct texts, and only while the group holds it.
 */
const api = useTestApi();

const preparedOn = async (runner: { query(sql: string): Promise<{ statement: string }[]> }) =>
  (await runner.query('SELECT statement FROM pg_prepared_statements')).map((row) => row.statement);

describe('prepared statements', () => {
  it('prepares the statements with parameters a runner sends while preparing, up to the bound, and stops after', async () => {
    const prepared = new PreparedStatements(2);
    const runner = api.db.createQueryRunner('master');
    try {
      const unprepare = await prepared.preparing(runner);
      const texts = ['SELECT $1::int + 1 AS n /* a */', 'SELECT $1::int + 2 AS n /* b */', 'SELECT $1::int + 3 AS n /* c */'];
      for (const [index, text] of texts.entries()) {
        // Twice each: a prepared statement is reused, and answers each time with its own parameter.
        for (const value of [index, index + 10]) expect(await runner.query(text, [value])).toEqual([{ n: value + index + 1 }]);
      }
      // The third text is past the bound of 2: it ran unnamed.
      expect(await preparedOn(runner)).toEqual(expect.arrayContaining(texts.slice(0, 2)));
      expect(await preparedOn(runner)).not.toContain(texts[2]);
      unprepare();
      // The connection's query is its prototype's again, as the pool handed it out.
      expect(Object.hasOwn(await runner.connect(), 'query')).toBe(false);
      await runner.query('SELECT $1::int AS n /* after */', [1]);
      expect(await preparedOn(runner)).not.toContain('SELECT $1::int AS n /* after */');
    } finally {
      await runner.release();
    }
  });

  it('leaves statements without parameters (transaction control) to the simple protocol, and a failed one fails alone', async () => {
    const prepared = new PreparedStatements(10);
    const runner = api.db.createQueryRunner('master');
    try {
      const unprepare = await prepared.preparing(runner);
      await runner.startTransaction();
      await runner.query('SAVEPOINT change');
      await expect(runner.query('SELECT 1 / $1::int AS n', [0])).rejects.toThrow(/division by zero/);
      await runner.query('ROLLBACK TO SAVEPOINT change');
      expect(await runner.query('SELECT 1 / $1::int AS n', [1])).toEqual([{ n: 1 }]);
      await runner.commitTransaction();
      const statements = await preparedOn(runner);
      expect(statements).toContain('SELECT 1 / $1::int AS n');
      expect(statements.filter((statement) => /SAVEPOINT|COMMIT|START/i.test(statement))).toEqual([]);
      unprepare();
    } finally {
      await runner.release();
    }
  });
});

describe('pooled connections', () => {
  it('stay open through a minute of idleness, not pg’s default 10 s, so their prepared statements outlive a quiet spell', async () => {
    const pool = (api.db.driver as unknown as { master: { options: { idleTimeoutMillis?: number } } }).master;
    expect(pool.options.idleTimeoutMillis).toBe(IDLE_CONNECTION_MS);
    expect(IDLE_CONNECTION_MS).toBeGreaterThanOrEqual(60_000);
  });
});

describe('the embedded database', () => {
  it('runs with the shared buffers sized for the machine, so an append’s index pages stay in them', async () => {
    const [{ shared_buffers }] = await api.db.query('SHOW shared_buffers');
    const mib = sharedBuffersMiB(availableMemoryBytes());
    expect(shared_buffers).toBe(mib % 1024 === 0 ? `${mib / 1024}GB` : `${mib}MB`);
  });
});
