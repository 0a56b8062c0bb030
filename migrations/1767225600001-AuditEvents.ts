import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One append-only event table for every change, status history included, chained
 * by SHA-256 hashes. The database itself refuses UPDATE, DELETE and TRUNCATE,
 * whatever the application does.
 */
export class AuditEvents1767225600001 implements MigrationInterface {
  name = 'AuditEvents1767225600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        sequence bigint PRIMARY KEY CHECK (sequence >= 1),
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        subject_type varchar NOT NULL CHECK (subject_type IN ('COMMITMENT', 'PROJECT', 'MEMBERSHIP', 'MEETING', 'ALLIANCE')),
        subject_id uuid NOT NULL,
        action varchar NOT NULL CHECK (action IN ('CREATED', 'UPDATED', 'STATUS_CHANGED', 'LINKED', 'UNLINKED')),
        actor_sub text NOT NULL,
        actor_role varchar NOT NULL,
        actor_country varchar(2),
        country_codes varchar(2)[] NOT NULL DEFAULT '{}',
        from_status varchar,
        to_status varchar,
        version int NOT NULL CHECK (version >= 1),
        note text,
        evidence_url text,
        effective_on date,
        changes jsonb NOT NULL DEFAULT '{}',
        -- The subject as it stood after this event, so any past state is one index lookup away.
        state jsonb,
        prev_hash char(64) NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash char(64) NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      );
      CREATE INDEX audit_events_subject_time_idx ON audit_events (subject_id, occurred_at, sequence);
      CREATE INDEX audit_events_type_time_idx ON audit_events (subject_type, occurred_at, sequence);
      CREATE INDEX audit_events_subject_idx ON audit_events (subject_id, sequence);
      CREATE INDEX audit_events_status_history_idx ON audit_events (subject_id, sequence) WHERE to_status IS NOT NULL;

      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_events_no_update_or_delete
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
      CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events; DROP FUNCTION audit_events_refuse_change();`);
  }
}
