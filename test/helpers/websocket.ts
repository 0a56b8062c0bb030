import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApi } from './test-api';

export interface WebSocketResult {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs one operation over the graphql-ws endpoint that shares /graphql (src/server.ts, useServer). */
export function overWebSocket(api: TestApi, query: string, variables?: Record<string, unknown>): Promise<WebSocketResult> {
  const client = createClient({ url: api.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  return new Promise<WebSocketResult>((resolve, reject) => {
    let last: WebSocketResult = {};
    const timer = setTimeout(() => reject(new Error('no answer over the WebSocket within 10 s')), 10_000);
    const settle = (value: WebSocketResult) => {
      clearTimeout(timer);
      resolve(value);
    };
    client.subscribe(
      { query, variables },
      {
        next: (result) => (last = result as WebSocketResult),
        // A refused operation arrives as an `error` message: a list of GraphQL errors.
        error: (error) => settle({ errors: Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }] }),
        complete: () => settle(last),
      },
    );
  }).finally(() => client.dispose());
}

/**
 * Subscriptions to status changes listening in the API at `url` (its /graphql or ws:// URL), from its
 * /metrics (status_feed_subscribers): a change made before a subscription listens reaches it not.
 */
export async function listeningSubscriptions(url: string, metricsToken?: string): Promise<number> {
  const origin = new URL(url.replace(/^ws/, 'http')).origin;
  const response = await fetch(`${origin}/metrics`, { headers: metricsToken ? { authorization: `Bearer ${metricsToken}` } : {} });
  return Number(/^status_feed_subscribers (\d+)$/m.exec(await response.text())?.[1]);
}
