import { MigrationInterface, QueryRunner } from 'typeorm';

const CITING = ['commitment_sources', 'meeting_sources', 'membership_sources', 'alliance_sources'];
const EXCERPT_CHECK = (column: string) => `CHECK (${column} IS NULL OR length(${column}) BETWEEN 1 AND 2000)`;
const PRECISIONS = `('DAY', 'MONTH', 'SEASON', 'YEAR')`;

/**
 * Every seeded fact traceable to the words that support it:
 * - a citation holds the verbatim excerpt of its source that supports the record;
 * - field_provenance says, per field value, whether a source states it (with the excerpt) or it
 *   was inferred (with the reasoning), and at what precision a source gives a date;
 * - statements: who said what, verbatim, where; a tracked record (subject type STATEMENT);
 * - meeting topics: what a meeting discussed, with the words that report it (not commitments);
 * - developments: what the reports say happened in the supply of minerals (export restrictions,
 *   control of downstream products), with the minerals and sectors concerned;
 * - minerals cite the words that name them, and a meeting participant may have an arrival date.
 */
export class Provenance1767225600007 implements MigrationInterface {
  name = 'Provenance1767225600007';

  async up(q: QueryRunner): Promise<void> {
    for (const table of CITING) await q.query(`ALTER TABLE ${table} ADD COLUMN excerpt text ${EXCERPT_CHECK('excerpt')}`);
    await q.query(`
      CREATE TABLE mineral_sources (
        mineral_id uuid NOT NULL REFERENCES minerals(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        excerpt text ${EXCERPT_CHECK('excerpt')},
        PRIMARY KEY (mineral_id, source_id)
      );

      ALTER TABLE meeting_participants ADD COLUMN arrived_on date;

      CREATE TABLE meeting_topics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        UNIQUE (meeting_id, position)
      );
      CREATE TABLE meeting_topic_sources (
        topic_id uuid NOT NULL REFERENCES meeting_topics(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        excerpt text ${EXCERPT_CHECK('excerpt')},
        PRIMARY KEY (topic_id, source_id)
      );

      CREATE TABLE field_provenance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type varchar NOT NULL CHECK (subject_type IN ('COMMITMENT', 'MEETING', 'MEMBERSHIP', 'STATEMENT')),
        subject_id uuid NOT NULL,
        field varchar NOT NULL CHECK (field ~ '^[a-z][A-Za-z]*(\\.[A-Z]{2}\\.[a-z][A-Za-z]*)?$'),
        value text NOT NULL CHECK (length(value) <= 2000),
        basis varchar NOT NULL CHECK (basis IN ('STATED', 'INFERRED')),
        source_id uuid REFERENCES sources(id),
        excerpt text ${EXCERPT_CHECK('excerpt')},
        note text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
        date_precision varchar CHECK (date_precision IN ${PRECISIONS}),
        date_approximate boolean NOT NULL DEFAULT false,
        position int NOT NULL DEFAULT 0,
        CHECK ((excerpt IS NULL) = (source_id IS NULL)),
        CHECK (basis = 'INFERRED' OR excerpt IS NOT NULL),
        CHECK (basis = 'STATED' OR note IS NOT NULL),
        CHECK (date_precision IS NOT NULL OR NOT date_approximate)
      );
      CREATE UNIQUE INDEX field_provenance_subject_field_key ON field_provenance (subject_type, subject_id, field);

      CREATE TABLE statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        speaker_name text NOT NULL CHECK (length(speaker_name) BETWEEN 1 AND 200),
        speaker_title text CHECK (speaker_title IS NULL OR length(speaker_title) BETWEEN 1 AND 200),
        speaker_country_id uuid NOT NULL REFERENCES countries(id),
        kind varchar NOT NULL CHECK (kind IN ('QUOTE', 'REPORTED')),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        channel varchar NOT NULL CHECK (channel IN ('REMARKS', 'POST_ON_X', 'PRESS_STATEMENT', 'ANNOUNCEMENT', 'INTERVIEW', 'NOT_STATED')),
        said_on date,
        said_on_precision varchar CHECK (said_on_precision IN ${PRECISIONS}),
        said_on_approximate boolean NOT NULL DEFAULT false,
        source_id uuid REFERENCES sources(id),
        excerpt text ${EXCERPT_CHECK('excerpt')},
        meeting_id uuid REFERENCES meetings(id),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((said_on IS NULL) = (said_on_precision IS NULL)),
        CHECK (said_on IS NOT NULL OR NOT said_on_approximate),
        CHECK (excerpt IS NULL OR source_id IS NOT NULL)
      );
      CREATE INDEX statements_said_on_idx ON statements ((coalesce(said_on, 'infinity'::date)), id);
      CREATE INDEX statements_meeting_id_idx ON statements (meeting_id);
      CREATE INDEX statements_speaker_country_id_idx ON statements (speaker_country_id);
      CREATE TABLE statement_commitments (
        statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        commitment_id uuid NOT NULL REFERENCES commitments(id),
        PRIMARY KEY (statement_id, commitment_id)
      );
      CREATE INDEX statement_commitments_commitment_id_idx ON statement_commitments (commitment_id);
      CREATE TABLE statement_alliances (
        statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        alliance_id uuid NOT NULL REFERENCES alliances(id),
        PRIMARY KEY (statement_id, alliance_id)
      );
      CREATE INDEX statement_alliances_alliance_id_idx ON statement_alliances (alliance_id);

      CREATE TABLE developments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar NOT NULL CHECK (kind IN ('EXPORT_RESTRICTION', 'EXPORT_CONTROLS_AS_LEVERAGE', 'SUPPLY_CONTROL')),
        country_id uuid NOT NULL REFERENCES countries(id),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        downstream_products text[] NOT NULL DEFAULT '{}',
        dependent_sectors varchar[] NOT NULL DEFAULT '{}'
          CHECK (dependent_sectors <@ ARRAY['DEFENCE', 'SEMICONDUCTORS', 'RENEWABLE_ENERGY', 'ELECTRIC_VEHICLES', 'BATTERIES', 'ADVANCED_MANUFACTURING']::varchar[])
      );
      CREATE TABLE development_minerals (
        development_id uuid NOT NULL REFERENCES developments(id) ON DELETE CASCADE,
        mineral_id uuid NOT NULL REFERENCES minerals(id),
        PRIMARY KEY (development_id, mineral_id)
      );
      CREATE INDEX development_minerals_mineral_id_idx ON development_minerals (mineral_id);
      CREATE TABLE development_sources (
        development_id uuid NOT NULL REFERENCES developments(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        excerpt text ${EXCERPT_CHECK('excerpt')},
        PRIMARY KEY (development_id, source_id)
      );

      ALTER TABLE audit_events DROP CONSTRAINT audit_events_subject_type_check,
        ADD CONSTRAINT audit_events_subject_type_check
          CHECK (subject_type IN ('COMMITMENT', 'PROJECT', 'MEMBERSHIP', 'MEETING', 'ALLIANCE', 'OBLIGATION', 'STATEMENT'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_subject_type_check,
        ADD CONSTRAINT audit_events_subject_type_check
          CHECK (subject_type IN ('COMMITMENT', 'PROJECT', 'MEMBERSHIP', 'MEETING', 'ALLIANCE', 'OBLIGATION'));
      DROP TABLE development_sources, development_minerals, developments;
      DROP TABLE statement_alliances, statement_commitments, statements;
      DROP TABLE field_provenance, mineral_sources, meeting_topic_sources, meeting_topics;
      ALTER TABLE meeting_participants DROP COLUMN arrived_on;
    `);
    for (const table of CITING) await q.query(`ALTER TABLE ${table} DROP COLUMN excerpt`);
  }
}
