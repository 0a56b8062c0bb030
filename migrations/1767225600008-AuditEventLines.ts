import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each event's NDJSON export line, stored with the event. Postgres building the
 * line (row_to_json) bounded the export at about 60,000 events/s; reading a stored
 * line is a copy. A BEFORE INSERT trigger writes `line` from the row's own columns
 * with the export's expression, whatever the writer sends, so the line can neither
 * be forged nor drift from the columns; the append-only triggers keep it unchanged.
 * Events appended before this migration keep a null line and the export builds
 * theirs as it did (audit_event_line): filling them here would rewrite the whole
 * table and its indexes while the API waits to start (8 minutes for a million
 * events on the development machine).
 */
export class AuditEventLines1767225600008 implements MigrationInterface {
  name = 'AuditEventLines1767225600008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_event_line(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT row_to_json(event)::text FROM (SELECT
          e.sequence AS "sequence", e.id AS "id",
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
          e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.action AS "action",
          e.actor_sub AS "actorSub", e.actor_role AS "actorRole", e.actor_country AS "actorCountry",
          to_json(e.country_codes) AS "countryCodes", e.from_status AS "fromStatus", e.to_status AS "toStatus",
          e.version AS "version", e.note AS "note", e.evidence_url AS "evidenceUrl",
          to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn", e.changes AS "changes", e.state AS "state",
          e.prev_hash AS "prevHash", e.hash AS "hash") event
      $$;

      ALTER TABLE audit_events ADD COLUMN line text;

      CREATE FUNCTION audit_events_write_line() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.line := audit_event_line(NEW);
        RETURN NEW;
      END;
      $$;
      CREATE TRIGGER audit_events_line
        BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_write_line();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_events_line ON audit_events;
      DROP FUNCTION audit_events_write_line();
      ALTER TABLE audit_events DROP COLUMN line;
      DROP FUNCTION audit_event_line(audit_events);
    `);
  }
}
