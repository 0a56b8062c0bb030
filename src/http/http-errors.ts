import type { ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode, HTTP_STATUS, isErrorCode } from '../shared/errors';
import { logger } from '../shared/logger';
import { statusForClient, wantsGraphqlResponse } from './graphql-over-http';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

const UNREADABLE_BODY: Record<string, [string, ErrorCode]> = {
  'entity.parse.failed': ['The request body is not valid JSON', ErrorCode.BAD_REQUEST],
  'entity.too.large': ['The request body is too large', ErrorCode.DOCUMENT_TOO_LARGE],
};

/**
 * Errors raised before GraphQL runs (limits, malformed JSON) and anything that
 * escapes a route: answered as GraphQL errors with a code, never with internals.
 */
export const httpErrorHandler: ErrorRequestHandler = (error: BodyParserError, req, res, next) => {
  if (res.headersSent) return next(error);
  const accept = req.headers.accept;
  const reply = (status: number, message: string, extensions: Record<string, unknown>) => {
    res
      .status(status)
      .type(wantsGraphqlResponse(accept) ? 'application/graphql-response+json' : 'application/json')
      .send(JSON.stringify({ errors: [{ message, extensions }] }));
  };
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    const { http, ...extensions } = error.extensions as { http?: { status?: number }; code: string };
    const status = http?.status ?? HTTP_STATUS[isErrorCode(extensions.code) ? extensions.code : ErrorCode.BAD_REQUEST];
    // Request errors reach plain-JSON clients as 200, as GraphQL over HTTP recommends and Apollo's answers do here.
    return reply(statusForClient(status, accept), error.message, extensions);
  }
  // A body that could not be read keeps body-parser's status: 400 not JSON, 413 too large, 415 an unsupported charset, ...
  if (typeof error.status === 'number' && error.status < 500) {
    const [message, code] = UNREADABLE_BODY[error.type ?? ''] ?? ['The request could not be read', ErrorCode.BAD_REQUEST];
    return reply(error.status, message, { code });
  }
  logger.error({ err: error }, 'unhandled HTTP error');
  reply(HTTP_STATUS[ErrorCode.INTERNAL_SERVER_ERROR], 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
};
