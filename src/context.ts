import { randomUUID } from 'node:crypto';
import { RequestTrace } from './database/request-trace';
import { Caller, PUBLIC_CALLER } from './modules/auth/caller';
import type { Services } from './services';
import { LoaderRegistry } from './shared/loader-registry';

export interface Context {
  caller: Caller;
  services: Services;
  /** Fresh for every request: batches and caches never leak between callers. */
  loaders: LoaderRegistry;
  /** Request id and SQL statement count, for logs, metrics and the x-sql-statements header. */
  trace: RequestTrace;
}

export function createContext(services: Services, caller: Caller = PUBLIC_CALLER, trace = new RequestTrace(randomUUID())): Context {
  return { caller, services, loaders: new LoaderRegistry(), trace };
}
