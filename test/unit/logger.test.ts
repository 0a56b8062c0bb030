import { QueryFailedError } from 'typeorm';
import { createLogger, MAX_LOGGED_STRING } from '../../src/shared/logger';

/** A logger with the application's settings whose lines are kept here instead of written to stdout. */
function capturing() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

const HUGE = 'lithium '.repeat(200_000);

describe('log lines', () => {
  it('cut every string copied from a request to a few hundred characters', () => {
    const { logger, lines } = capturing();
    logger.info(
      {
        operation: HUGE,
        variables: { filter: { search: HUGE, countryCodes: [HUGE, 'IN'] } },
        query: `{ commitments(filter: { search: "${HUGE}" }) { totalCount } }`,
      },
      'graphql request',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(4 * MAX_LOGGED_STRING + 1_000);
    const line = JSON.parse(lines[0]);
    expect(line.variables.filter.search).toBe(`${HUGE.slice(0, MAX_LOGGED_STRING)}… [${HUGE.length - MAX_LOGGED_STRING} more characters]`);
    expect(line.variables.filter.countryCodes[1]).toBe('IN');
    expect(line.msg).toBe('graphql request');
  });

  it('bound an error that carries the SQL and its parameters, keeping its message and stack', () => {
    const { logger, lines } = capturing();
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const error = new QueryFailedError(
      'SELECT * FROM commitments c WHERE c.search_vector @@ websearch_to_tsquery($1)',
      [HUGE, HUGE, HUGE, HUGE, HUGE],
      driverError,
    );
    logger.error({ err: error, requestId: 'r-1' }, 'unexpected error');
    // Before the cap, such a line was 7.6 MB.
    expect(lines[0].length).toBeLessThan(20_000);
    const line = JSON.parse(lines[0]);
    expect(line.err.message).toMatch(/invalid byte sequence/);
    expect(line.err.stack).toMatch(/QueryFailedError/);
    expect(line.err.parameters[0]).toMatch(/more characters\]$/);
    expect(line.requestId).toBe('r-1');
  });

  it('cut long lists and deep nesting', () => {
    const { logger, lines } = capturing();
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { deep };
    logger.warn({ ids: Array.from({ length: 100_000 }, (_, i) => `id-${i}`), deep }, 'many');
    expect(lines[0].length).toBeLessThan(2_000);
    expect(JSON.parse(lines[0]).ids.at(-1)).toBe('[99980 more items]');
  });

  it('still redact tokens', () => {
    const { logger, lines } = capturing();
    logger.info({ token: 'secret-token', req: { headers: { authorization: 'Bearer secret' } } }, 'x');
    expect(lines[0]).not.toMatch(/secret/);
  });
});
