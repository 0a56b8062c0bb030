#!/usr/bin/env node
// Re-verifies an audit export (NDJSON from GET /export/audit.ndjson) offline, with nothing
// but Node.js: every event must follow the previous one, link to its hash, and hash to
// what it says. Usage: node verify-audit-export.mjs [--filtered] [audit.ndjson]  (default: stdin)
// --filtered: the export was filtered, so sequences may skip; each event is still checked
// against its own content, and consecutive ones against each other.
// Exits 0 when the chain holds, 1 at the first broken sequence.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const canonical = (v) =>
  v === null || v === undefined
    ? 'null'
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : typeof v === 'object'
        ? `{${Object.keys(v)
            .filter((k) => v[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
            .join(',')}}`
        : JSON.stringify(v);

let previous = null;
let count = 0;
const args = process.argv.slice(2);
const filtered = args.includes('--filtered');
const file = args.find((arg) => arg !== '--filtered');
const input = file ? createReadStream(file) : process.stdin;
for await (const line of createInterface({ input, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const { prevHash, hash, ...event } = JSON.parse(line);
  // The first event's link points before the export; every later one must follow on.
  const consecutive = previous === null || event.sequence === previous.sequence + 1;
  const linked = previous === null || (consecutive ? prevHash === previous.hash : filtered && event.sequence > previous.sequence);
  const recomputed = createHash('sha256')
    .update(`${prevHash}\n${canonical(event)}`)
    .digest('hex');
  if (!linked || recomputed !== hash) {
    process.stderr.write(
      `broken at sequence ${event.sequence}${linked ? ': hash does not match its content' : ': does not link to the previous event'}\n`,
    );
    process.exit(1);
  }
  previous = { sequence: event.sequence, hash };
  count += 1;
}
process.stdout.write(`ok: ${count} events, head ${previous?.sequence ?? 0} ${previous?.hash ?? ''}\n`);
