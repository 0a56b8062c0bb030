import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeCheckedValues } from './checked-values';

// IATI 2.03 codelists, as the CHECKs admit them (the modules hold their names and sources).
const ORGANISATION_TYPES = ['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90'];
const TRANSACTION_TYPES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'];
/** Why a derived government organisation is there, in SQL; the service writes the same words (organisation.rules.ts). */
const GOVERNMENT_NOTE = `'No source names the organisation that reports this project; the government of its reporting participant''s country is taken to report it, under this service''s own identifier scheme ZZ-CMC-GOV-<ISO 3166 code> (ZZ: not an IATI registration agency).'`;
const inList = (codes: readonly string[]) => `(${codes.map((code) => `'${code}'`).join(', ')})`;

// An IATI organisation identifier: a registration agency prefix and an identifier, with none of
// the characters IATI forbids in identifiers (whitespace, / & | ?). Mirrored in organisation.rules.ts.
const IDENTIFIER = `'^[A-Za-z]{2}-[A-Za-z0-9][A-Za-z0-9._:-]*$'`;
const MONEY = (value: string, currency: string) =>
  `${value} numeric(20,2) NOT NULL CHECK (${value} >= 0), ${currency} char(3) NOT NULL CHECK (${currency} ~ '^[A-Z]{3}$')`;
const TEXT = (column: string, max: number) => `${column} text CHECK (${column} IS NULL OR length(btrim(${column})) BETWEEN 1 AND ${max})`;

/**
 * Follow the money as IATI does (issue #18):
 * - organisations (agencies, banks, firms, governments) with their IATI identifier and type;
 * - project_organisations: the organisations taking part in a project in an IATI OrganisationRole,
 *   with consent as countries have it; projects.reporting_organisation_id: its one reporting
 *   organisation (IATI's reporting-org), STATED or INFERRED;
 * - budgets per project and period; transactions, append-only (a correction is a new row naming
 *   the one it corrects), tracked in the audit chain as TRANSACTION (organisations as ORGANISATION); results with their indicators
 *   and periods.
 * Projects that exist get an IATI identifier and, as their reporting organisation, the government
 * of their reporting participant's country, both marked INFERRED: no source names an organisation.
 */
export class FundingAndResults1767225600012 implements MigrationInterface {
  name = 'FundingAndResults1767225600012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        iati_identifier varchar(100) NOT NULL UNIQUE CHECK (iati_identifier ~ ${IDENTIFIER}),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
        organisation_type varchar(2) NOT NULL CHECK (organisation_type IN ${inList(ORGANISATION_TYPES)}),
        country_id uuid REFERENCES countries(id),
        basis varchar NOT NULL DEFAULT 'STATED' CHECK (basis IN ('STATED', 'INFERRED')),
        ${TEXT('note', 2000)},
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (basis = 'STATED' OR note IS NOT NULL)
      );
      CREATE INDEX organisations_country_id_idx ON organisations (country_id, id);
      CREATE INDEX organisations_name_idx ON organisations (lower(name), id);

      -- One column, so a project has at most one reporting organisation by construction; the
      -- service gives one to every project it touches that has none.
      ALTER TABLE projects
        ADD COLUMN iati_identifier varchar(150) UNIQUE CHECK (iati_identifier ~ ${IDENTIFIER}),
        ADD COLUMN reporting_organisation_id uuid REFERENCES organisations(id),
        ADD COLUMN reporting_organisation_basis varchar CHECK (reporting_organisation_basis IN ('STATED', 'INFERRED')),
        ADD CHECK ((reporting_organisation_id IS NULL) = (reporting_organisation_basis IS NULL));
      CREATE INDEX projects_reporting_organisation_id_idx ON projects (reporting_organisation_id);

      CREATE TABLE project_organisations (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        role varchar(1) NOT NULL CHECK (role IN ('1', '2', '3', '4')),
        consent varchar NOT NULL DEFAULT 'ACCEPTED' CHECK (consent IN ('ACCEPTED', 'INVITED')),
        position int NOT NULL CHECK (position BETWEEN 0 AND 49),
        PRIMARY KEY (project_id, organisation_id, role),
        UNIQUE (project_id, position)
      );
      CREATE INDEX project_organisations_organisation_id_idx ON project_organisations (organisation_id, project_id);

      CREATE TABLE budgets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position BETWEEN 0 AND 199),
        budget_type varchar(1) NOT NULL CHECK (budget_type IN ('1', '2')),
        budget_status varchar(1) NOT NULL CHECK (budget_status IN ('1', '2')),
        period_start date NOT NULL,
        period_end date NOT NULL,
        ${MONEY('value', 'currency')},
        value_date date NOT NULL,
        UNIQUE (project_id, position),
        -- IATI: a budget period runs forward and lasts no longer than a year.
        CHECK (period_end >= period_start AND period_end <= period_start + interval '1 year')
      );

      CREATE TABLE transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES projects(id),
        transaction_type varchar(2) NOT NULL CHECK (transaction_type IN ${inList(TRANSACTION_TYPES)}),
        transaction_date date NOT NULL,
        ${MONEY('value', 'currency')},
        value_date date NOT NULL,
        provider_organisation_id uuid REFERENCES organisations(id),
        ${TEXT('provider_narrative', 300)},
        receiver_organisation_id uuid REFERENCES organisations(id),
        ${TEXT('receiver_narrative', 300)},
        ${TEXT('description', 2000)},
        ${TEXT('reference', 200)},
        corrects_id uuid UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (project_id, id),
        -- A correction replaces a transaction of the same project, once.
        FOREIGN KEY (project_id, corrects_id) REFERENCES transactions (project_id, id),
        CHECK (corrects_id <> id)
      );
      CREATE INDEX transactions_project_idx ON transactions (project_id, transaction_date, id);
      CREATE INDEX transactions_recorded_at_idx ON transactions (recorded_at, id);

      CREATE FUNCTION transactions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'transactions are append-only (correct one with a new transaction): % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
        FOR EACH ROW EXECUTE FUNCTION transactions_refuse_change();
      CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON transactions
        FOR EACH STATEMENT EXECUTE FUNCTION transactions_refuse_change();

      CREATE TABLE results (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position BETWEEN 0 AND 49),
        result_type varchar(1) NOT NULL CHECK (result_type IN ('1', '2', '3', '9')),
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
        ${TEXT('description', 2000)},
        UNIQUE (project_id, position)
      );
      CREATE TABLE result_indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        result_id uuid NOT NULL REFERENCES results(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position BETWEEN 0 AND 49),
        measure varchar(1) NOT NULL CHECK (measure IN ('1', '2', '3', '4', '5')),
        ascending boolean NOT NULL DEFAULT true,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
        ${TEXT('description', 2000)},
        baseline_year int CHECK (baseline_year BETWEEN 1900 AND 2200),
        baseline_date date,
        baseline_value numeric(24,6),
        ${TEXT('baseline_comment', 2000)},
        UNIQUE (result_id, position),
        CHECK (baseline_year IS NOT NULL OR (baseline_date IS NULL AND baseline_value IS NULL AND baseline_comment IS NULL))
      );
      CREATE TABLE result_indicator_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES result_indicators(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position BETWEEN 0 AND 99),
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end >= period_start),
        target_value numeric(24,6),
        ${TEXT('target_comment', 2000)},
        actual_value numeric(24,6),
        ${TEXT('actual_comment', 2000)},
        UNIQUE (indicator_id, position)
      );
    `);
    await changeCheckedValues(q, 'audit_events', 'subject_type', { add: 'TRANSACTION' });
    await changeCheckedValues(q, 'audit_events', 'subject_type', { add: 'ORGANISATION' });
    await this.backfill(q);
  }

  /** Projects recorded before organisations existed: the government of the reporting participant's country reports them. */
  private async backfill(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO organisations (iati_identifier, name, organisation_type, country_id, basis, note)
      SELECT DISTINCT 'ZZ-CMC-GOV-' || k.code, 'Government of ' || k.name, '10', k.id, 'INFERRED', ${GOVERNMENT_NOTE}
      FROM project_participants pp JOIN countries k ON k.id = pp.country_id WHERE pp.reporting
      ON CONFLICT (iati_identifier) DO NOTHING;
      UPDATE projects p SET reporting_organisation_id = o.id, reporting_organisation_basis = 'INFERRED',
        iati_identifier = coalesce(p.iati_identifier, o.iati_identifier || '-' || p.id)
      FROM project_participants pp JOIN countries k ON k.id = pp.country_id
      JOIN organisations o ON o.iati_identifier = 'ZZ-CMC-GOV-' || k.code
      WHERE pp.project_id = p.id AND pp.reporting;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await changeCheckedValues(q, 'audit_events', 'subject_type', { remove: 'TRANSACTION' });
    await changeCheckedValues(q, 'audit_events', 'subject_type', { remove: 'ORGANISATION' });
    await q.query(`
      DROP TABLE result_indicator_periods, result_indicators, results;
      DROP TABLE transactions, budgets, project_organisations;
      DROP FUNCTION transactions_refuse_change();
      ALTER TABLE projects DROP COLUMN iati_identifier, DROP COLUMN reporting_organisation_id, DROP COLUMN reporting_organisation_basis;
      DROP TABLE organisations;
    `);
  }
}
