import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { type DateAsGiven, DatePrecision } from './approximate-date';
import { type ProvenanceRow, provenanceBySubjectId, type ProvenanceSubject } from './provenance.loaders';
import { ApproximateDate, approximateDate, FieldProvenance } from './provenance.types';

export type { ProvenanceSubject } from './provenance.loaders';

/** The current values of a record's fields, as provenance names them (`status`, `parties.IN.role`). */
export type FieldValues = Record<string, unknown>;

const asText = (value: unknown) => (value === null || value === undefined ? null : String(value));

/**
 * The field provenance of seeded records. An entry describes one value; once the record is
 * changed and the field holds another, the entry no longer applies and is not shown.
 */
export class ProvenanceService {
  constructor(private readonly db: DataSource) {}

  /** Loads the entries and the values together, so their loads batch with the other fields of the request. */
  private async current(
    loaders: LoaderRegistry,
    subject: ProvenanceSubject,
    subjectId: string,
    values: FieldValues | Promise<FieldValues>,
  ) {
    const [rows, current] = await Promise.all([loaders.use(provenanceBySubjectId[subject], this.db).load(subjectId), values]);
    return rows.filter((row) => asText(current[row.field]) === row.value);
  }

  /** What supports each field value of the record that still holds the value the entry describes. */
  async of(
    loaders: LoaderRegistry,
    subject: ProvenanceSubject,
    subjectId: string,
    values: FieldValues | Promise<FieldValues>,
  ): Promise<FieldProvenance[]> {
    return (await this.current(loaders, subject, subjectId, values)).map(({ field, value, basis, source, excerpt, note }) => ({
      field,
      value,
      basis,
      source,
      excerpt,
      note,
    }));
  }

  /**
   * A date field as the sources give it: at the precision its provenance records, else the stored
   * day itself (DAY, not approximate); null when the field is empty.
   */
  async dateAsGiven(
    loaders: LoaderRegistry,
    subject: ProvenanceSubject,
    subjectId: string,
    field: string,
    day: string | null,
  ): Promise<ApproximateDate | null> {
    if (!day) return null;
    const rows = await this.current(loaders, subject, subjectId, { [field]: day });
    const given = rows.find((row: ProvenanceRow) => row.field === field && row.datePrecision);
    const date: DateAsGiven = given
      ? { day, precision: given.datePrecision!, approximate: given.dateApproximate }
      : { day, precision: DatePrecision.DAY, approximate: false };
    return approximateDate(date);
  }
}

/** SQL: the record's deadline column unless its only basis is an inference (then NULL), for rules that count stated deadlines only. */
export function statedDateSql(subject: ProvenanceSubject, idColumn: string, field: string, dateColumn: string): string {
  return `CASE WHEN EXISTS (SELECT 1 FROM field_provenance fp WHERE fp.subject_type = '${subject}' AND fp.subject_id = ${idColumn}
      AND fp.field = '${field}' AND fp.basis = 'INFERRED' AND fp.value = ${dateColumn}::text) THEN NULL ELSE ${dateColumn} END`;
}
