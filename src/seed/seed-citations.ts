import type { EntityManager } from 'typeorm';
import type { Basis, Cited, FieldBases } from './basis';

export type Ids = Map<string, string>;

/** Inserts the citations of one record, each with its excerpt, into its link table. */
export async function cite(
  manager: EntityManager,
  link: { table: string; column: string },
  subjectId: string,
  citations: readonly Cited[],
  sourceIds: Ids,
): Promise<void> {
  for (const { source, excerpt } of citations) {
    await manager.query(`INSERT INTO ${link.table} (${link.column}, source_id, excerpt) VALUES ($1, $2, $3)`, [
      subjectId,
      sourceIds.get(source),
      excerpt,
    ]);
  }
}

const asText = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));

/**
 * Records why each listed field holds its value. Fields the record leaves empty get no entry
 * (an empty field claims nothing); a basis for a field the record does not have is a mistake in the data.
 */
export async function recordProvenance(
  manager: EntityManager,
  subject: { type: string; id: string; values: Record<string, unknown> },
  bases: FieldBases,
  sourceIds: Ids,
  prefix = '',
): Promise<void> {
  for (const [field, basis] of Object.entries(bases) as [string, Basis][]) {
    if (!(field in subject.values)) throw new Error(`seed data: ${subject.type} has no field ${field} to give a basis for`);
    const value = subject.values[field];
    if (value === null || value === undefined) continue;
    const cited = basis.basis === 'STATED' ? basis : basis.from;
    await manager.query(
      `INSERT INTO field_provenance (subject_type, subject_id, field, value, basis, source_id, excerpt, note, date_precision, date_approximate, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, (SELECT count(*) FROM field_provenance WHERE subject_id = $2))`,
      [
        subject.type,
        subject.id,
        `${prefix}${field}`,
        asText(value),
        basis.basis,
        cited ? sourceIds.get(cited.source) : null,
        cited?.excerpt ?? null,
        basis.basis === 'INFERRED' ? basis.note : null,
        basis.date?.precision ?? null,
        basis.date?.approximate ?? false,
      ],
    );
  }
}
