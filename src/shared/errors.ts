import { GraphQLError } from 'graphql';

/**
 * The stable codes a client can switch on; every error a client sees carries one.
 * The last five are Apollo Server's request errors, which we emit too (subscriptions,
 * the HTTP error handler) and which reach clients unmasked.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** A correction of a status change that is not the latest change of its obligation (a later one exists). */
  CORRECTION_NOT_LATEST = 'CORRECTION_NOT_LATEST',
  /** An effectiveOn before what the record allows: the commitment's own date, or its obligation's latest change. */
  EFFECTIVE_DATE_OUT_OF_BOUNDS = 'EFFECTIVE_DATE_OUT_OF_BOUNDS',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_ROOT_FIELDS = 'TOO_MANY_ROOT_FIELDS',
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
  /** An evidence upload over EVIDENCE_MAX_BYTES: nothing is stored. */
  UPLOAD_TOO_LARGE = 'UPLOAD_TOO_LARGE',
  /** An IATI activity file refused on import (schema, codelists, rules): `problems` lists each with its line; nothing is written. */
  INVALID_IATI_FILE = 'INVALID_IATI_FILE',
  /** A statement ran past STATEMENT_TIMEOUT_MS and Postgres cancelled it. */
  QUERY_TIMEOUT = 'QUERY_TIMEOUT',
  /** A change kept meeting other changes of the same records and Postgres cancelled it each time: nothing is written; retry it. */
  WRITE_CONTENTION = 'WRITE_CONTENTION',
  /** A subscription fell too many status changes behind (its client stopped reading) and was ended: subscribe again. */
  SUBSCRIPTION_FELL_BEHIND = 'SUBSCRIPTION_FELL_BEHIND',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** A request that cannot be read: a body that is not JSON, a subscription sent over HTTP. */
  BAD_REQUEST = 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** operationName names no operation of the document, or is missing where it holds several. */
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  /** Automatic persisted queries are off: the client should send the query itself. */
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
}

/**
 * The HTTP status of a response that an error with this code refuses as a whole:
 * before execution (limits, tokens, parsing), outside GraphQL (the audit export),
 * or by the HTTP error handler. An error raised while fields resolve leaves the
 * response at 200, with partial data. Plain-JSON clients get 200 for 400 (see
 * src/http/graphql-over-http.ts).
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  CORRECTION_NOT_LATEST: 409,
  EFFECTIVE_DATE_OUT_OF_BOUNDS: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COMPLEX: 400,
  TOO_MANY_ALIASES: 400,
  TOO_MANY_ROOT_FIELDS: 400,
  TOO_MANY_TOKENS: 400,
  // A document over the limit; a body too large to read keeps body-parser's 413.
  DOCUMENT_TOO_LARGE: 400,
  BATCH_TOO_LARGE: 400,
  UPLOAD_TOO_LARGE: 413,
  INVALID_IATI_FILE: 422,
  QUERY_TIMEOUT: 503,
  WRITE_CONTENTION: 503,
  // Only ever sent over WebSocket, inside a subscription's stream.
  SUBSCRIPTION_FELL_BEHIND: 503,
  INTERNAL_SERVER_ERROR: 500,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  // Apollo answers 200 so that clients retry with the full query.
  PERSISTED_QUERY_NOT_SUPPORTED: 200,
});

/** Whether a code read from an error's extensions is one of the catalogue's. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(HTTP_STATUS, code);
}

/** An error whose message is safe to show to the caller. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

/**
 * An error that refuses the whole request: `extensions.http` carries its code's
 * status, which Apollo Server (and the HTTP error handler) answer with and strip.
 */
export class RequestRefusedError extends AppError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { ...details, ...refusesRequest(code) });
  }
}

/** The `extensions.http` that makes an error with this code refuse the whole request with the catalogue's status. */
export function refusesRequest(code: ErrorCode): { http: { status: number } } {
  return { http: { status: HTTP_STATUS[code] } };
}

export class BadUserInputError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, details);
  }
}

/** A change to a record that does not exist; a read of one answers null instead. */
export class NotFoundError extends AppError {
  /** `message` when the record exists but not what was asked of it (an upload's bytes). */
  constructor(typeName: string, id: string, message = `No ${typeName} with id "${id}"`) {
    super(ErrorCode.NOT_FOUND, message, { typeName, id });
  }
}

/** A stale expectedVersion: someone else changed the record first. */
export class ConflictError extends AppError {
  constructor(typeName: string, id: string, expectedVersion: number, currentVersion: number) {
    super(ErrorCode.CONFLICT, `${typeName} ${id} is at version ${currentVersion}, not ${expectedVersion}: reload it and retry`, {
      expectedVersion,
      currentVersion,
    });
  }
}

/** An operation refused before execution because it exceeds a configured limit. */
export class LimitExceededError extends RequestRefusedError {
  constructor(code: ErrorCode, message: string, limit: number, actual: number) {
    super(code, `${message} (limit ${limit}, got ${actual})`, { limit, actual });
  }
}
