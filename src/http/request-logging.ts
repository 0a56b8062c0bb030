import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { logger } from '../shared/logger';
import { operationLabel } from './metrics';
import type { AnsweredRequest } from './planned-reads';

/** Starts timing one GraphQL request; the function returned writes its log line. */
export function startRequestLog(): (answered: AnsweredRequest) => void {
  const started = process.hrtime.bigint();
  return ({ context, operationName, status, errors }) => {
    logger.info(
      {
        requestId: context.trace.requestId,
        operation: operationLabel(operationName),
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        sub: context.caller.sub,
        role: context.caller.role,
        statements: context.trace.statementCount,
        status,
        errorCodes: errors?.map((error) => error.extensions?.code),
      },
      'graphql request',
    );
  };
}

/** One structured log line per GraphQL request: who, what, how long, how many statements. Never the token. */
export const requestLogging: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    const log = startRequestLog();
    return {
      async willSendResponse({ contextValue, operationName, errors, response }) {
        log({ context: contextValue, operationName, errors, status: response.http.status ?? 200 });
      },
    };
  },
};
