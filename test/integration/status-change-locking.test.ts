import { Role } from '../../src/modules/auth/caller';
import { fromGlobalId } from '../../src/shared/global-id';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();

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
