import type { ApolloServerPlugin } from '@apollo/server';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** Whether the client asked for the GraphQL-over-HTTP media type rather than plain JSON. */
export function wantsGraphqlResponse(accept: string | undefined): boolean {
  return (accept ?? '').includes(GRAPHQL_RESPONSE);
}

/**
 * GraphQL over HTTP: a client that accepts only application/json learns about
 * request errors from the body, so those answers SHOULD be 200. Apollo Server
 * answers 400; clients that accept application/graphql-response+json keep the 4xx.
 */
export const graphqlOverHttpStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.http.status === 400 && !wantsGraphqlResponse(request.http?.headers.get('accept'))) {
          response.http.status = 200;
        }
      },
    };
  },
};
