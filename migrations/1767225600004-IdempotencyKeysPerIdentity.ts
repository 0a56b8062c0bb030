import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys belong to the whole identity a token carries (sub, role and
 * country), not the sub alone: a token with the same sub for another country
 * must not be handed the first token's stored result. A caller without a
 * country is stored with '' so the key stays a plain primary key.
 *
 * Keys stored before this migration belong to no identity any more (their role
 * is ''): a retry of one runs afresh, and is judged by its expectedVersion.
 */
export class IdempotencyKeysPerIdentity1767225600004 implements MigrationInterface {
  name = 'IdempotencyKeysPerIdentity1767225600004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE idempotency_keys
        ADD COLUMN caller_role text NOT NULL DEFAULT '',
        ADD COLUMN caller_country text NOT NULL DEFAULT '',
        DROP CONSTRAINT idempotency_keys_pkey,
        ADD PRIMARY KEY (caller_sub, caller_role, caller_country, key);
      ALTER TABLE idempotency_keys ALTER COLUMN caller_role DROP DEFAULT, ALTER COLUMN caller_country DROP DEFAULT;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to one key per sub: of several identities' rows under one key, the oldest stays.
    await q.query(`
      DELETE FROM idempotency_keys k USING idempotency_keys older
        WHERE older.caller_sub = k.caller_sub AND older.key = k.key
          AND (older.created_at, older.caller_role, older.caller_country) < (k.created_at, k.caller_role, k.caller_country);
      ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, ADD PRIMARY KEY (caller_sub, key),
        DROP COLUMN caller_role, DROP COLUMN caller_country;
    `);
  }
}
