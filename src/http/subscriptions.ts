import type http from 'node:http';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  ValidationRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { HttpSettings } from '../config';
import { createContext } from '../context';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import type { Services } from '../services';
import { AppError, BadUserInputError, ErrorCode } from '../shared/errors';
import { formatError } from '../shared/error-formatting';
import { checkDocument, checkOperation } from './operation-limits';
import { rateLimitedError, RequestBudgets } from './rate-limit';

/** The Authorization value a graphql-ws client sent in connection_init, if any. */
function bearerFrom(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

function asGraphqlErrors(error: unknown): GraphQLError[] {
  return [error instanceof GraphQLError ? error : new AppError(ErrorCode.BAD_REQUEST, 'The subscription could not be started')];
}

/** The client's mistakes, with the code the same mistake gets over HTTP, so they are neither masked nor logged as ours. */
function withCode(errors: readonly GraphQLError[], code: ErrorCode): GraphQLError[] {
  return errors.map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        extensions: { ...error.extensions, code },
      }),
  );
}

interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Parses, validates and checks a subscription as HTTP requests are checked: the document, or what is wrong with it. */
function checkedSubscription(
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  payload: SubscribePayload,
  limits: HttpSettings['limits'],
): DocumentNode | GraphQLError[] {
  checkDocument(payload.query, limits);
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: limits.tokens });
  } catch (error) {
    return withCode(asGraphqlErrors(error), ErrorCode.GRAPHQL_PARSE_FAILED);
  }
  const errors = validate(schema, document, rules);
  if (errors.length) return withCode(errors, ErrorCode.GRAPHQL_VALIDATION_FAILED);
  const operation = getOperationAST(document, payload.operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) {
    return [new BadUserInputError('Only subscriptions run over WebSocket; send queries and mutations over HTTP')];
  }
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
  if (variables.errors) return withCode(variables.errors, ErrorCode.BAD_USER_INPUT);
  checkOperation(schema, document, payload.operationName, payload.variables ?? {}, limits);
  return document;
}

/**
 * graphql-ws on the HTTP server's port and path, for subscriptions only, under
 * the same token rules, document limits, introspection setting and error masking
 * as HTTP requests. Returns the cleanup to run on shutdown.
 */
export function serveSubscriptions(
  httpServer: http.Server,
  schema: GraphQLSchema,
  services: Services,
  tokens: TokenVerifier,
  settings: HttpSettings,
  budgets: RequestBudgets,
) {
  const rules = settings.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: settings.limits.documentBytes * 2 });
  return useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: async ({ connectionParams, extra }) => {
        try {
          const caller = await tokens.callerFrom(bearerFrom(connectionParams));
          // Opening a connection spends like a request; a spent budget closes it (4403 Forbidden).
          return (await budgets.spend(caller, extra.request.socket.remoteAddress)) === undefined;
        } catch {
          return false;
        }
      },
      onSubscribe: async ({ connectionParams, extra }, _id, payload) => {
        try {
          const caller = await tokens.callerFrom(bearerFrom(connectionParams));
          const retryAfterSeconds = await budgets.spend(caller, extra.request.socket.remoteAddress);
          if (retryAfterSeconds !== undefined) {
            const { message, extensions } = rateLimitedError(retryAfterSeconds);
            return [new GraphQLError(message, { extensions })];
          }
          const document = checkedSubscription(schema, rules, payload, settings.limits);
          if (Array.isArray(document)) return document;
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: createContext(services, caller ?? PUBLIC_CALLER),
          };
        } catch (error) {
          return asGraphqlErrors(error);
        }
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error, settings.exposeErrorDetails)) }
          : result,
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => formatError(error.toJSON(), error, settings.exposeErrorDetails)) as never,
    },
    wsServer,
  );
}
