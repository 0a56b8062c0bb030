import path from 'node:path';
import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to port 4000 and the embedded database in .data/', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, dataDir: path.resolve('.data'), seedOnStart: true, http: { exposeErrorDetails: false, introspection: true } });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ port: 4000, databaseUrl: undefined });
  });

  it('shows error details only with NODE_ENV=development set explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).http.exposeErrorDetails).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).http.exposeErrorDetails).toBe(false);
  });

  it('turns introspection off where a real database is configured, unless enabled', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).http.introspection).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', INTROSPECTION: 'true' }).http.introspection).toBe(true);
    expect(loadConfig({ INTROSPECTION: 'false' }).http.introspection).toBe(false);
  });

  it('reads DATABASE_REPLICA_URLS as a comma-separated list, empty when unset', () => {
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
    const config = loadConfig({ DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://replica-1/x, postgresql://replica-2:5433/x' });
    expect(config.databaseReplicaUrls).toEqual(['postgres://replica-1/x', 'postgresql://replica-2:5433/x']);
    expect(Object.isFrozen(config.databaseReplicaUrls)).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://replica-1/x,not a url' }, /DATABASE_REPLICA_URLS\.1: must be a postgres:\/\/ URL/],
    [{ DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'mysql://replica-1/x' }, /DATABASE_REPLICA_URLS\.0: must be a postgres:\/\/ URL/],
    [{ DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://replica-1/x,' }, /DATABASE_REPLICA_URLS\.1/],
    [{ DATABASE_REPLICA_URLS: 'postgres://replica-1/x' }, /DATABASE_REPLICA_URLS: needs DATABASE_URL/],
  ])('refuses replicas %p, naming the variable and the entry', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('gives exports two connections of their own and a 30 s write timeout, and /readyz 2 s, unless set', () => {
    expect(loadConfig({}).http).toMatchObject({ readinessTimeoutMs: 2_000, exports: { concurrency: 2, writeTimeoutMs: 30_000 } });
    const set = loadConfig({ EXPORT_CONCURRENCY: '5', EXPORT_WRITE_TIMEOUT_MS: '500', READINESS_TIMEOUT_MS: '750' });
    expect(set.http).toMatchObject({ readinessTimeoutMs: 750, exports: { concurrency: 5, writeTimeoutMs: 500 } });
    expect(Object.isFrozen(set.http.exports)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ EXPORT_CONCURRENCY: '0' }, /EXPORT_CONCURRENCY/],
    [{ EXPORT_WRITE_TIMEOUT_MS: 'soon' }, /EXPORT_WRITE_TIMEOUT_MS/],
    [{ READINESS_TIMEOUT_MS: '0' }, /READINESS_TIMEOUT_MS/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ SEED: 'maybe' }, /SEED/],
  ])('refuses %p, naming the variable', (environment, name) => {
    expect(() => loadConfig(environment)).toThrow(name);
  });
});
