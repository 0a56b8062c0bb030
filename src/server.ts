import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DataSource } from 'typeorm';
import { Context, createContext } from './context';
import { statementScope, StatementTally } from './database/statement-counter';
import { createSchema } from './schema';
import { auditExportHandler } from './modules/audit/audit-export';
import { AuditSigner } from './modules/audit/audit-signer';
import { PUBLIC_CALLER } from './modules/auth/caller';
import { TokenVerifier } from './modules/auth/token-verifier';
import { createServices } from './services';
import { formatError } from './shared/error-formatting';
import { logger } from './shared/logger';

/** Tells the client how many SQL statements its request cost (tests and benchmarks read it). */
const reportStatementCount: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        response.http.headers.set('x-sql-statements', String(contextValue.statements.count));
      },
    };
  },
};

export interface ApiServer {
  url: string;
  httpServer: http.Server;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  db: DataSource;
  host: string;
  port: number;
  exposeErrorDetails: boolean;
  tokens: TokenVerifier;
  signer: AuditSigner;
}

/** Builds the HTTP server: GraphQL at /graphql, health at /healthz. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const services = createServices(options.db, options.signer);
  const apollo = new ApolloServer<Context>({
    schema: await createSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main() owns shutdown order: HTTP first, then the pool, then the embedded database.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, options.exposeErrorDetails),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), reportStatementCount],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/export/audit.ndjson', auditExportHandler(services, options.tokens, 'ndjson'));
  app.get('/export/audit.csv', auditExportHandler(services, options.tokens, 'csv'));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      // Every statement issued while serving this request is counted against it.
      const tally = new StatementTally();
      res.locals.tally = tally;
      res.locals.requestId = (req.header('x-request-id') ?? randomUUID()).slice(0, 100);
      res.setHeader('x-request-id', res.locals.requestId);
      statementScope.run(tally, next);
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = (await options.tokens.callerFrom(req.headers.authorization)) ?? PUBLIC_CALLER;
        return createContext(services, caller, res.locals.requestId, res.locals.tally);
      },
    }),
  );

  // Anything that escapes a route: logged, answered without internals.
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err: error }, 'unhandled HTTP error');
    if (!res.headersSent) res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}/graphql`;
  logger.info({ url }, 'API listening');
  return {
    url,
    httpServer,
    stop: async () => {
      await apollo.stop();
    },
  };
}
