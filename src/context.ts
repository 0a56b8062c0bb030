import { randomUUID } from 'node:crypto';
import { StatementTally } from './database/statement-counter';
import { Caller, PUBLIC_CALLER } from './modules/auth/caller';
import type { Services } from './services';
import { LoaderRegistry } from './shared/loader-registry';

export interface Context {
  requestId: string;
  caller: Caller;
  services: Services;
  /** Fresh for every request: batches and caches never leak between callers. */
  loaders: LoaderRegistry;
  statements: StatementTally;
}

export function createContext(services: Services, caller: Caller = PUBLIC_CALLER, requestId: string = randomUUID(), statements = new StatementTally()): Context {
  return { requestId, caller, services, loaders: new LoaderRegistry(), statements };
}
