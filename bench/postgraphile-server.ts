// Before PostGraphile loads (the child process also has it through --import).
import './promise-with-resolvers';
import http from 'node:http';
import { Pool } from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { POSTGRAPHILE_FUNCTIONS_SQL, POSTGRAPHILE_SCHEMA } from './postgraphile-sql';

export interface PostGraphileServer {
  url: string;
  /** SQL statements sent to Postgres since start (PostGraphile sets no per-response header). */
  statements(): number;
  close(): Promise<void>;
}

/** Creates (or replaces) the computed-column functions PostGraphile serves W1–W3 through. */
export async function installPostGraphileFunctions(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(POSTGRAPHILE_FUNCTIONS_SQL);
  } finally {
    await pool.end();
  }
}

/**
 * PostGraphile 5 with the amber preset, as its documentation sets it up on
 * node:http, over the public schema and the bench's computed columns. Its pool
 * has the API's size; every statement it sends is counted.
 */
export async function startPostGraphileServer(options: { databaseUrl: string; poolSize?: number }): Promise<PostGraphileServer> {
  await installPostGraphileFunctions(options.databaseUrl);
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, application_name: 'bench-postgraphile' });
  let statements = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: ['public', POSTGRAPHILE_SCHEMA] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  });
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  serv.addTo(server);
  await pgl.getSchema();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    statements: () => statements,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pgl.release();
      await pool.end();
    },
  };
}
