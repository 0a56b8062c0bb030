import pino, { DestinationStream } from 'pino';

/** Longest string a log line copies; values from requests (variables, SQL parameters, names) can be megabytes. */
export const MAX_LOGGED_STRING = 500;
/** A stack trace keeps more: its frames are ours, and the top ones are what a reader needs. */
const MAX_LOGGED_STACK = 4000;
const MAX_LOGGED_ITEMS = 20;
const MAX_LOGGED_DEPTH = 6;

function shortened(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/** A copy of a logged value with every string, array and nesting level cut to a bounded size. */
function bounded(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return shortened(value, key === 'stack' ? MAX_LOGGED_STACK : MAX_LOGGED_STRING);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  // Errors are left to the err serializer below, which bounds what it makes of them.
  if (value instanceof Error && depth === 1) return value;
  if (depth >= MAX_LOGGED_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LOGGED_ITEMS).map((item) => bounded(item, '', depth + 1));
    return value.length > MAX_LOGGED_ITEMS ? [...items, `[${value.length - MAX_LOGGED_ITEMS} more items]`] : items;
  }
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, bounded(inner, name, depth + 1)]));
}

/** The structured logger's settings; JSON lines whose size does not depend on what a client sent. */
export function createLogger(destination?: DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: 'info',
    base: { service: 'critical-minerals-api' },
    redact: ['req.headers.authorization', '*.authorization', 'token'],
    formatters: { log: (object) => bounded(object) as Record<string, unknown> },
    serializers: { err: (error) => bounded(pino.stdSerializers.err(error)) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The one structured logger; JSON lines on stdout. */
export const logger = createLogger();
