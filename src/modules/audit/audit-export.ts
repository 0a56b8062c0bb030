import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { GraphQLError } from 'graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { BadUserInputError } from '../../shared/errors';
import { decodeRecordId } from '../../shared/global-id';
import { checkText, DEFAULT_MAX_ITEMS, DEFAULT_MAX_TEXT } from '../../shared/input-limits';
import { logger } from '../../shared/logger';
import type { Services } from '../../services';
import { Action, authorize } from '../auth/policy';
import { TokenVerifier } from '../auth/token-verifier';
import { PUBLIC_CALLER } from '../auth/caller';
import { AuditAction, SubjectType } from './audit-event.entity';
import { AuditTrailFilter } from './audit-event.type';
import { copyEvents, ExportFormat } from './audit-stream';
import { trailConditions } from './audit-trail.service';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

function list(request: Request, name: string): string[] | undefined {
  const raw = request.query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => String(value).split(',')).map((value) => value.trim()).filter(Boolean);
  // The same caps as the auditTrail filter's lists: the values end up in SQL.
  if (values.length > DEFAULT_MAX_ITEMS) throw new BadUserInputError(`${name} must have at most ${DEFAULT_MAX_ITEMS} items`, { argument: name, max: DEFAULT_MAX_ITEMS });
  values.forEach((value, index) => checkText(value, DEFAULT_MAX_TEXT, `${name}[${index}]`));
  return [...new Set(values)];
}

function enumList<E extends string>(request: Request, name: string, allowed: Record<string, E>): E[] | undefined {
  const values = list(request, name);
  const unknown = values?.filter((value) => !Object.values(allowed).includes(value as E));
  if (unknown?.length) throw new BadUserInputError(`Unknown ${name}: ${unknown.join(', ')} (allowed: ${Object.values(allowed).join(', ')})`, { argument: name });
  return values as E[] | undefined;
}

function instant(request: Request, name: string): Date | undefined {
  const value = request.query[name];
  if (value === undefined) return undefined;
  try {
    return DateTimeScalar.parseValue(String(value)) as Date;
  } catch {
    throw new BadUserInputError(`${name} must be an ISO 8601 date-time, e.g. 2026-01-12T00:00:00Z`, { argument: name });
  }
}

function subjectGlobalIdFrom(request: Request): string | undefined {
  const value = request.query.subjectGlobalId;
  if (value === undefined) return undefined;
  decodeRecordId(String(value), 'subjectGlobalId');
  return String(value);
}

const PARAMETERS = ['subjectTypes', 'subjectGlobalId', 'countryCodes', 'actors', 'actions', 'occurredAtFrom', 'occurredAtTo'];

/** The same filters as the auditTrail query, from query parameters (lists comma-separated). */
function filterFrom(request: Request): AuditTrailFilter {
  // An ignored parameter (a typo, a renamed one) would silently export more than was asked for.
  const unknown = Object.keys(request.query).find((name) => !PARAMETERS.includes(name));
  if (unknown) throw new BadUserInputError(`Unknown parameter "${unknown}" (allowed: ${PARAMETERS.join(', ')})`, { argument: unknown });
  return {
    subjectTypes: enumList(request, 'subjectTypes', SubjectType),
    subjectGlobalId: subjectGlobalIdFrom(request),
    countryCodes: list(request, 'countryCodes'),
    actors: list(request, 'actors'),
    actions: enumList(request, 'actions', AuditAction),
    occurredAtFrom: instant(request, 'occurredAtFrom'),
    occurredAtTo: instant(request, 'occurredAtTo'),
  };
}

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

function refuse(response: Response, error: unknown): void {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && HTTP_STATUS[error.extensions.code]) {
    const { http: _http, ...extensions } = error.extensions;
    response.status(HTTP_STATUS[error.extensions.code]).json({ errors: [{ message: error.message, extensions }] });
    return;
  }
  throw error;
}

/**
 * GET /export/audit.{ndjson,csv}: the trail with its chain fields, written by Postgres and
 * piped to the client with back-pressure, so memory stays flat however many events.
 */
export function auditExportHandler(services: Services, tokens: TokenVerifier, format: ExportFormat): RequestHandler {
  return async (request, response) => {
    let filter: AuditTrailFilter;
    try {
      const caller = (await tokens.callerFrom(request.headers.authorization)) ?? PUBLIC_CALLER;
      authorize(caller, Action.READ_AUDIT_TRAIL);
      filter = filterFrom(request);
    } catch (error) {
      refuse(response, error);
      return;
    }
    response.status(200).setHeader('content-type', CONTENT_TYPES[format]);
    response.setHeader('content-disposition', `attachment; filename="audit.${format}"`);
    try {
      await pipeline(await copyEvents(services.db, format, trailConditions(filter)), response);
    } catch (error) {
      // A client that goes away mid-download is not a failure of ours.
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      logger.error({ err: error }, 'audit export failed mid-stream');
      response.destroy(error as Error);
    }
  };
}
