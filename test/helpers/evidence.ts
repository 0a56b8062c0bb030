import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../src/shared/global-id';

/** Form fields of a valid upload; tests override what they are about. */
export const UPLOAD_FIELDS: Record<string, string> = {
  title: 'Refinery commissioning report',
  documentCategory: 'A08',
  language: 'en',
  publishedOn: '2026-03-01',
};

export interface UploadResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** POSTs a multipart upload to /evidence of the API at `graphqlUrl`'s origin. */
export async function uploadEvidence(
  graphqlUrl: string,
  content: Buffer,
  options: { fields?: Record<string, string>; headers?: Record<string, string>; mediaType?: string; fileName?: string } = {},
): Promise<UploadResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? UPLOAD_FIELDS)) form.append(name, value);
  form.append('file', new Blob([content], { type: options.mediaType ?? 'application/pdf' }), options.fileName ?? 'report.pdf');
  const response = await fetch(new URL('/evidence', graphqlUrl), { method: 'POST', body: form, headers: options.headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A piece of declared evidence written straight to the table, as a PARTNER of `submitterCountry` (or an AUDITOR) would have registered it. */
export async function declaredEvidence(db: DataSource, submitterCountry: string | null): Promise<{ id: string; globalId: string }> {
  const [row] = await db.query(
    `INSERT INTO evidence_documents (title, url, document_category, language, published_on, sha256, hash_basis, submitter_country)
     VALUES ('Test evidence', 'https://example.org/report.pdf', 'A07', 'en', '2026-01-15', repeat('ab', 32), 'DECLARED', $1) RETURNING id`,
    [submitterCountry],
  );
  return { id: row.id, globalId: toGlobalId('Evidence', row.id) };
}
