import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain tables. Enumerations are CHECK constraints rather than Postgres
 * enum types so that adding a value later is a one-line, transactional change.
 */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        publisher text,
        url text,
        published_on date,
        excerpt text NOT NULL DEFAULT ''
      );

      CREATE TABLE countries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(2) NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind varchar NOT NULL CHECK (kind IN ('COUNTRY', 'ECONOMIC_UNION')),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE alliances (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,40}$'),
        name text NOT NULL,
        description text NOT NULL DEFAULT ''
      );
      CREATE TABLE alliance_sources (
        alliance_id uuid NOT NULL REFERENCES alliances(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        PRIMARY KEY (alliance_id, source_id)
      );

      CREATE TABLE alliance_memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliances(id),
        country_id uuid NOT NULL REFERENCES countries(id),
        status varchar NOT NULL CHECK (status IN ('INVITED', 'MEMBER', 'DECLINED', 'FORMER')),
        since date,
        until date,
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        note text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alliance_id, country_id),
        CHECK (until IS NULL OR since IS NULL OR until >= since)
      );
      CREATE INDEX alliance_memberships_country_id_idx ON alliance_memberships (country_id);
      CREATE TABLE membership_sources (
        membership_id uuid NOT NULL REFERENCES alliance_memberships(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        PRIMARY KEY (membership_id, source_id)
      );

      CREATE TABLE minerals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]{1,40}$'),
        name text NOT NULL
      );

      CREATE TABLE refining_share_estimates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        refiner_country_id uuid NOT NULL REFERENCES countries(id),
        source_id uuid NOT NULL REFERENCES sources(id),
        min_percent numeric(5,2) CHECK (min_percent BETWEEN 0 AND 100),
        max_percent numeric(5,2) CHECK (max_percent BETWEEN 0 AND 100),
        average_percent numeric(5,2) CHECK (average_percent BETWEEN 0 AND 100),
        statement text NOT NULL,
        CHECK (min_percent IS NULL OR max_percent IS NULL OR min_percent <= max_percent),
        CHECK (coalesce(min_percent, max_percent, average_percent) IS NOT NULL)
      );
      CREATE TABLE refining_share_estimate_minerals (
        estimate_id uuid NOT NULL REFERENCES refining_share_estimates(id) ON DELETE CASCADE,
        mineral_id uuid NOT NULL REFERENCES minerals(id),
        PRIMARY KEY (estimate_id, mineral_id)
      );
      CREATE INDEX refining_share_estimate_minerals_mineral_id_idx ON refining_share_estimate_minerals (mineral_id);

      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        kind varchar NOT NULL CHECK (kind IN ('MINISTERIAL', 'LEADERS_SUMMIT', 'WORKING_GROUP', 'BILATERAL')),
        starts_on date,
        ends_on date,
        city text,
        host_country_id uuid REFERENCES countries(id),
        summary text NOT NULL DEFAULT '',
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX meetings_starts_on_idx ON meetings (starts_on, id);
      CREATE TABLE meeting_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        country_id uuid NOT NULL REFERENCES countries(id),
        delegate_name text,
        delegate_title text,
        role varchar NOT NULL CHECK (role IN ('HOST', 'MEMBER', 'INVITED_PARTNER'))
      );
      CREATE UNIQUE INDEX meeting_participants_meeting_country_delegate_key
        ON meeting_participants (meeting_id, country_id, coalesce(delegate_name, ''));
      CREATE INDEX meeting_participants_country_id_idx ON meeting_participants (country_id);
      CREATE TABLE meeting_sources (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        PRIMARY KEY (meeting_id, source_id)
      );

      CREATE TABLE commitments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text NOT NULL DEFAULT '',
        kind varchar NOT NULL CHECK (kind IN ('FUNDING', 'TECHNOLOGY_SHARING', 'RECYCLING', 'RESEARCH_SHARING', 'SUPPLY_AGREEMENT', 'ALLIANCE_MEMBERSHIP', 'POLICY')),
        instrument varchar NOT NULL CHECK (instrument IN ('COMMUNIQUE', 'MOU', 'JOINT_DECLARATION', 'AGREEMENT', 'STATEMENT', 'ANNOUNCEMENT')),
        status varchar NOT NULL CHECK (status IN ('PROPOSED', 'ANNOUNCED', 'IN_PROGRESS', 'DELIVERED', 'DELAYED', 'WITHDRAWN')),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        value_chain_stages varchar[] NOT NULL DEFAULT '{}'
          CHECK (value_chain_stages <@ ARRAY['EXPLORATION', 'MINING', 'PROCESSING_REFINING', 'MANUFACTURING', 'RECYCLING']::varchar[]),
        meeting_id uuid REFERENCES meetings(id),
        amount numeric(20,2) CHECK (amount >= 0),
        currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
        announced_on date,
        target_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((amount IS NULL) = (currency IS NULL)),
        CHECK (target_on IS NULL OR announced_on IS NULL OR target_on >= announced_on)
      );
      CREATE INDEX commitments_meeting_id_idx ON commitments (meeting_id);
      CREATE INDEX commitments_created_at_idx ON commitments (created_at, id);
      CREATE TABLE commitment_parties (
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        country_id uuid NOT NULL REFERENCES countries(id),
        role varchar NOT NULL CHECK (role IN ('LEAD', 'PARTY')),
        PRIMARY KEY (commitment_id, country_id)
      );
      CREATE INDEX commitment_parties_country_id_idx ON commitment_parties (country_id, commitment_id);
      CREATE TABLE commitment_minerals (
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        mineral_id uuid NOT NULL REFERENCES minerals(id),
        PRIMARY KEY (commitment_id, mineral_id)
      );
      CREATE INDEX commitment_minerals_mineral_id_idx ON commitment_minerals (mineral_id, commitment_id);
      CREATE TABLE commitment_sources (
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES sources(id),
        PRIMARY KEY (commitment_id, source_id)
      );

      CREATE TABLE projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        description text NOT NULL DEFAULT '',
        kind varchar NOT NULL CHECK (kind IN ('FUNDING', 'TECHNOLOGY_SHARING', 'RECYCLING', 'REFINING', 'RESEARCH')),
        status varchar NOT NULL CHECK (status IN ('PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED')),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        budget_amount numeric(20,2) CHECK (budget_amount >= 0),
        budget_currency char(3) CHECK (budget_currency ~ '^[A-Z]{3}$'),
        starts_on date,
        ends_on date,
        location text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((budget_amount IS NULL) = (budget_currency IS NULL)),
        CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX projects_created_at_idx ON projects (created_at, id);
      CREATE TABLE project_participants (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        country_id uuid NOT NULL REFERENCES countries(id),
        role varchar NOT NULL CHECK (role IN ('LEAD', 'FUNDER', 'IMPLEMENTER', 'PARTNER')),
        PRIMARY KEY (project_id, country_id)
      );
      CREATE INDEX project_participants_country_id_idx ON project_participants (country_id, project_id);
      CREATE TABLE project_minerals (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        mineral_id uuid NOT NULL REFERENCES minerals(id),
        PRIMARY KEY (project_id, mineral_id)
      );
      CREATE TABLE project_commitments (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        PRIMARY KEY (project_id, commitment_id)
      );
      CREATE INDEX project_commitments_commitment_id_idx ON project_commitments (commitment_id, project_id);

      CREATE TABLE seed_runs (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE seed_runs, project_commitments, project_minerals, project_participants, projects,
        commitment_sources, commitment_minerals, commitment_parties, commitments,
        meeting_sources, meeting_participants, meetings,
        refining_share_estimate_minerals, refining_share_estimates, minerals,
        membership_sources, alliance_memberships, alliance_sources, alliances, countries, sources;
    `);
  }
}
