import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence attaches to obligations too: the CHECK on evidence_attachments.subject_type admits
 * OBLIGATION, widened from what it admits now so other record types' migrations keep theirs.
 */
export class ObligationEvidence1767225600011 implements MigrationInterface {
  name = 'ObligationEvidence1767225600011';

  async up(q: QueryRunner): Promise<void> {
    await this.setTypes(q, (types) => [...new Set([...types, 'OBLIGATION'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM evidence_attachments WHERE subject_type = 'OBLIGATION'`);
    await this.setTypes(q, (types) => types.filter((type) => type !== 'OBLIGATION'));
  }

  private async setTypes(q: QueryRunner, change: (types: string[]) => string[]): Promise<void> {
    const [check] = await q.query(
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = 'evidence_attachments'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%subject_type%'`,
    );
    const types = change([...(check.definition as string).matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]));
    const list = types.map((type) => `'${type}'`).join(', ');
    await q.query(
      `ALTER TABLE evidence_attachments DROP CONSTRAINT ${check.conname}, ADD CONSTRAINT ${check.conname} CHECK (subject_type IN (${list}))`,
    );
  }
}
