import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored results of mutations sent with an idempotency key, scoped to the caller. */
export class IdempotencyKeys1767225600002 implements MigrationInterface {
  name = 'IdempotencyKeys1767225600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        caller_sub text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        operation text NOT NULL,
        request_hash char(64) NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller_sub, key)
      );
      CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}
