import net from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApi, TestApi } from '../helpers/test-api';

/**
 * Shutdown of the in-process server, with the event loop's timing pinned down: what the
 * server answers must not depend on how fast it happens to accept under load.
 */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Blocks the event loop, as a busy machine or a burst of heavy requests does. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

/** One raw HTTP/1.1 request on its own socket; resolves with what the server wrote back, or the socket error. */
function rawRequest(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', (error) => resolve(`error: ${error.message}`));
    socket.on('close', () => resolve(received));
  });
}

const HEALTH_REQUEST = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi({ shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
});
afterEach(() => api.close());

describe('stop() on a busy server', () => {
  it('answers connections still queued in the kernel when it began, however long the event loop was blocked', async () => {
    const port = Number(new URL(api.url).port);
    const sockets = Array.from({ length: 10 }, () => net.connect({ host: '127.0.0.1', port }));
    const answers = sockets.map((socket) => rawRequest(socket));
    for (const socket of sockets) socket.write(HEALTH_REQUEST);
    // The connects are issued on the next tick; no I/O phase runs before the loop is blocked,
    // so the server has accepted none of them when it is told to stop.
    await new Promise((resolve) => process.nextTick(resolve));
    const stopped = api.server.stop();
    busyFor(600);
    await stopped;
    for (const answer of await Promise.all(answers)) expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*connection: close/i);
  });

  it('answers a connection accepted before the stop whose request is written only after the listener closed', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(new URL(api.url).port) });
    const answer = rawRequest(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = api.server.stop();
    while (api.server.httpServer.listening) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.write(HEALTH_REQUEST);
    await stopped;
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('ends open subscriptions and returns in time instead of waiting for their WebSockets forever', async () => {
    const client = createClient({ url: api.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const ended = new Promise<string>((resolve) => {
      client.subscribe(
        { query: 'subscription { commitmentStatusChanged { commitment { id } } }' },
        { next: () => undefined, error: () => resolve('error'), complete: () => resolve('complete') },
      );
    });
    await new Promise((resolve) => client.on('connected', resolve));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      api.server.stop().then(() => 'stopped'),
      new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting'), SHUTDOWN_TIMEOUT_MS + 5_000))),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('stopped');
    expect(['error', 'complete']).toContain(await ended);
    await client.dispose();
  }, 30_000);
});

describe('keep-alive', () => {
  it('keeps an idle connection longer than load balancers (60 s) and HTTP clients (4-5 s) do, so they close it first', async () => {
    const response = await fetch(`${new URL(api.url).origin}/healthz`);
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
    expect(api.server.httpServer.headersTimeout).toBeGreaterThan(api.server.httpServer.keepAliveTimeout);
  });
});
