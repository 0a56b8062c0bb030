import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeCheckedValues } from './checked-values';

const CATEGORIES = [
  'A01',
  'A02',
  'A03',
  'A04',
  'A05',
  'A06',
  'A07',
  'A08',
  'A09',
  'A10',
  'A11',
  'A12',
  'B01',
  'B02',
  'B03',
  'B04',
  'B05',
  'B06',
  'B07',
  'B08',
  'B09',
  'B10',
  'B11',
  'B12',
  'B13',
  'B14',
  'B15',
  'B16',
  'B17',
  'B18',
];

/**
 * Evidence documents: their metadata, their uploaded bytes (a table of their own, so no
 * list ever reads them), and the records they are attached to (by subject type and id, so
 * other kinds of record can join: see src/modules/evidence/evidence-targets.ts). Evidence is
 * never deleted, and uploaded bytes never change: triggers refuse it.
 *
 * The audit trail's CHECK is widened from what it admits now rather than from a list written
 * here, so migrations of other record types, run before or after this one, keep theirs.
 */
export class EvidenceDocuments1767225600009 implements MigrationInterface {
  name = 'EvidenceDocuments1767225600009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (btrim(title) <> ''),
        url text CHECK (url ~ '^https?://'),
        document_category varchar NOT NULL CHECK (document_category IN (${CATEGORIES.map((code) => `'${code}'`).join(', ')})),
        language varchar(2) NOT NULL CHECK (language ~ '^[a-z]{2}$'),
        published_on date NOT NULL,
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        hash_basis varchar NOT NULL CHECK (hash_basis IN ('COMPUTED', 'DECLARED')),
        media_type text,
        byte_size int CHECK (byte_size >= 0),
        file_name text,
        submitter_country varchar(2),
        superseded_by_id uuid REFERENCES evidence_documents (id),
        superseded_reason text,
        superseded_at timestamptz,
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Uploaded: the server knows the bytes. Declared: a URL says where they are.
        CHECK ((hash_basis = 'COMPUTED') = (media_type IS NOT NULL AND byte_size IS NOT NULL)),
        CHECK (hash_basis = 'COMPUTED' OR url IS NOT NULL),
        CHECK ((superseded_at IS NULL) = (superseded_reason IS NULL)),
        CHECK (superseded_at IS NOT NULL OR superseded_by_id IS NULL),
        CHECK (superseded_by_id <> id)
      );
      CREATE INDEX evidence_documents_superseded_by_idx ON evidence_documents (superseded_by_id) WHERE superseded_by_id IS NOT NULL;

      CREATE TABLE evidence_contents (
        evidence_id uuid PRIMARY KEY REFERENCES evidence_documents (id),
        content bytea NOT NULL
      );

      CREATE TABLE evidence_attachments (
        evidence_id uuid NOT NULL REFERENCES evidence_documents (id),
        subject_type varchar NOT NULL CHECK (subject_type IN ('PROJECT')),
        subject_id uuid NOT NULL,
        attached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (evidence_id, subject_type, subject_id)
      );
      CREATE INDEX evidence_attachments_subject_idx ON evidence_attachments (subject_type, subject_id, attached_at);

      CREATE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'evidence is never deleted (supersede it) and uploaded bytes never change: % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER evidence_documents_no_delete BEFORE DELETE ON evidence_documents
        FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
      CREATE TRIGGER evidence_documents_no_truncate BEFORE TRUNCATE ON evidence_documents
        FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
      CREATE TRIGGER evidence_contents_no_change BEFORE UPDATE OR DELETE ON evidence_contents
        FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
      CREATE TRIGGER evidence_contents_no_truncate BEFORE TRUNCATE ON evidence_contents
        FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
    `);
    await changeCheckedValues(q, 'audit_events', 'subject_type', { add: 'EVIDENCE' });
  }

  async down(q: QueryRunner): Promise<void> {
    await changeCheckedValues(q, 'audit_events', 'subject_type', { remove: 'EVIDENCE' });
    await q.query(`
      DROP TABLE evidence_attachments, evidence_contents, evidence_documents;
      DROP FUNCTION evidence_refuse_change();
    `);
  }
}
