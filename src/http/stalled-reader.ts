import type { ServerResponse } from 'node:http';

/**
 * Cuts off a client that stops reading: once the response has waited `timeoutMs` for the
 * client to take what it was sent, it is destroyed, which ends the stream feeding it and frees
 * whatever that stream holds (a database connection). Time spent producing (a slow query)
 * does not count, only time spent waiting on the client. Returns a function that stops watching.
 */
export function cutOffStalledReader(response: ServerResponse, timeoutMs: number, onCutOff: () => void): () => void {
  let waitingSince: number | undefined;
  const progressed = () => (waitingSince = undefined);
  const check = () => {
    if (!response.writableNeedDrain) return progressed();
    waitingSince ??= Date.now();
    if (Date.now() - waitingSince < timeoutMs) return;
    stop();
    onCutOff();
    response.destroy();
  };
  // Polled rather than timed per write: a timer per chunk would cost more than the chunk.
  const timer = setInterval(check, Math.max(10, Math.min(1000, timeoutMs / 4))).unref();
  response.on('drain', progressed);
  const stop = () => {
    clearInterval(timer);
    response.off('drain', progressed);
  };
  response.once('close', stop);
  return stop;
}
