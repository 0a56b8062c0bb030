import type { Request, RequestHandler } from 'express';
import type { ExportLease } from '../database/export-connections';
import { AuditAction, SubjectType } from '../modules/audit/audit-event.entity';
import { AuditTrailFilter } from '../modules/audit/audit-event.types';
import { copyEvents, exportBlocks } from '../modules/audit/audit-stream';
import { trailConditions } from '../modules/audit/audit-trail.service';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import { Action, authorize } from '../modules/auth/policy';
import { TokenVerifier } from '../modules/auth/token-verifier';
import type { ExportFormat } from '../shared/csv-export';
import { BadUserInputError } from '../shared/errors';
import { decodeRecordId } from '../shared/global-id';
import { DateTimeScalar } from '../shared/scalars';
import { QueryParameters } from './query-parameters';
import { type ExportCapacity, type ExportDownload, leaseExportConnection, refuse, sendExport } from './export-response';

/** The filters of the auditTrail query, each a query parameter; lists comma-separated. */
const PARAMETERS = ['subjectTypes', 'subjectGlobalId', 'countryCodes', 'actors', 'actions', 'occurredAtFrom', 'occurredAtTo'] as const;

export function enumList<E extends string>(parameters: QueryParameters, name: string, allowed: Record<string, E>): E[] | undefined {
  const values = parameters.list(name);
  const unknown = values?.filter((value) => !Object.values(allowed).includes(value as E));
  if (unknown?.length)
    throw new BadUserInputError(`Unknown ${name}: ${unknown.join(', ')} (allowed: ${Object.values(allowed).join(', ')})`, {
      argument: name,
    });
  return values as E[] | undefined;
}

function instant(parameters: QueryParameters, name: string): Date | undefined {
  const value = parameters.single(name);
  if (value === undefined) return undefined;
  try {
    return DateTimeScalar.parseValue(value) as Date;
  } catch {
    throw new BadUserInputError(`${name} must be an ISO 8601 date-time, e.g. 2026-01-12T00:00:00Z`, { argument: name });
  }
}

function subjectGlobalIdFrom(parameters: QueryParameters): string | undefined {
  const value = parameters.single('subjectGlobalId');
  if (value !== undefined) decodeRecordId(value, 'subjectGlobalId');
  return value;
}

/** The same filters as the auditTrail query, from query parameters; anything else is refused. */
function filterFrom(request: Request): AuditTrailFilter {
  const parameters = new QueryParameters(request.query, PARAMETERS);
  return {
    subjectTypes: enumList(parameters, 'subjectTypes', SubjectType),
    subjectGlobalId: subjectGlobalIdFrom(parameters),
    countryCodes: parameters.list('countryCodes'),
    actors: parameters.list('actors'),
    actions: enumList(parameters, 'actions', AuditAction),
    occurredAtFrom: instant(parameters, 'occurredAtFrom'),
    occurredAtTo: instant(parameters, 'occurredAtTo'),
  };
}

/**
 * GET /export/audit.{ndjson,csv}: the trail with its chain fields, written by Postgres and
 * piped to the client with back-pressure, so memory stays flat however many events. Each
 * export holds one of the export connections while it runs (429 when none is free), and a
 * client that stops reading for `writeTimeoutMs` is cut off, which gives its connection back.
 */
export function auditExportHandler(capacity: ExportCapacity, tokens: TokenVerifier, format: ExportFormat): RequestHandler {
  return async (request, response) => {
    let filter: AuditTrailFilter;
    let lease: ExportLease;
    try {
      const caller = (await tokens.callerFrom(request.headers.authorization)) ?? PUBLIC_CALLER;
      authorize(caller, Action.READ_AUDIT_TRAIL);
      filter = filterFrom(request);
      lease = await leaseExportConnection(capacity);
    } catch (error) {
      refuse(response, error);
      return;
    }
    const exported: ExportDownload = {
      filename: `audit.${format}`,
      format,
      rows: (client) => copyEvents(client, format, trailConditions(filter)),
      blocks: () => exportBlocks(format),
    };
    await sendExport(response, capacity, lease, exported);
  };
}
