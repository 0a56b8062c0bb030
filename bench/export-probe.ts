import http from 'node:http';
import type { BenchServer } from './servers';

export interface ExportFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  megabytes: number;
  peakRssMb: number;
  /** Peak RSS during the export minus the RSS just before it. */
  rssGrowthMb: number;
  complete: boolean;
}

/**
 * W5: reads the NDJSON export for at most `seconds` (or to its end), counting
 * lines, while sampling the server's RSS: events/s, and the memory it took.
 * node:http and Buffer.indexOf keep the reader cheaper than any server it reads.
 */
export async function probeExport(
  server: BenchServer,
  path: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<ExportFigures> {
  const started = performance.now();
  const startRss = (await server.memory()).rss;
  let peak = startRss;
  const sampler = setInterval(() => {
    server.memory().then(
      (m) => (peak = Math.max(peak, m.rss)),
      () => {},
    );
  }, 100);
  let events = 0;
  let bytes = 0;
  let stopped = false;
  const complete = await new Promise<boolean>((resolve, reject) => {
    const request = http.get(`${server.url}${path}`, { headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`export answered ${response.statusCode}`));
        return;
      }
      const timer = setTimeout(() => {
        stopped = true;
        request.destroy();
        resolve(false);
      }, seconds * 1000);
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) events += 1;
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    request.on('error', (error) => (stopped ? resolve(false) : reject(error)));
  }).finally(() => clearInterval(sampler));
  const elapsed = (performance.now() - started) / 1000;
  peak = Math.max(peak, (await server.memory()).rss);
  return {
    events,
    seconds: elapsed,
    eventsPerSecond: events / elapsed,
    megabytes: bytes / 1e6,
    peakRssMb: peak / 1e6,
    rssGrowthMb: (peak - startRss) / 1e6,
    complete,
  };
}
