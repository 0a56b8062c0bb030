import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { DataSource } from 'typeorm';
import type { HttpSettings } from './config';
import { Context, createContext } from './context';
import { requestScope, RequestTrace } from './database/request-trace';
import { explorerRoutes } from './http/explorer';
import { healthRoutes } from './http/health';
import { graphqlOverHttpStatus } from './http/graphql-over-http';
import { httpErrorHandler } from './http/http-errors';
import { Metrics } from './http/metrics';
import { checkDocument, operationLimitsPlugin } from './http/operation-limits';
import { rateLimit } from './http/rate-limit';
import { requestLogging } from './http/request-logging';
import { auditExportHandler } from './modules/audit/audit-export';
import { AuditSigner } from './modules/audit/audit-signer';
import { PUBLIC_CALLER } from './modules/auth/caller';
import { TokenVerifier } from './modules/auth/token-verifier';
import { createSchema } from './schema';
import { createServices } from './services';
import { BadUserInputError, ErrorCode, LimitExceededError } from './shared/errors';
import { formatError } from './shared/error-formatting';
import { logger } from './shared/logger';

/** The Authorization value a graphql-ws client sent in connection_init, if any. */
function bearerFrom(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/** Tells the client how many SQL statements its request cost (tests and benchmarks read it). */
const reportStatementCount: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        response.http.headers.set('x-sql-statements', String(contextValue.trace.statementCount));
      },
    };
  },
};

export interface ApiServer {
  url: string;
  httpServer: http.Server;
  metrics: Metrics;
  /** Stops accepting, lets in-flight requests finish (bounded by the shutdown timeout), then returns. */
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  db: DataSource;
  host: string;
  port: number;
  settings: HttpSettings;
  tokens: TokenVerifier;
  signer: AuditSigner;
}

/** Builds the HTTP server: GraphQL at /graphql, the explorer at /, exports, health and metrics. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { settings } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const services = createServices(options.db, options.signer);
  const metrics = new Metrics(options.db);
  const schema = await createSchema();
  await services.statusFeed.start();
  // Subscriptions (graphql-ws) share the port and path; the token travels in connection_init.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const subscriptions = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: async ({ connectionParams }) => {
        try {
          await options.tokens.callerFrom(bearerFrom(connectionParams));
          return true;
        } catch {
          return false;
        }
      },
      context: async ({ connectionParams }) => {
        const caller = (await options.tokens.callerFrom(bearerFrom(connectionParams))) ?? PUBLIC_CALLER;
        return createContext(services, caller);
      },
    },
    wsServer,
  );
  const apollo = new ApolloServer<Context>({
    schema,
    // Decided by our configuration, never by NODE_ENV alone: a forgotten NODE_ENV must not leak internals.
    introspection: settings.introspection,
    includeStacktraceInErrorResponses: settings.exposeErrorDetails,
    hideSchemaDetailsFromClientErrors: !settings.exposeErrorDetails,
    // main() owns shutdown order: HTTP first, then the pool, then the embedded database.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: true,
    formatError: (formatted, error) => formatError(formatted, error, settings.exposeErrorDetails),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: settings.shutdownTimeoutMs }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await subscriptions.dispose();
              await services.statusFeed.stop();
            },
          };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      operationLimitsPlugin(settings.limits),
      graphqlOverHttpStatus,
      reportStatementCount,
      metrics.plugin(),
      requestLogging,
    ],
  });
  await apollo.start();

  app.use(healthRoutes(options.db));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(explorerRoutes('/graphql'));
  const limiter = rateLimit(settings.rateLimit);
  app.get('/export/audit.ndjson', limiter, auditExportHandler(services, options.tokens, 'ndjson'));
  app.get('/export/audit.csv', limiter, auditExportHandler(services, options.tokens, 'csv'));
  app.use(
    '/graphql',
    limiter,
    express.json({ limit: Math.max(settings.limits.documentBytes * settings.limits.batchSize * 2, 1_000_000) }),
    (req, res, next) => {
      const requestId = (req.header('x-request-id') ?? randomUUID()).slice(0, 100);
      res.setHeader('x-request-id', requestId);
      const trace = new RequestTrace(requestId);
      res.locals.trace = trace;
      const operations = Array.isArray(req.body) ? req.body : [req.body ?? req.query];
      if (operations.length > settings.limits.batchSize) {
        return next(new LimitExceededError(ErrorCode.BATCH_TOO_LARGE, 'Too many operations in one batch', settings.limits.batchSize, operations.length));
      }
      if (Array.isArray(req.body) && operations.length === 0) return next(new BadUserInputError('An empty batch has nothing to run'));
      for (const operation of operations) checkDocument(operation?.query, settings.limits);
      // Every statement issued while serving this request is counted against it.
      requestScope.run(trace, next);
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = (await options.tokens.callerFrom(req.headers.authorization)) ?? PUBLIC_CALLER;
        return createContext(services, caller, res.locals.trace);
      },
    }),
  );
  app.use(httpErrorHandler);

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}/graphql`;
  logger.info({ url, introspection: settings.introspection }, 'API listening');
  return {
    url,
    httpServer,
    metrics,
    stop: async () => {
      await apollo.stop();
    },
  };
}
