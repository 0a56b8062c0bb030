import { escapeLiteral } from 'pg';
import { SqlParams } from './pagination';

/**
 * SqlParams for a statement that takes no bind parameters (COPY ... TO STDOUT): each value is
 * inlined as a quoted literal (arrays as text[]), the way SqlParams would have sent it, so the
 * condition builders of the lists serve the exports unchanged. `values` stays empty.
 */
export class SqlLiterals extends SqlParams {
  override clone(): SqlLiterals {
    return new SqlLiterals();
  }

  override add(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return `ARRAY[${value.map((item) => this.add(item)).join(', ')}]::text[]`;
    return escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
  }
}
