import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { logger } from '../shared/logger';
import { operationLabel } from './metrics';

/** One structured log line per GraphQL request: who, what, how long, how many statements. Never the token. */
export const requestLogging: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse({ contextValue, operationName, errors, response }) {
        logger.info(
          {
            requestId: contextValue.trace.requestId,
            operation: operationLabel(operationName),
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            sub: contextValue.caller.sub,
            role: contextValue.caller.role,
            statements: contextValue.trace.statementCount,
            status: response.http.status ?? 200,
            errorCodes: errors?.map((error) => error.extensions?.code),
          },
          'graphql request',
        );
      },
    };
  },
};
