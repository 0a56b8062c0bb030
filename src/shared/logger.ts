import pino from 'pino';

/** The one structured logger; JSON lines on stdout. */
export const logger = pino({
  level: 'info',
  base: { service: 'critical-minerals-api' },
  redact: ['req.headers.authorization', '*.authorization', 'token'],
});
