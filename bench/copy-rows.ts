import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value in COPY's text format: \N for null, arrays as {a,b}, objects as JSON, specials escaped. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = Array.isArray(value) ? `{${value.join(',')}}` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') : text;
}

/** Streams rows into a table with COPY FROM STDIN, honouring back-pressure; returns the row count. */
export async function copyRows(
  client: Client,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
  onRows?: (n: number) => void,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const done = finished(stream);
  let buffer = '';
  let pending = 0;
  let count = 0;
  for (const row of rows) {
    buffer += `${row.map(copyValue).join('\t')}\n`;
    pending += 1;
    if (buffer.length > 256 * 1024) {
      count += pending;
      onRows?.(pending);
      pending = 0;
      const ok = stream.write(buffer);
      buffer = '';
      if (!ok) await once(stream, 'drain');
    }
  }
  stream.end(buffer);
  await done;
  onRows?.(pending);
  return count + pending;
}
