import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Context } from '../context';
import type { ChainWriter } from '../modules/audit/chain-writer';
import type { StatusFeed } from '../modules/live/status-feed';
import { ErrorCode, HTTP_STATUS } from '../shared/errors';
import type { AnsweredRequest } from './planned-reads';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Operation names come from clients: keep them short and plain in logs. */
export function operationLabel(name: string | null | undefined): string {
  return name ? name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64) : 'anonymous';
}

/**
 * Series are kept for the life of the process, so an operation gets a label of
 * its own only when its name is in the configured set; any other name is
 * `other`. Whatever clients send, there are at most names + 2 operation labels.
 */
export function metricsOperationLabel(known: ReadonlySet<string>, name: string | null | undefined): string {
  if (!name) return 'anonymous';
  return known.has(name) ? name : 'other';
}

/** The server's Prometheus metrics, in a registry of its own (several servers can share a process in tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly statements = new Histogram({
    name: 'sql_statements_per_request',
    help: 'SQL statements issued for one GraphQL request',
    buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200],
    registers: [this.registry],
  });

  readonly plannedReads = new Counter({
    name: 'graphql_planned_reads_total',
    help: "GraphQL requests answered by a learned compiled read, without Apollo Server's pipeline (also counted in graphql_requests_total)",
    registers: [this.registry],
  });

  private readonly knownOperations: ReadonlySet<string>;

  readonly writeGroups = new Histogram({
    name: 'write_group_changes',
    help: 'Changes (mutations) committed together by one write group',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  constructor(db: DataSource, operationNames: readonly string[], writer: ChainWriter, statusFeed: Pick<StatusFeed, 'subscribers'>) {
    this.knownOperations = new Set(operationNames);
    collectDefaultMetrics({ register: this.registry });
    writer.onCommitted((changes) => this.writeGroups.observe(changes));
    new Gauge({
      name: 'write_group_waiting',
      help: 'Changes waiting for the next write group',
      registers: [this.registry],
      collect() {
        this.set(writer.waiting);
      },
    });
    new Gauge({
      name: 'status_feed_subscribers',
      help: 'Subscriptions to status changes listening in this process',
      registers: [this.registry],
      collect() {
        this.set(statusFeed.subscribers);
      },
    });
    const pool = (db.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  /** Starts timing one GraphQL request; the function returned records its outcome. */
  startRequest(): (answered: AnsweredRequest) => void {
    const stopTimer = this.duration.startTimer();
    return ({ context, operationName, errors, planned }) => {
      const operation = metricsOperationLabel(this.knownOperations, operationName);
      if (planned) this.plannedReads.inc();
      stopTimer({ operation });
      this.requests.inc({ operation, outcome: errors?.length ? 'error' : 'ok' });
      for (const error of errors ?? []) this.errors.inc({ code: String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR) });
      this.statements.observe(context.trace.statementCount);
    };
  }

  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => {
        const record = this.startRequest();
        return {
          async willSendResponse({ contextValue, operationName, errors, response }) {
            record({ context: contextValue, operationName, errors, status: response.http.status ?? 200 });
          },
        };
      },
    };
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics. With a token, only `Authorization: Bearer <token>` is answered,
 * compared in constant time; without one (local use), anyone may read them.
 */
export function metricsHandler(metrics: Metrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  return async (req, res) => {
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      res.status(HTTP_STATUS[ErrorCode.UNAUTHENTICATED]).setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.json({
        errors: [{ message: 'Metrics need Authorization: Bearer <METRICS_TOKEN>', extensions: { code: ErrorCode.UNAUTHENTICATED } }],
      });
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
