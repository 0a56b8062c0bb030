import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search vectors, and indexes for the list filters and sort keys.
 *
 * The vectors are STORED generated columns, so they can never drift from the text
 * they index. No entity maps them: they never reach a client.
 *
 * Nullable sort keys are ordered by `coalesce(column, ±infinity)` (NULLS LAST in both
 * directions while keeping keyset cursors non-null), so those indexes are on the same
 * expressions the queries use; a plain (column, id) index could not serve them.
 */
export class FullTextSearch1767225600003 implements MigrationInterface {
  name = 'FullTextSearch1767225600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE commitments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED;
      CREATE INDEX commitments_search_vector_idx ON commitments USING gin (search_vector);
      CREATE INDEX commitments_target_on_asc_idx ON commitments ((coalesce(target_on, 'infinity'::date)), id);
      CREATE INDEX commitments_target_on_desc_idx ON commitments ((coalesce(target_on, '-infinity'::date)), id);
      CREATE INDEX commitments_announced_on_asc_idx ON commitments ((coalesce(announced_on, 'infinity'::date)), id);
      CREATE INDEX commitments_announced_on_desc_idx ON commitments ((coalesce(announced_on, '-infinity'::date)), id);
      CREATE INDEX commitments_amount_asc_idx ON commitments ((coalesce(amount, 'infinity'::numeric)), id);
      CREATE INDEX commitments_amount_desc_idx ON commitments ((coalesce(amount, '-infinity'::numeric)), id);
      CREATE INDEX commitments_updated_at_idx ON commitments (updated_at, id);
      CREATE INDEX commitments_title_idx ON commitments (title, id);
      CREATE INDEX commitments_target_on_idx ON commitments (target_on);
      CREATE INDEX commitments_currency_amount_idx ON commitments (currency, amount);

      ALTER TABLE projects ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('english', coalesce(name, '') || ' ' || coalesce(description, '') || ' ' || coalesce(location, ''))) STORED;
      CREATE INDEX projects_search_vector_idx ON projects USING gin (search_vector);
      CREATE INDEX projects_starts_on_asc_idx ON projects ((coalesce(starts_on, 'infinity'::date)), id);
      CREATE INDEX projects_starts_on_desc_idx ON projects ((coalesce(starts_on, '-infinity'::date)), id);
      CREATE INDEX projects_ends_on_asc_idx ON projects ((coalesce(ends_on, 'infinity'::date)), id);
      CREATE INDEX projects_ends_on_desc_idx ON projects ((coalesce(ends_on, '-infinity'::date)), id);
      CREATE INDEX projects_budget_asc_idx ON projects ((coalesce(budget_amount, 'infinity'::numeric)), id);
      CREATE INDEX projects_budget_desc_idx ON projects ((coalesce(budget_amount, '-infinity'::numeric)), id);
      CREATE INDEX projects_updated_at_idx ON projects (updated_at, id);
      CREATE INDEX projects_name_idx ON projects (name, id);
      CREATE INDEX projects_ends_on_idx ON projects (ends_on);
      CREATE INDEX projects_budget_currency_amount_idx ON projects (budget_currency, budget_amount);
      CREATE INDEX project_minerals_mineral_id_idx ON project_minerals (mineral_id, project_id);

      ALTER TABLE meetings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(city, ''))) STORED;
      CREATE INDEX meetings_search_vector_idx ON meetings USING gin (search_vector);
      CREATE INDEX meetings_starts_on_asc_idx ON meetings ((coalesce(starts_on, 'infinity'::date)), id);
      CREATE INDEX meetings_starts_on_desc_idx ON meetings ((coalesce(starts_on, '-infinity'::date)), id);
      CREATE INDEX meetings_title_idx ON meetings (title, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX meetings_title_idx, meetings_starts_on_desc_idx, meetings_starts_on_asc_idx;
      ALTER TABLE meetings DROP COLUMN search_vector;
      DROP INDEX project_minerals_mineral_id_idx, projects_budget_currency_amount_idx, projects_ends_on_idx, projects_name_idx, projects_updated_at_idx,
        projects_budget_desc_idx, projects_budget_asc_idx, projects_ends_on_desc_idx, projects_ends_on_asc_idx, projects_starts_on_desc_idx, projects_starts_on_asc_idx;
      ALTER TABLE projects DROP COLUMN search_vector;
      DROP INDEX commitments_currency_amount_idx, commitments_target_on_idx, commitments_title_idx, commitments_updated_at_idx,
        commitments_amount_desc_idx, commitments_amount_asc_idx, commitments_announced_on_desc_idx, commitments_announced_on_asc_idx,
        commitments_target_on_desc_idx, commitments_target_on_asc_idx;
      ALTER TABLE commitments DROP COLUMN search_vector;
    `);
  }
}
