import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors';
import { logger } from './logger';

// Codes whose messages were written for the caller: Apollo's request errors and our catalogue.
const CALLER_ERROR_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
]);

/**
 * The one place errors are shaped for clients: errors meant for the caller keep
 * their code and message; anything else is logged and masked so no internals leak.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, exposeDetails: boolean): GraphQLFormattedError {
  const { stacktrace, ...extensions } = formatted.extensions ?? {};
  const code = extensions.code;
  if (typeof code === 'string' && CALLER_ERROR_CODES.has(code)) return { ...formatted, extensions };

  const errorId = randomUUID();
  logger.error({ err: unwrapResolverError(error), errorId, path: formatted.path }, 'unexpected error');
  if (exposeDetails) {
    return { ...formatted, extensions: { ...extensions, stacktrace, code: ErrorCode.INTERNAL_SERVER_ERROR, errorId } };
  }
  return {
    message: `Internal server error (reference ${errorId})`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
  };
}
