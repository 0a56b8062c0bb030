import type { ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../shared/errors';
import { logger } from '../shared/logger';
import { wantsGraphqlResponse } from './graphql-over-http';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/**
 * Errors raised before GraphQL runs (limits, malformed JSON) and anything that
 * escapes a route: answered as GraphQL errors with a code, never with internals.
 */
export const httpErrorHandler: ErrorRequestHandler = (error: BodyParserError, req, res, next) => {
  if (res.headersSent) return next(error);
  const graphqlResponse = wantsGraphqlResponse(req.headers.accept);
  const reply = (status: number, message: string, extensions: Record<string, unknown>) => {
    res
      .status(status)
      .type(graphqlResponse ? 'application/graphql-response+json' : 'application/json')
      .send(JSON.stringify({ errors: [{ message, extensions }] }));
  };
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    const { http, ...extensions } = error.extensions as { http?: { status?: number } };
    const status = http?.status ?? 400;
    // Request errors reach plain-JSON clients as 200, as GraphQL over HTTP recommends and Apollo's answers do here.
    return reply(status === 400 && !graphqlResponse ? 200 : status, error.message, extensions);
  }
  if (error.type === 'entity.parse.failed') return reply(400, 'The request body is not valid JSON', { code: 'BAD_REQUEST' });
  if (error.type === 'entity.too.large') return reply(413, 'The request body is too large', { code: ErrorCode.DOCUMENT_TOO_LARGE });
  if (typeof error.status === 'number' && error.status < 500) return reply(error.status, 'The request could not be read', { code: 'BAD_REQUEST' });
  logger.error({ err: error }, 'unhandled HTTP error');
  reply(500, 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
};
