import { randomUUID } from 'node:crypto';
import { RequestTrace } from './database/request-trace';
import { Caller, PUBLIC_CALLER } from './modules/auth/caller';
import type { Services } from './services';
import { LoaderRegistry } from './shared/loader-registry';

export interface Context {
  caller: Caller;
  services: Services;
  /** Fresh for every request (and every subscription event): batches and caches never leak between callers. */
  readonly loaders: LoaderRegistry;
  /** Request id and SQL statement count, for logs, metrics and the x-sql-statements header. */
  trace: RequestTrace;
  /**
   * A subscription's one context serves its events one after another: each event calls
   * this first, so it reads through fresh loaders and never an earlier event's cache.
   */
  startEvent(): void;
}

export function createContext(services: Services, caller: Caller = PUBLIC_CALLER, trace = new RequestTrace(randomUUID())): Context {
  let loaders = new LoaderRegistry();
  return {
    caller,
    services,
    trace,
    get loaders() {
      return loaders;
    },
    startEvent() {
      loaders = new LoaderRegistry();
    },
  };
}
