import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeCheckedValues } from './checked-values';

/**
 * Evidence attaches to obligations too: the CHECK on evidence_attachments.subject_type admits
 * OBLIGATION, widened from what it admits now so other record types' migrations keep theirs.
 */
export class ObligationEvidence1767225600011 implements MigrationInterface {
  name = 'ObligationEvidence1767225600011';

  async up(q: QueryRunner): Promise<void> {
    await changeCheckedValues(q, 'evidence_attachments', 'subject_type', { add: 'OBLIGATION' });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM evidence_attachments WHERE subject_type = 'OBLIGATION'`);
    await changeCheckedValues(q, 'evidence_attachments', 'subject_type', { remove: 'OBLIGATION' });
  }
}
