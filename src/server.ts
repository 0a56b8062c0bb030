import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLSchema, OperationTypeNode } from 'graphql';
import type { DataSource } from 'typeorm';
import type { HttpSettings } from './config';
import { Context, createContext } from './context';
import { primaryUrlOf } from './database/data-source';
import { ExportConnections } from './database/export-connections';
import { requestScope, RequestTrace } from './database/request-trace';
import { explorerRoutes } from './http/explorer';
import { ConnectionDrain } from './http/graceful-shutdown';
import { healthRoutes } from './http/health';
import { graphqlOverHttpStatus } from './http/graphql-over-http';
import { httpErrorHandler } from './http/http-errors';
import { Metrics, metricsHandler } from './http/metrics';
import { Turnstile } from './http/large-operations';
import { checkDocument, operationLimitsPlugin } from './http/operation-limits';
import { rateLimit, RequestBudgets } from './http/rate-limit';
import { requestLogging, startRequestLog } from './http/request-logging';
import { PlannedReads } from './http/planned-reads';
import { PlanMemo } from './planner/plan-memo';
import { requires } from './http/requires';
import { serveSubscriptions } from './http/subscriptions';
import { compiledExecution } from './http/compiled-execution';
import { stringifyResult } from './planner/raw-json';
import { auditExportHandler } from './http/audit-export';
import { recordExportRoutes } from './http/record-exports';
import { complianceReportHandler, complianceReportSignatureHandler, signingKeyHandler } from './http/compliance-report';
import { evidenceDownloadHandler, evidenceUploadHandler } from './http/evidence';
import { iatiExportHandler } from './http/iati-export';
import { iatiImportBody, iatiImportHandler } from './http/iati-import';
import { AuditSigner } from './modules/audit/audit-signer';
import { PUBLIC_CALLER } from './modules/auth/caller';
import { Action } from './modules/auth/policy';
import { TokenVerifier } from './modules/auth/token-verifier';
import { createSchema } from './schema';
import { createServices, Services } from './services';
import { DEFAULT_WRITE_GROUP_SIZE } from './modules/audit/chain-writer';
import { BadUserInputError, ErrorCode, LimitExceededError } from './shared/errors';
import { formatError } from './shared/error-formatting';
import { logger } from './shared/logger';

// Above the idle timeouts of common load balancers (AWS ALB 60 s), so the balancer, never the server,
// closes an idle keep-alive connection: a request sent just as the server closed it would be reset.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 66_000;

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

/**
 * A mutation's payload is read right after its write, so from the moment a
 * request is known to hold one, its reads go to the primary, not a replica
 * that may not have the write yet. A batch shares one trace: a mutation in it
 * moves the rest of the batch's reads too.
 */
const mutationsReadThePrimary: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === OperationTypeNode.MUTATION) contextValue.trace.readFromPrimary = true;
      },
    };
  },
};

export interface ApiServer {
  url: string;
  httpServer: http.Server;
  metrics: Metrics;
  /** Stops accepting, lets in-flight requests finish (bounded by the shutdown timeout), then returns; later calls share the first. */
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  db: DataSource;
  host: string;
  port: number;
  settings: HttpSettings;
  tokens: TokenVerifier;
  signer: AuditSigner;
  /** WRITE_GROUP_SIZE: most changes one write group commits together (default: the configuration's default). */
  writeGroupSize?: number;
  /** WRITE_GROUPS_IN_FLIGHT: most write groups of status changes open at once (default: the writer's default). */
  writeGroupsInFlight?: number;
}

/** The HTTP listener, with keep-alive timeouts above the load balancer's, and the drain that stops it. */
function createHttpServer(app: express.Express): { httpServer: http.Server; connections: ConnectionDrain } {
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  httpServer.headersTimeout = HEADERS_TIMEOUT_MS;
  return { httpServer, connections: new ConnectionDrain(httpServer) };
}

/** Apollo Server over the compiled schema, with every plugin the API runs. */
function createApollo(
  schema: GraphQLSchema,
  settings: HttpSettings,
  metrics: Metrics,
  plannedReads: PlannedReads,
  onDrain: () => Promise<void>,
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    gateway: compiledExecution(schema, {
      compiledReads: settings.compiledReads,
      plans: plannedReads.plans,
      settledRead: (context) => plannedReads.settledRead(context.trace),
    }),
    // Decided by our configuration, never by NODE_ENV alone: a forgotten NODE_ENV must not leak internals.
    introspection: settings.introspection,
    includeStacktraceInErrorResponses: settings.exposeErrorDetails,
    hideSchemaDetailsFromClientErrors: !settings.exposeErrorDetails,
    // main() owns shutdown order: HTTP first, then the pool, then the embedded database.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: true,
    // No automatic persisted queries: nothing registers them, and their errors would only confuse clients.
    persistedQueries: false,
    formatError: (formatted, error) => formatError(formatted, error, settings.exposeErrorDetails),
    // A compiled read's data is JSON text already (src/planner): sent as it is.
    stringifyResult,
    plugins: [
      {
        async serverWillStart() {
          return { drainServer: onDrain };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      // No field sets cache hints, and its per-field hook would wrap every resolver in the schema.
      ApolloServerPluginCacheControlDisabled(),
      operationLimitsPlugin(settings.limits, {
        cost: settings.limits.largeCost,
        turnstile: new Turnstile(settings.limits.largeConcurrency),
      }),
      graphqlOverHttpStatus,
      mutationsReadThePrimary,
      reportStatementCount,
      metrics.plugin(),
      requestLogging,
      plannedReads.plugin(),
    ],
  });
}

/** Gives the request its id and statement tally, and refuses batches and documents over the limits before Apollo parses them. */
function admitGraphqlRequest(limits: HttpSettings['limits']): express.RequestHandler {
  return (req, res, next) => {
    // A client's id is kept only if it looks like one, so logs stay searchable.
    const offered = req.header('x-request-id');
    const requestId = offered && /^[A-Za-z0-9._:-]{1,100}$/.test(offered) ? offered : randomUUID();
    res.setHeader('x-request-id', requestId);
    const trace = new RequestTrace(requestId);
    res.locals.trace = trace;
    const operations = Array.isArray(req.body) ? req.body : [req.body ?? req.query];
    if (operations.length > limits.batchSize) {
      return next(
        new LimitExceededError(ErrorCode.BATCH_TOO_LARGE, 'Too many operations in one batch', limits.batchSize, operations.length),
      );
    }
    if (Array.isArray(req.body) && operations.length === 0) return next(new BadUserInputError('An empty batch has nothing to run'));
    for (const operation of operations) checkDocument(operation?.query, limits);
    // Every statement issued while serving this request is counted against it.
    requestScope.run(trace, next);
  };
}

interface Routes {
  options: ApiServerOptions;
  apollo: ApolloServer<Context>;
  plannedReads: PlannedReads;
  services: Services;
  metrics: Metrics;
  budgets: RequestBudgets;
  exportConnections: ExportConnections;
  schema: GraphQLSchema;
  draining: () => boolean;
}

/** Every HTTP route: health, the optional explorer and metrics, the audit and analyst exports, evidence uploads and downloads, and GraphQL. */
function mountRoutes(app: express.Express, routes: Routes): void {
  const { options, apollo, plannedReads, services, metrics, budgets, exportConnections, schema, draining } = routes;
  const { settings, tokens } = options;
  app.use((_req, res, next) => {
    if (draining()) res.setHeader('connection', 'close');
    next();
  });
  app.use(healthRoutes(options.db, draining, settings.readinessTimeoutMs));
  // Each off unless configured (src/config.ts): absent routes answer 404 like any unknown path.
  if (settings.metrics.served) app.get('/metrics', metricsHandler(metrics, settings.metrics.token));
  if (settings.explorer) app.use(explorerRoutes('/graphql'));
  const limiter = rateLimit(budgets, tokens);
  const exportCapacity = { connections: exportConnections, writeTimeoutMs: settings.exports.writeTimeoutMs };
  const auditReaders = requires(tokens, Action.READ_AUDIT_TRAIL);
  app.get('/export/audit.ndjson', limiter, auditReaders, auditExportHandler(exportCapacity, tokens, 'ndjson'));
  app.get('/export/audit.csv', limiter, auditReaders, auditExportHandler(exportCapacity, tokens, 'csv'));
  app.use(recordExportRoutes(limiter, { capacity: exportCapacity, tokens, schema }));
  app.get('/export/iati-activities.xml', limiter, iatiExportHandler(exportCapacity, tokens));
  app.get('/export/compliance-report', limiter, complianceReportHandler(services, tokens));
  app.get('/export/compliance-report.sig', limiter, complianceReportSignatureHandler(services, tokens));
  app.get('/export/audit-signing-key.pem', limiter, signingKeyHandler(services));
  app.post(
    '/evidence',
    limiter,
    requires(tokens, Action.SUBMIT_EVIDENCE),
    evidenceUploadHandler(services, tokens, settings.evidence.maxBytes),
  );
  app.post('/import/iati', limiter, requires(tokens, Action.IMPORT_IATI), iatiImportBody, iatiImportHandler(services, tokens));
  app.get('/evidence/:id', limiter, evidenceDownloadHandler(services, tokens));
  app.use(
    '/graphql',
    limiter,
    express.json({ limit: Math.max(settings.limits.documentBytes * settings.limits.batchSize * 2, 1_000_000) }),
    admitGraphqlRequest(settings.limits),
    // The limiter above spent one unit for the request; each further operation of a batch spends one more.
    rateLimit(budgets, tokens, (req) => (Array.isArray(req.body) ? req.body.length - 1 : 0)),
    plannedReads.handler(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = (await tokens.callerFrom(req.headers.authorization)) ?? PUBLIC_CALLER;
        return createContext(services, caller, res.locals.trace);
      },
    }),
  );
  app.use(httpErrorHandler);
}

/** Starts listening; resolves with the URL clients reach GraphQL at. */
async function listen(httpServer: http.Server, options: ApiServerOptions): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    // Without this, a taken port left the start waiting forever, and a signal could not stop it.
    const refused = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on ${options.host} is in use: stop what listens there, or set PORT to another port`)
          : error,
      );
    httpServer.once('error', refused);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', refused);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}/graphql`;
  const { settings } = options;
  logger.info(
    { url, introspection: settings.introspection, explorer: settings.explorer, metrics: settings.metrics.served },
    'API listening',
  );
  return url;
}

/** Builds the HTTP server: GraphQL at /graphql, exports, health, and (as configured) the explorer at / and metrics. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { settings } = options;
  const app = express();
  app.disable('x-powered-by');
  const { httpServer, connections } = createHttpServer(app);
  const services = createServices(
    options.db,
    options.signer,
    options.writeGroupSize ?? DEFAULT_WRITE_GROUP_SIZE,
    options.writeGroupsInFlight,
  );
  const metrics = new Metrics(options.db, settings.metricsOperationNames, services.writer, services.statusFeed);
  const exportConnections = new ExportConnections(primaryUrlOf(options.db), settings.exports.concurrency);
  const schema = await createSchema();
  await services.statusFeed.start();
  // One budget per caller for HTTP requests and WebSocket messages alike.
  const budgets = new RequestBudgets(settings.rateLimit);
  const subscriptions = serveSubscriptions(httpServer, schema, services, options.tokens, settings, budgets);
  const plannedReads = new PlannedReads(schema, new PlanMemo(schema), {
    limits: settings.limits,
    services,
    tokens: options.tokens,
    observers: [() => metrics.startRequest(), startRequestLog],
  });
  const apollo = createApollo(schema, settings, metrics, plannedReads, async () => {
    await subscriptions.dispose();
    await services.statusFeed.stop();
  });
  await apollo.start();
  mountRoutes(app, {
    options,
    apollo,
    plannedReads,
    services,
    metrics,
    budgets,
    exportConnections,
    schema,
    draining: () => connections.draining,
  });
  const url = await listen(httpServer, options);
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    const { listenerClosed } = await connections.drain(Date.now() + settings.shutdownTimeoutMs);
    // Ends the subscriptions, whose WebSockets keep the listener from reporting closed.
    await apollo.stop();
    await listenerClosed;
    await exportConnections.close();
  };
  return { url, httpServer, metrics, stop: () => (stopped ??= stop()) };
}
