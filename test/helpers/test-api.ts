import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HttpSettings, loadConfig } from '../../src/config';
import { createDataSource } from '../../src/database/data-source';
import { AuditSigner } from '../../src/modules/audit/audit-signer';
import { TokenClaims, TokenVerifier } from '../../src/modules/auth/token-verifier';
import { ApiServer, startApiServer } from '../../src/server';
import { logger } from '../../src/shared/logger';
import { databaseUrl, TEMPLATE_DATABASE, withAdminClient } from '../setup/test-database';

/** The signing secret of every test server; tokens made with `tokenFor` are valid on all of them. */
export const TEST_AUTH_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_TOKENS = new TokenVerifier({ secret: TEST_AUTH_SECRET, maxTokenHours: loadConfig({}).auth.maxTokenHours });

/** A bearer token header for the given claims (default lifetime 1 h; a negative expiry makes it expired). */
export async function authHeader(claims: TokenClaims, expiresIn: string | number = '1h'): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await TEST_TOKENS.sign(claims, expiresIn)}` };
}

/** Production defaults, with budgets no test run can exhaust unless a test lowers them. */
export const TEST_SETTINGS: HttpSettings = {
  ...loadConfig({}).http,
  rateLimit: { perToken: 1_000_000, perIp: 1_000_000, windowSeconds: 60 },
};

/** Production default unless a test sets its own (e.g. a short one to see a statement cancelled). */
export const TEST_STATEMENT_TIMEOUT_MS = loadConfig({}).statementTimeoutMs;

/** The checkpoint signing key of every test server in this process. */
export const TEST_SIGNER = AuditSigner.generate();

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[] };
  /** SQL statements the server issued for this request. */
  statements: number;
}

export interface TestApi {
  url: string;
  /** The test's own database, for CLI tools run against it. */
  databaseUrl: string;
  db: DataSource;
  server: ApiServer;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * A real API server on a free port over its own database, cloned from the
 * migrated and seeded template: tests in different files never share state.
 */
export async function startTestApi(
  settings: Partial<HttpSettings> = {},
  options: { statementTimeoutMs?: number; poolSize?: number } = {},
): Promise<TestApi> {
  logger.level = 'silent';
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const api = await startServerOn(databaseUrl(name), settings, options);
  return {
    ...api,
    async close() {
      await api.close();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * Another API server over an existing database, with its own pool and its own chain writer, as a
 * second process would have. Closing it leaves the database.
 */
export async function startServerOn(
  url: string,
  settings: Partial<HttpSettings> = {},
  options: { statementTimeoutMs?: number; poolSize?: number } = {},
): Promise<TestApi> {
  const db = createDataSource({
    url,
    poolSize: options.poolSize ?? 20,
    statementTimeoutMs: options.statementTimeoutMs ?? TEST_STATEMENT_TIMEOUT_MS,
  });
  await db.initialize();
  const server = await startApiServer({
    db,
    host: '127.0.0.1',
    port: 0,
    settings: { ...TEST_SETTINGS, ...settings },
    tokens: TEST_TOKENS,
    signer: TEST_SIGNER,
  });
  return {
    url: server.url,
    databaseUrl: url,
    db,
    server,
    graphql: (query, variables, headers) => postGraphql(server.url, query, variables, headers),
    async close() {
      await server.stop();
      await db.destroy();
    },
  };
}

/** Sends one operation to a GraphQL endpoint as a JSON POST. */
export async function postGraphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse['body'],
    statements: Number(response.headers.get('x-sql-statements')),
  };
}

/** Fails with the server's errors when a response that should succeed does not. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.body.errors)}`);
  return response.body.data as T;
}

/**
 * The test API of one file: started before its tests (before the file's own beforeAll
 * hooks, which are declared later) and closed after them. Read it inside tests and hooks.
 */
export function useTestApi(settings: Partial<HttpSettings> = {}): TestApi {
  let started: TestApi | undefined;
  beforeAll(async () => {
    started = await startTestApi(settings);
  });
  afterAll(() => started?.close());
  const current = (): TestApi => {
    if (!started) throw new Error('The test API starts in beforeAll: use it inside a test or a hook');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get databaseUrl() {
      return current().databaseUrl;
    },
    get db() {
      return current().db;
    },
    get server() {
      return current().server;
    },
    graphql: (query, variables, headers) => current().graphql(query, variables, headers),
    close: () => current().close(),
  };
}
