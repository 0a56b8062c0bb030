import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'typeorm';
import { logger } from '../shared/logger';

/** What one request did: its id (in logs and masked errors) and the SQL statements it caused. */
export class RequestTrace {
  statementCount = 0;
  readonly statements: string[] = [];
  /** Set once the request is known to write: from then on its reads must see that write (see replica-reads.ts). */
  readFromPrimary = false;
  constructor(readonly requestId: string) {}
}

/** The trace of the request being served, wherever the code runs on its behalf. */
export const requestScope = new AsyncLocalStorage<RequestTrace>();

/** Counts every statement TypeORM sends, attributing it to the request that caused it. */
export class CountingLogger implements Logger {
  logQuery(query: string): void {
    const trace = requestScope.getStore();
    if (!trace) return;
    trace.statementCount += 1;
    if (trace.statements.length < 200) trace.statements.push(query);
  }
  logQueryError(error: string | Error, query: string): void {
    logger.debug({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    logger.warn({ durationMs: time, query: query.slice(0, 500) }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    logger.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn({ message }, 'typeorm');
  }
}
