import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import { Action, authorize } from '../modules/auth/policy';
import type { TokenVerifier } from '../modules/auth/token-verifier';

const REFUSAL_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * Declares at the route what an HTTP endpoint requires, judged by the same policy as
 * `@Authorized` on resolvers: the caller's role may take `action`. A refusal is
 * answered as the GraphQL API answers it (same code and message), with 401 or 403.
 */
export function requires(tokens: TokenVerifier, action: Action): RequestHandler {
  return async (request, response, next) => {
    try {
      const caller = (await tokens.callerFrom(request.headers.authorization)) ?? PUBLIC_CALLER;
      authorize(caller, action);
    } catch (error) {
      const status = error instanceof GraphQLError ? REFUSAL_STATUS[String(error.extensions.code)] : undefined;
      if (!status) return next(error);
      const { http: _http, ...extensions } = (error as GraphQLError).extensions;
      response.status(status).json({ errors: [{ message: (error as GraphQLError).message, extensions }] });
      return;
    }
    next();
  };
}
