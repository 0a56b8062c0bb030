import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { requestScope } from '../database/request-trace';
import { ErrorCode } from './errors';
import { logger } from './logger';

// Codes whose messages were written for the caller: the whole catalogue but the masked one.
const CALLER_ERROR_CODES = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));

interface DriverError {
  code?: string;
  detail?: string;
  table?: string;
}

/** The Postgres error behind a TypeORM QueryFailedError, or a pg error itself. */
export function driverErrorOf(error: unknown): DriverError | undefined {
  const driver = (error as { driverError?: DriverError })?.driverError ?? (error as DriverError);
  return typeof driver?.code === 'string' ? driver : undefined;
}

/** Statements Postgres cancelled that the caller may simply send again: not internal errors. */
const CANCELLED_BY_DATABASE: Record<string, { code: ErrorCode; message: string; log: string }> = {
  // query_canceled: the request asked for more work than statement_timeout allows.
  '57014': {
    code: ErrorCode.QUERY_TIMEOUT,
    message: 'The query took too long and was cancelled; ask for less (narrower filters, smaller pages) or retry later',
    log: 'statement cancelled by statement_timeout',
  },
  // deadlock_detected (a write group's change only after the writer ran it again, see ChainWriter): busy, not broken.
  '40P01': {
    code: ErrorCode.WRITE_CONTENTION,
    message: 'The change kept meeting other changes of the same records and was cancelled; nothing was written: retry it',
    log: 'change cancelled to break a deadlock',
  },
};

function cancelledByDatabase(error: unknown): GraphQLFormattedError | undefined {
  const code = driverErrorOf(error)?.code;
  if (!code || !Object.hasOwn(CANCELLED_BY_DATABASE, code)) return undefined;
  const cancelled = CANCELLED_BY_DATABASE[code];
  logger.warn({ requestId: requestScope.getStore()?.requestId }, cancelled.log);
  return { message: cancelled.message, extensions: { code: cancelled.code } };
}

/**
 * A database refusal that is the caller's fault (a duplicate, or a reference to
 * nothing), as BAD_USER_INPUT naming the field; the constraint's SQL stays inside.
 */
function callerFaultFromDatabase(error: unknown): GraphQLFormattedError | undefined {
  const driver = driverErrorOf(error);
  if (!driver || (driver.code !== '23505' && driver.code !== '23503')) return undefined;
  const field = /Key \(([^)]+)\)/.exec(driver.detail ?? '')?.[1] ?? 'unknown';
  const message =
    driver.code === '23505'
      ? `A ${driver.table ?? 'record'} entry with the same ${field} already exists`
      : `${field} refers to a record that does not exist`;
  return { message, extensions: { code: ErrorCode.BAD_USER_INPUT, field } };
}

/** A database error that is the caller's fault or a cancellation they may retry, as the error they get; undefined for any other. */
export function databaseRefusal(error: unknown): GraphQLFormattedError | undefined {
  return callerFaultFromDatabase(error) ?? cancelledByDatabase(error);
}

/**
 * The one place errors are shaped for clients: errors meant for the caller keep
 * their code and message; anything else is logged with the request id and masked,
 * so no stack, SQL or file path leaks.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, exposeDetails: boolean): GraphQLFormattedError {
  const { stacktrace, ...extensions } = formatted.extensions ?? {};
  const code = extensions.code;
  if (typeof code === 'string' && CALLER_ERROR_CODES.has(code)) {
    // Hints name fields and enum values: with details hidden they would stand in for introspection.
    const message = exposeDetails ? formatted.message : formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
    return { ...formatted, message, extensions };
  }

  const original = unwrapResolverError(error);
  const fromDatabase = databaseRefusal(original);
  if (fromDatabase) return { ...fromDatabase, locations: formatted.locations, path: formatted.path };

  const requestId = requestScope.getStore()?.requestId ?? randomUUID();
  logger.error({ err: original, requestId, path: formatted.path }, 'unexpected error');
  if (exposeDetails) {
    return { ...formatted, extensions: { ...extensions, stacktrace, code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } };
  }
  return {
    message: `Internal server error (request ${requestId})`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
  };
}
