import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'typeorm';
import { logger } from '../shared/logger';

/** SQL statements issued on behalf of one request; read by tests and metrics. */
export class StatementTally {
  count = 0;
  readonly statements: string[] = [];
}

export const statementScope = new AsyncLocalStorage<StatementTally>();

/** Counts every statement TypeORM sends, attributing it to the request that caused it. */
export class CountingLogger implements Logger {
  logQuery(query: string): void {
    const tally = statementScope.getStore();
    if (!tally) return;
    tally.count += 1;
    if (tally.statements.length < 200) tally.statements.push(query);
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
