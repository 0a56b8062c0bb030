import fs from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench-run';

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const ratio = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(2)}×`);

const SERVER_NAMES: Record<string, string> = { api: 'API', postgraphile: 'PostGraphile', floor: 'floor' };

/** The results as markdown: the verify step, the summary (medians over rounds), one table of runs per workload, then the export. */
export function renderMarkdown(results: BenchResults): string {
  const parts = [
    `# Benchmark ${results.startedAt}`,
    '',
    `Scale ${results.scale} (${Object.entries(results.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}); ${results.rounds} rounds of ${results.durationSeconds} s per run, alternating which server goes first, ` +
      `after ${results.warmUp} of unrecorded warm-up on each server before each workload; ` +
      `Node ${results.machine.node}, ${results.machine.cpus} CPUs, ${results.machine.platform}. ` +
      'The API runs its compiled build (`node dist/src/main.js`); PostGraphile 5 (amber preset) and the floor run over the same database. ' +
      'Ratios are taken within a round, on the ok column, then their median across rounds: API ÷ PostGraphile (above 1.00× the API is faster) and ÷ floor (hand-written SQL). ' +
      'RSS in MiB: idle = just before the run, peak = highest during it. ' +
      '* = fewer responses than connections fitted in the time window, so that run was bounded by count instead (four requests per connection).',
    '',
    `Idle RSS after start-up: ${results.idle.map((i) => `${SERVER_NAMES[i.target]} ${i.rssMiB.toFixed(0)} MiB`).join(', ')}.`,
    '',
    '## Verify: API and PostGraphile, same rows in the same order',
    '',
    table(
      ['workload', 'request', 'rows compared', 'equal'],
      results.verified.map((v) => [v.workload, v.what, v.rows, v.equal ? 'yes' : 'NO']),
    ),
    '',
    '## Summary: medians over rounds',
    '',
    table(
      ['workload', 'conns', 'server', 'ok req/s', 'p50 ms', 'SQL/req', 'idle RSS', 'peak RSS', 'API ÷ PostGraphile', '÷ floor'],
      results.summary.map((r) => [
        r.workload,
        r.connections,
        SERVER_NAMES[r.target],
        r.okPerSecond,
        r.p50Ms,
        r.sqlPerRequest,
        r.idleRssMiB.toFixed(0),
        r.peakRssMiB.toFixed(0),
        ratio(r.ratioToPostGraphile),
        ratio(r.ratioToFloor),
      ]),
    ),
  ];
  for (const workload of results.workloads) {
    const ok = workload.id === 'W4' ? 'accepted/s' : 'ok req/s';
    parts.push(
      '',
      `## ${workload.id} ${workload.name}`,
      '',
      table(
        [
          'round',
          'server',
          'conns',
          'req/s',
          ok,
          'p50 ms',
          'p99 ms',
          'SQL/req',
          'failed',
          'idle RSS',
          'peak RSS',
          'API ÷ PostGraphile',
          '÷ floor',
        ],
        workload.runs.map((r) => [
          r.round,
          SERVER_NAMES[r.target],
          `${r.connections}${r.countBounded ? '*' : ''}`,
          r.requestsPerSecond,
          r.okPerSecond,
          r.p50Ms,
          r.p99Ms,
          r.sqlPerRequest,
          r.failed,
          r.idleRssMiB.toFixed(0),
          r.peakRssMiB.toFixed(0),
          ratio(r.ratioToPostGraphile),
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
        SERVER_NAMES[r.target],
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
