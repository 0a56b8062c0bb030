import type { BenchServer } from './servers';

export interface ExportFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  megabytes: number;
  peakRssMb: number;
  complete: boolean;
}

/**
 * W5: reads the NDJSON export for at most `seconds` (or to its end), counting
 * lines, while sampling the server's RSS: events/s, and the peak memory it took.
 */
export async function probeExport(server: BenchServer, path: string, headers: Record<string, string>, seconds: number): Promise<ExportFigures> {
  const controller = new AbortController();
  const started = performance.now();
  let peak = (await server.memory()).rss;
  const sampler = setInterval(() => {
    server.memory().then((m) => (peak = Math.max(peak, m.rss)), () => {});
  }, 100);
  const timer = setTimeout(() => controller.abort(), seconds * 1000);
  let events = 0;
  let bytes = 0;
  let complete = false;
  try {
    const response = await fetch(`${server.url}${path}`, { headers, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) events += 1;
    }
    complete = true;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
  }
  const elapsed = (performance.now() - started) / 1000;
  peak = Math.max(peak, (await server.memory()).rss);
  return { events, seconds: elapsed, eventsPerSecond: events / elapsed, megabytes: bytes / 1e6, peakRssMb: peak / 1e6, complete };
}
