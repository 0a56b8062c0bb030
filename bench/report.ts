import fs from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench-run';

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const ratio = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(2)}×`);

/** The results as markdown: one table per workload, then the export. */
export function renderMarkdown(results: BenchResults): string {
  const parts = [
    `# Benchmark ${results.startedAt}`,
    '',
    `Scale ${results.scale} (${Object.entries(results.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}); ${results.durationSeconds} s per run; ` +
      `Node ${results.machine.node}, ${results.machine.cpus} CPUs, ${results.machine.platform}. ` +
      'Ratio = API ÷ floor on the ok column (1.00× would be as fast as hand-written SQL). ' +
      '* = fewer responses than connections fitted in the time window, so that run was bounded by count instead (four requests per connection).',
  ];
  for (const workload of results.workloads) {
    const ok = workload.id === 'W4' ? 'accepted/s' : 'ok req/s';
    parts.push(
      '',
      `## ${workload.id} ${workload.name}`,
      '',
      table(
        ['server', 'conns', 'req/s', ok, 'p50 ms', 'p99 ms', 'SQL/req', 'failed', 'RSS MB', 'ratio'],
        workload.runs.map((r) => [
          r.target,
          `${r.connections}${r.countBounded ? '*' : ''}`,
          r.requestsPerSecond,
          r.okPerSecond,
          r.p50Ms,
          r.p99Ms,
          r.sqlPerRequest,
          r.failed,
          r.rssMb,
          ratio(r.ratioToFloor),
        ]),
      ),
    );
  }
  parts.push(
    '',
    `## ${results.export.id} ${results.export.name}`,
    '',
    table(
      ['server', 'events', 'seconds', 'events/s', 'MB', 'peak RSS MB', 'RSS growth MB', 'complete', 'ratio'],
      results.export.runs.map((r) => [
        r.target,
        r.events,
        r.seconds.toFixed(1),
        Math.round(r.eventsPerSecond),
        r.megabytes.toFixed(1),
        r.peakRssMb.toFixed(0),
        r.rssGrowthMb.toFixed(1),
        r.complete ? 'yes' : 'no',
        ratio(r.ratioToFloor),
      ]),
    ),
  );
  return `${parts.join('\n')}\n`;
}

/** Writes <dir>/<timestamp>.json and .md; returns their paths. */
export function writeResults(results: BenchResults, directory: string): { json: string; markdown: string } {
  fs.mkdirSync(directory, { recursive: true });
  const stamp = results.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const json = path.join(directory, `${stamp}.json`);
  const markdown = path.join(directory, `${stamp}.md`);
  fs.writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(markdown, renderMarkdown(results));
  return { json, markdown };
}
