import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, HTTP_STATUS } from '../shared/errors';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
// The status of a request error (unparsable, invalid, over a limit), as Apollo Server answers it.
const REQUEST_ERROR_STATUS = HTTP_STATUS[ErrorCode.BAD_REQUEST];

/** Whether the client asked for the GraphQL-over-HTTP media type rather than plain JSON. */
export function wantsGraphqlResponse(accept: string | undefined): boolean {
  return (accept ?? '').includes(GRAPHQL_RESPONSE);
}

/**
 * GraphQL over HTTP: a client that accepts only application/json learns about
 * request errors from the body, so those answers SHOULD be 200; clients that
 * accept application/graphql-response+json keep the 4xx.
 */
export function statusForClient(status: number, accept: string | undefined): number {
  return status === REQUEST_ERROR_STATUS && !wantsGraphqlResponse(accept) ? 200 : status;
}

/** Applies statusForClient to Apollo Server's answers. */
export const graphqlOverHttpStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.http.status !== undefined)
          response.http.status = statusForClient(response.http.status, request.http?.headers.get('accept'));
      },
    };
  },
};
