import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_WRITE_GROUP_SIZE,
  DEFAULT_WRITE_GROUPS_IN_FLIGHT,
  MAX_WRITE_GROUP_SIZE,
  MAX_WRITE_GROUPS_IN_FLIGHT,
} from './modules/audit/chain-writer';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Operation names worth a metrics label of their own: GraphQL names, few enough to keep the series bounded. */
const operationNameList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .pipe(z.array(z.string().regex(/^[_A-Za-z][_0-9A-Za-z]{0,63}$/, 'must be a GraphQL operation name of at most 64 characters')).max(100));

/** Comma-separated; an error names the entry (DATABASE_REPLICA_URLS.1 is the second). */
const postgresUrlList = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()))
  .pipe(z.array(z.string().refine(isPostgresUrl, 'must be a postgres:// URL')));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_REPLICA_URLS: postgresUrlList.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  WRITE_GROUP_SIZE: z.coerce.number().int().min(1).max(MAX_WRITE_GROUP_SIZE).default(DEFAULT_WRITE_GROUP_SIZE),
  WRITE_GROUPS_IN_FLIGHT: z.coerce.number().int().min(1).max(MAX_WRITE_GROUPS_IN_FLIGHT).optional(),
  SEED: booleanFlag.default(true),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_MAX_TOKEN_HOURS: z.coerce.number().positive().default(24),
  AUDIT_SIGNING_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
  INTROSPECTION: booleanFlag.optional(),
  EXPLORER: booleanFlag.optional(),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(10_000),
  LARGE_QUERY_COST: z.coerce.number().int().min(1).default(1_000),
  LARGE_QUERY_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(2),
  MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
  MAX_TOKENS: z.coerce.number().int().min(1).default(5_000),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(100).default(100_000),
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).default(10),
  METRICS_OPERATION_NAMES: operationNameList.default(['IntrospectionQuery']),
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  READINESS_TIMEOUT_MS: z.coerce.number().int().min(1).default(2_000),
  EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  EXPORT_WRITE_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  // Uploads are held in memory while hashed, and stored as one bytea (Postgres caps a value at 1 GB).
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(500 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** How the HTTP layer protects itself; see README "Configuration". */
export type HttpSettings = Readonly<{
  /** Internals (stack traces, raw messages) reach clients only when NODE_ENV=development is set explicitly. */
  exposeErrorDetails: boolean;
  introspection: boolean;
  /** GraphiQL at `/`. */
  explorer: boolean;
  /** `/metrics`: off, open (local use only, by default), or behind a bearer token. */
  metrics: Readonly<{ served: boolean; token?: string }>;
  limits: Readonly<{
    depth: number;
    cost: number;
    /** Operations estimated at this cost or more are large: at most `largeConcurrency` of them execute at once, the rest wait. */
    largeCost: number;
    largeConcurrency: number;
    aliases: number;
    rootFields: number;
    tokens: number;
    documentBytes: number;
    batchSize: number;
  }>;
  rateLimit: Readonly<{ perToken: number; perIp: number; windowSeconds: number }>;
  /** Operation names that metrics label by name; any other is `other`, so clients cannot grow the series. */
  metricsOperationNames: readonly string[];
  /**
   * Queries the planner can express run as one SQL statement that builds the response
   * (src/planner); false runs every operation through the resolvers (the equivalence test compares both).
   */
  compiledReads: boolean;
  shutdownTimeoutMs: number;
  /** How long /readyz waits for a pooled connection and the database's answer before it says 503. */
  readinessTimeoutMs: number;
  /** Audit exports run on connections of their own, never the request pool. */
  exports: Readonly<{
    /** Exports running at once per process; more get 429. */
    concurrency: number;
    /** A client that takes nothing for this long while the export waits on it is cut off. */
    writeTimeoutMs: number;
  }>;
  /** Evidence uploads (POST /evidence). */
  evidence: Readonly<{
    /** Largest file accepted, in bytes; a larger one gets 413 UPLOAD_TOO_LARGE and nothing is stored. */
    maxBytes: number;
  }>;
}>;

export type Config = Readonly<{
  host: string;
  port: number;
  /** Absent means: start the embedded PostgreSQL inside `dataDir`. */
  databaseUrl?: string;
  /** Read-only copies of `databaseUrl` that serve queries; empty means everything reads the primary. */
  databaseReplicaUrls: readonly string[];
  dataDir: string;
  embeddedPostgresPort: number;
  databasePoolSize: number;
  /** Postgres statement_timeout of the request pool, in ms; 0 means none. Exports and migrations are not bound by it. */
  statementTimeoutMs: number;
  /** Most changes (mutations) that commit together in one transaction; 1 commits each alone. */
  writeGroupSize: number;
  /** Most write groups of status changes open at once, each on a connection of the pool. */
  writeGroupsInFlight: number;
  seedOnStart: boolean;
  logLevel: string;
  auth: Readonly<{
    /** HS256 shared secret. */
    secret?: string;
    /** Key set for RS256/ES256 tokens. */
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    /** Longest lifetime (exp − iat) of a token that is accepted. */
    maxTokenHours: number;
  }>;
  /** Ed25519 private key (PEM) that signs audit checkpoints. */
  auditSigningKey?: string;
  http: HttpSettings;
  /** Local use: the embedded database, where a development signing secret may be generated. */
  local: boolean;
}>;

/** Reads and validates the environment; a wrong value names the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= in a compose file or shell) means "not set".
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URLS && !e.DATABASE_URL) {
    throw new Error('Invalid configuration: DATABASE_REPLICA_URLS: needs DATABASE_URL (the primary the replicas copy)');
  }
  if (e.WRITE_GROUPS_IN_FLIGHT !== undefined && e.WRITE_GROUPS_IN_FLIGHT > 1 && e.WRITE_GROUPS_IN_FLIGHT >= e.DATABASE_POOL_SIZE) {
    throw new Error(
      `Invalid configuration: WRITE_GROUPS_IN_FLIGHT: ${e.WRITE_GROUPS_IN_FLIGHT} would take every connection of DATABASE_POOL_SIZE (${e.DATABASE_POOL_SIZE}) and leave none for reads: set it below the pool size`,
    );
  }
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrls: Object.freeze(e.DATABASE_REPLICA_URLS ?? []),
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPostgresPort: e.EMBEDDED_PG_PORT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    writeGroupSize: e.WRITE_GROUP_SIZE,
    // Unset, it leaves reads at least one connection of a small pool.
    writeGroupsInFlight: e.WRITE_GROUPS_IN_FLIGHT ?? Math.max(1, Math.min(DEFAULT_WRITE_GROUPS_IN_FLIGHT, e.DATABASE_POOL_SIZE - 1)),
    seedOnStart: e.SEED,
    logLevel: e.LOG_LEVEL,
    auth: Object.freeze({
      secret: e.AUTH_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      maxTokenHours: e.AUTH_MAX_TOKEN_HOURS,
    }),
    auditSigningKey: e.AUDIT_SIGNING_KEY,
    local: e.DATABASE_URL === undefined,
    http: Object.freeze({
      exposeErrorDetails: e.NODE_ENV === 'development',
      // On for local use, off where a real database is configured, unless set.
      introspection: e.INTROSPECTION ?? e.DATABASE_URL === undefined,
      explorer: e.EXPLORER ?? e.DATABASE_URL === undefined,
      // Without a token, metrics are served only in local use: they describe the traffic of everyone.
      metrics: Object.freeze({ served: e.METRICS_TOKEN !== undefined || e.DATABASE_URL === undefined, token: e.METRICS_TOKEN }),
      limits: Object.freeze({
        depth: e.MAX_QUERY_DEPTH,
        cost: e.MAX_QUERY_COST,
        largeCost: e.LARGE_QUERY_COST,
        largeConcurrency: e.LARGE_QUERY_CONCURRENCY,
        aliases: e.MAX_ALIASES,
        rootFields: e.MAX_ROOT_FIELDS,
        tokens: e.MAX_TOKENS,
        documentBytes: e.MAX_DOCUMENT_BYTES,
        batchSize: e.MAX_BATCH_SIZE,
      }),
      rateLimit: Object.freeze({
        perToken: e.RATE_LIMIT_PER_TOKEN,
        perIp: e.RATE_LIMIT_PER_IP,
        windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      }),
      metricsOperationNames: Object.freeze(e.METRICS_OPERATION_NAMES),
      compiledReads: true,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      readinessTimeoutMs: e.READINESS_TIMEOUT_MS,
      exports: Object.freeze({ concurrency: e.EXPORT_CONCURRENCY, writeTimeoutMs: e.EXPORT_WRITE_TIMEOUT_MS }),
      evidence: Object.freeze({ maxBytes: e.EVIDENCE_MAX_BYTES }),
    }),
  });
}
