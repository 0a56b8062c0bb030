import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler } from 'express';
import type { ExportLease } from '../database/export-connections';
import { IatiExportFilter, iatiActivities } from '../modules/iati/iati-export.service';
import type { IatiActivity } from '../modules/iati/iati.model';
import { ACTIVITIES_FOOTER, ACTIVITIES_HEADER, activityXml } from '../modules/iati/iati-xml-writer';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import { ProjectStatus } from '../modules/project/project.status';
import { fromGlobalId } from '../shared/global-id';
import { logger } from '../shared/logger';
import { enumList } from './audit-export';
import { type ExportCapacity, leaseExportConnection, refuse } from './export-response';
import { QueryParameters } from './query-parameters';
import { cutOffStalledReader } from './stalled-reader';

/** The filters of the projects query that an IATI file can be cut by; lists comma-separated. */
const PARAMETERS = ['countryCodes', 'statuses', 'commitmentIds'] as const;

/** Projects read per round of statements. */
const PAGE_SIZE = 25;

function filterFrom(request: Request): IatiExportFilter {
  const parameters = new QueryParameters(request.query, PARAMETERS);
  return {
    countryCodes: parameters.list('countryCodes'),
    statuses: enumList(parameters, 'statuses', ProjectStatus),
    commitmentIds: parameters.list('commitmentIds')?.map((id, index) => fromGlobalId('Commitment', id, `commitmentIds[${index}]`)),
  };
}

/** About one TCP send buffer, as the other exports write. */
const BLOCK_CHARS = 64 * 1024;

/** The next activities as one block of bytes: one write per ~64 KiB rather than one per activity, as the other exports write. */
async function nextBlock(activities: AsyncIterator<IatiActivity>): Promise<Buffer | undefined> {
  let xml = '';
  while (xml.length < BLOCK_CHARS) {
    const next = await activities.next();
    if (next.done) break;
    xml += activityXml(next.value);
  }
  return xml ? Buffer.from(xml) : undefined;
}

/** The file, block by block: one snapshot of the database (REPEATABLE READ), read a page at a time. */
async function* iatiFile(lease: ExportLease, filter: IatiExportFilter, baseUrl: string): AsyncGenerator<Buffer> {
  const query = async (sql: string, params: unknown[]) => (await lease.client.query(sql, params)).rows;
  await lease.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  yield Buffer.from(ACTIVITIES_HEADER);
  const evidenceUrl = (globalId: string) => `${baseUrl}/evidence/${encodeURIComponent(globalId)}`;
  const activities = iatiActivities(query, filter, { pageSize: PAGE_SIZE, evidenceUrl });
  for (let block = await nextBlock(activities); block; block = await nextBlock(activities)) yield block;
  yield Buffer.from(ACTIVITIES_FOOTER);
  await lease.client.query('COMMIT');
}

/**
 * GET /export/iati-activities.xml: the projects as IATI 2.03 activities, filtered like the
 * projects query (countryCodes, statuses) and by the commitments they deliver on
 * (commitmentIds). Public, as projects are. Streamed with back-pressure from a snapshot read a
 * page at a time, on one of the export connections (429 when none is free), so memory stays
 * flat however many projects there are.
 */
export function iatiExportHandler(capacity: ExportCapacity, tokens: TokenVerifier): RequestHandler {
  return async (request, response) => {
    let filter: IatiExportFilter;
    let lease: ExportLease;
    try {
      // Public, as projects are; but a bad token is refused as everywhere.
      await tokens.callerFrom(request.headers.authorization);
      filter = filterFrom(request);
      lease = await leaseExportConnection(capacity);
    } catch (error) {
      refuse(response, error);
      return;
    }
    response.status(200).setHeader('content-type', 'application/xml; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="iati-activities.xml"');
    const stopWatching = cutOffStalledReader(response, capacity.writeTimeoutMs, () =>
      logger.info({ writeTimeoutMs: capacity.writeTimeoutMs }, 'IATI export cut off: the client stopped reading'),
    );
    let failure: Error | undefined;
    try {
      await pipeline(
        Readable.from(iatiFile(lease, filter, `${request.protocol}://${request.get('host')}`), { objectMode: false, highWaterMark: 1 }),
        response,
      );
    } catch (error) {
      failure = error as Error;
      // A client that goes away mid-download (or is cut off) is not a failure of ours.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        logger.error({ err: error }, 'IATI export failed mid-stream');
      response.destroy(failure);
    } finally {
      stopWatching();
      // A connection left inside its transaction is closed rather than pooled.
      lease.release(failure);
    }
  };
}
