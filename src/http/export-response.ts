import { finished, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { BLOCK_BYTES } from '../database/copy-lines';
import type { ExportConnections, ExportLease } from '../database/export-connections';
import type { ExportFormat } from '../shared/csv-export';
import { databaseRefusal } from '../shared/error-formatting';
import { AppError, ErrorCode, HTTP_STATUS, isErrorCode } from '../shared/errors';
import { logger } from '../shared/logger';
import { cutOffStalledReader } from './stalled-reader';

/** What a download can be: an export of rows, or a file of another standard's (IATI's XML). */
export type DownloadFormat = ExportFormat | 'xml';

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

/** Where exports run: connections of their own, and how long a client may stop reading. */
export interface ExportCapacity {
  connections: ExportConnections;
  writeTimeoutMs: number;
}

const CANCELLED_RETRY_AFTER_SECONDS = 1;

/** A refusal before anything is streamed, with its code's status; anything else is not the caller's doing. */
export function refuse(response: Response, error: unknown): void {
  const fromDatabase = error instanceof GraphQLError ? undefined : databaseRefusal(error);
  if (fromDatabase) {
    const code = fromDatabase.extensions?.code as ErrorCode;
    // A cancelled statement (503) may simply be sent again: a hint of when.
    if (HTTP_STATUS[code] === 503) response.setHeader('retry-after', String(CANCELLED_RETRY_AFTER_SECONDS));
    response.status(HTTP_STATUS[code]).json({ errors: [fromDatabase] });
    return;
  }
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  if (!isErrorCode(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) throw error;
  const { http: _http, ...extensions } = (error as GraphQLError).extensions;
  if (typeof extensions.retryAfterSeconds === 'number') response.setHeader('retry-after', String(extensions.retryAfterSeconds));
  response.status(HTTP_STATUS[code]).json({ errors: [{ message: (error as GraphQLError).message, extensions }] });
}

// A hint only: how long the running exports take depends on their filters and their clients.
const BUSY_RETRY_AFTER_SECONDS = 10;

/** One of the export connections, or RATE_LIMITED (429 with retry-after) when every one is taken. */
export async function leaseExportConnection(capacity: ExportCapacity): Promise<ExportLease> {
  const lease = await capacity.connections.tryAcquire();
  if (lease) return lease;
  const message = `As many exports as this server runs at once are running: try again in ${BUSY_RETRY_AFTER_SECONDS} s`;
  throw new AppError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
}

/**
 * Gathers COPY's output, one chunk per row, into blocks of about 64 KiB, so the HTTP
 * response makes one write (and one chunk of its chunked encoding) per block rather than
 * per row. The bytes are unchanged; back-pressure passes through.
 */
export function inBlocks(blockBytes = BLOCK_BYTES): Transform {
  let pending: Buffer[] = [];
  let bytes = 0;
  const take = () => {
    const block = Buffer.concat(pending, bytes);
    pending = [];
    bytes = 0;
    return block;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      bytes += chunk.length;
      done(null, bytes >= blockBytes ? take() : undefined);
    },
    flush(done) {
      done(null, bytes ? take() : undefined);
    },
  });
}

/** One download: its file name, its format, and the rows, streamed from the leased connection. */
export interface ExportDownload {
  filename: string;
  format: DownloadFormat;
  rows: (client: PoolClient) => Readable;
  /** Turns the rows into the bytes sent, when they need more than gathering into blocks. */
  blocks?: () => Transform | undefined;
}

/**
 * Answers 200 and pipes the rows to the client with back-pressure, so memory stays flat however
 * many. The lease goes back when the rows end, fail or are abandoned; a client that stops reading
 * for `writeTimeoutMs` is cut off, which ends the query and gives its connection back.
 */
export async function sendExport(response: Response, capacity: ExportCapacity, lease: ExportLease, download: ExportDownload) {
  response.status(200).setHeader('content-type', CONTENT_TYPES[download.format]);
  response.setHeader('content-disposition', `attachment; filename="${download.filename}"`);
  const rows = download.rows(lease.client);
  finished(rows, (error) => lease.release(error ?? undefined));
  const stopWatching = cutOffStalledReader(response, capacity.writeTimeoutMs, () =>
    logger.info({ filename: download.filename, writeTimeoutMs: capacity.writeTimeoutMs }, 'export cut off: the client stopped reading'),
  );
  try {
    await pipeline(rows, download.blocks?.() ?? inBlocks(), response);
  } catch (error) {
    // A client that goes away mid-download (or is cut off) is not a failure of ours.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    logger.error({ err: error, filename: download.filename }, 'export failed mid-stream');
    response.destroy(error as Error);
  } finally {
    stopWatching();
  }
}
