import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeCheckedValues } from './checked-values';

/** The audit trail and evidence attachments admit ASSESSMENT, widened from what they admit now. */
const WIDENED = [
  ['audit_events', 'subject_type'],
  ['evidence_attachments', 'subject_type'],
] as const;

/**
 * Assessments: an auditor's score (−1, 0, +1, as the G7 Research Group scores) of one obligation,
 * for an INTERIM or FINAL report over a period. An assessment is never changed or deleted, only
 * marked corrected (with a reason); what counts is the latest uncorrected one per obligation and kind.
 *
 * Delivery reviews: the second key on a DELIVERED obligation. Each confirms or refuses one claim
 * (the status change to DELIVERED, an audit event), once; the one who claimed can never review it
 * (a CHECK says so), and reviews are never changed or deleted.
 *
 * The CHECKs of other tables are widened from what they admit now, so other record types' migrations keep theirs.
 */
export class AuditorReviews1767225600010 implements MigrationInterface {
  name = 'AuditorReviews1767225600010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- No foreign key: a party removed from a commitment loses its obligation row, but its assessments stay, as its history does.
        obligation_id uuid NOT NULL,
        score smallint NOT NULL CHECK (score IN (-1, 0, 1)),
        rationale text NOT NULL CHECK (btrim(rationale) <> ''),
        kind varchar NOT NULL CHECK (kind IN ('INTERIM', 'FINAL')),
        period_from date NOT NULL,
        period_to date NOT NULL,
        assessor_sub text NOT NULL,
        corrected_reason text,
        corrected_at timestamptz,
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_from <= period_to),
        CHECK ((corrected_at IS NULL) = (corrected_reason IS NULL))
      );
      CREATE INDEX assessments_counted_idx ON assessments (obligation_id, kind, created_at DESC) WHERE corrected_at IS NULL;
      CREATE INDEX assessments_obligation_idx ON assessments (obligation_id, created_at, id);

      CREATE FUNCTION assessments_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.corrected_at IS NULL AND NEW.corrected_at IS NOT NULL
           AND (NEW.obligation_id, NEW.score, NEW.rationale, NEW.kind, NEW.period_from, NEW.period_to, NEW.assessor_sub, NEW.created_at)
             IS NOT DISTINCT FROM (OLD.obligation_id, OLD.score, OLD.rationale, OLD.kind, OLD.period_from, OLD.period_to, OLD.assessor_sub, OLD.created_at) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'an assessment is never changed, only marked corrected once: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER assessments_no_change BEFORE UPDATE ON assessments
        FOR EACH ROW EXECUTE FUNCTION assessments_refuse_change();

      CREATE TABLE delivery_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        obligation_id uuid NOT NULL,
        -- The audit event of the claim; no foreign key, so audit_events keeps refusing TRUNCATE with its own append-only message.
        claim_event_id uuid NOT NULL UNIQUE,
        claimed_by text NOT NULL,
        confirmed boolean NOT NULL,
        note text NOT NULL CHECK (btrim(note) <> ''),
        evidence_ids uuid[] NOT NULL DEFAULT '{}',
        reviewer_sub text NOT NULL CHECK (reviewer_sub <> claimed_by),
        reviewer_role varchar NOT NULL,
        reviewer_country varchar(2),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX delivery_reviews_obligation_idx ON delivery_reviews (obligation_id);
      CREATE FUNCTION delivery_reviews_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a delivery review is never changed or deleted: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER delivery_reviews_no_change BEFORE UPDATE OR DELETE ON delivery_reviews
        FOR EACH ROW EXECUTE FUNCTION delivery_reviews_refuse_change();
    `);
    for (const [table, column] of WIDENED) {
      await changeCheckedValues(q, table, column, { add: 'ASSESSMENT' });
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of WIDENED) {
      await changeCheckedValues(q, table, column, { remove: 'ASSESSMENT' });
    }
    await q.query(
      `DROP TABLE delivery_reviews, assessments; DROP FUNCTION delivery_reviews_refuse_change(); DROP FUNCTION assessments_refuse_change();`,
    );
  }
}
