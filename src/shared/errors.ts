import { GraphQLError } from 'graphql';

/** The stable codes a client can switch on; every error a client sees carries one. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_ROOT_FIELDS = 'TOO_MANY_ROOT_FIELDS',
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
  /** A statement ran past STATEMENT_TIMEOUT_MS and Postgres cancelled it. */
  QUERY_TIMEOUT = 'QUERY_TIMEOUT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An error whose message is safe to show to the caller. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, details);
  }
}

/** A change to a record that does not exist; a read of one answers null instead. */
export class NotFoundError extends AppError {
  constructor(typeName: string, id: string) {
    super(ErrorCode.NOT_FOUND, `No ${typeName} with id "${id}"`, { typeName, id });
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
export class LimitExceededError extends AppError {
  constructor(code: ErrorCode, message: string, limit: number, actual: number) {
    super(code, `${message} (limit ${limit}, got ${actual})`, { limit, actual, http: { status: 400 } });
  }
}
