import type { Request, RequestHandler } from 'express';
import { to as copyTo } from 'pg-copy-streams';
import { BinaryCopyLines } from '../database/copy-lines';
import type { ExportLease } from '../database/export-connections';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import { activitiesCopyStatement } from '../modules/iati/iati-activity.sql';
import { iatiExportConditions, type IatiExportFilter } from '../modules/iati/iati-export.service';
import { ACTIVITIES_FOOTER, ACTIVITIES_HEADER } from '../modules/iati/iati-xml-writer';
import { ProjectStatus } from '../modules/project/project.status';
import { fromGlobalId } from '../shared/global-id';
import { SqlLiterals } from '../shared/sql-literals';
import { enumList } from './audit-export';
import { type ExportCapacity, leaseExportConnection, refuse, sendExport } from './export-response';
import { QueryParameters } from './query-parameters';

/** The filters of the projects query that an IATI file can be cut by; lists comma-separated. */
const PARAMETERS = ['countryCodes', 'statuses', 'commitmentIds'] as const;

function filterFrom(request: Request): IatiExportFilter {
  const parameters = new QueryParameters(request.query, PARAMETERS);
  return {
    countryCodes: parameters.list('countryCodes'),
    statuses: enumList(parameters, 'statuses', ProjectStatus),
    commitmentIds: parameters.list('commitmentIds')?.map((id, index) => fromGlobalId('Commitment', id, `commitmentIds[${index}]`)),
  };
}

/**
 * GET /export/iati-activities.xml: the projects as IATI 2.03 activities, filtered like the
 * projects query (countryCodes, statuses) and by the commitments they deliver on
 * (commitmentIds). Public, as projects are. Postgres writes each activity (one statement, so
 * one snapshot) and COPY streams them with back-pressure on one of the export connections (429
 * when none is free), so memory stays flat however many projects there are.
 */
export function iatiExportHandler(capacity: ExportCapacity, tokens: TokenVerifier): RequestHandler {
  return async (request, response) => {
    let statement: string;
    let lease: ExportLease;
    try {
      // Public, as projects are; but a bad token is refused as everywhere.
      await tokens.callerFrom(request.headers.authorization);
      const conditions = iatiExportConditions(filterFrom(request), new SqlLiterals());
      statement = activitiesCopyStatement(conditions, `${request.protocol}://${request.get('host')}`);
      lease = await leaseExportConnection(capacity);
    } catch (error) {
      refuse(response, error);
      return;
    }
    await sendExport(response, capacity, lease, {
      filename: 'iati-activities.xml',
      format: 'xml',
      rows: (client) => client.query(copyTo(statement)),
      blocks: () => new BinaryCopyLines(undefined, { before: ACTIVITIES_HEADER, after: ACTIVITIES_FOOTER }),
    });
  };
}
