import { finished } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { ExportConnections, ExportLease } from '../database/export-connections';
import { AuditAction, SubjectType } from '../modules/audit/audit-event.entity';
import { AuditTrailFilter } from '../modules/audit/audit-event.types';
import { copyEvents, ExportFormat, inBlocks } from '../modules/audit/audit-stream';
import { trailConditions } from '../modules/audit/audit-trail.service';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import { Action, authorize } from '../modules/auth/policy';
import { TokenVerifier } from '../modules/auth/token-verifier';
import { AppError, BadUserInputError, ErrorCode, HTTP_STATUS, isErrorCode } from '../shared/errors';
import { decodeRecordId } from '../shared/global-id';
import { logger } from '../shared/logger';
import { DateTimeScalar } from '../shared/scalars';
import { QueryParameters } from './query-parameters';
import { cutOffStalledReader } from './stalled-reader';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

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

/** A refusal before anything is streamed, with its code's status; anything else is not the caller's doing. */
export function refuse(response: Response, error: unknown): void {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  if (!isErrorCode(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) throw error;
  const { http: _http, ...extensions } = (error as GraphQLError).extensions;
  if (typeof extensions.retryAfterSeconds === 'number') response.setHeader('retry-after', String(extensions.retryAfterSeconds));
  response.status(HTTP_STATUS[code]).json({ errors: [{ message: (error as GraphQLError).message, extensions }] });
}

// A hint only: how long the running exports take depends on their filters and their clients.
const BUSY_RETRY_AFTER_SECONDS = 10;

/** One of the export connections, or RATE_LIMITED (429) when every one is in use. */
export async function exportLease(capacity: ExportCapacity): Promise<ExportLease> {
  const lease = await capacity.connections.tryAcquire();
  if (lease) return lease;
  const message = `As many exports as this server runs at once are running: try again in ${BUSY_RETRY_AFTER_SECONDS} s`;
  throw new AppError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
}

/** Where exports run: connections of their own, and how long a client may stop reading. */
export interface ExportCapacity {
  connections: ExportConnections;
  writeTimeoutMs: number;
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
    let lease: ExportLease | undefined;
    try {
      const caller = (await tokens.callerFrom(request.headers.authorization)) ?? PUBLIC_CALLER;
      authorize(caller, Action.READ_AUDIT_TRAIL);
      filter = filterFrom(request);
      lease = await exportLease(capacity);
    } catch (error) {
      refuse(response, error);
      return;
    }
    response.status(200).setHeader('content-type', CONTENT_TYPES[format]);
    response.setHeader('content-disposition', `attachment; filename="audit.${format}"`);
    const events = copyEvents(lease.client, format, trailConditions(filter));
    finished(events, (error) => lease.release(error ?? undefined));
    const stopWatching = cutOffStalledReader(response, capacity.writeTimeoutMs, () =>
      logger.info({ format, writeTimeoutMs: capacity.writeTimeoutMs }, 'audit export cut off: the client stopped reading'),
    );
    try {
      await pipeline(events, inBlocks(), response);
    } catch (error) {
      // A client that goes away mid-download (or is cut off) is not a failure of ours.
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      logger.error({ err: error }, 'audit export failed mid-stream');
      response.destroy(error as Error);
    } finally {
      stopWatching();
    }
  };
}
