import path from 'node:path';
import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to port 4000 and the embedded database in .data/', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      databaseUrl: undefined,
      dataDir: path.resolve('.data'),
      seedOnStart: true,
      http: { exposeErrorDetails: false, introspection: true },
    });
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

  it('serves the explorer like introspection: in local use, and with DATABASE_URL only when EXPLORER is set', () => {
    expect(loadConfig({}).http.explorer).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).http.explorer).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', EXPLORER: 'true' }).http.explorer).toBe(true);
    expect(loadConfig({ EXPLORER: 'false' }).http.explorer).toBe(false);
  });

  it('serves /metrics openly in local use only; with DATABASE_URL, only behind METRICS_TOKEN', () => {
    const token = 'm'.repeat(32);
    expect(loadConfig({}).http.metrics).toEqual({ served: true, token: undefined });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).http.metrics).toEqual({ served: false, token: undefined });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', METRICS_TOKEN: token }).http.metrics).toEqual({ served: true, token });
    expect(loadConfig({ METRICS_TOKEN: token }).http.metrics).toEqual({ served: true, token });
  });

  it('accepts tokens for 24 hours at most unless AUTH_MAX_TOKEN_HOURS says otherwise', () => {
    expect(loadConfig({}).auth.maxTokenHours).toBe(24);
    expect(loadConfig({ AUTH_MAX_TOKEN_HOURS: '1.5' }).auth.maxTokenHours).toBe(1.5);
  });

  it('reads DATABASE_REPLICA_URLS as a comma-separated list, empty when unset', () => {
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
    const config = loadConfig({
      DATABASE_URL: 'postgres://primary/x',
      DATABASE_REPLICA_URLS: 'postgres://replica-1/x, postgresql://replica-2:5433/x',
    });
    expect(config.databaseReplicaUrls).toEqual(['postgres://replica-1/x', 'postgresql://replica-2:5433/x']);
    expect(Object.isFrozen(config.databaseReplicaUrls)).toBe(true);
  });

  it.each([
    [
      { DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://replica-1/x,not a url' },
      /DATABASE_REPLICA_URLS\.1: must be a postgres:\/\/ URL/,
    ],
    [
      { DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'mysql://replica-1/x' },
      /DATABASE_REPLICA_URLS\.0: must be a postgres:\/\/ URL/,
    ],
    [{ DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://replica-1/x,' }, /DATABASE_REPLICA_URLS\.1/],
    [{ DATABASE_REPLICA_URLS: 'postgres://replica-1/x' }, /DATABASE_REPLICA_URLS: needs DATABASE_URL/],
  ])('refuses replicas %p, naming the variable and the entry', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('labels IntrospectionQuery in metrics unless METRICS_OPERATION_NAMES lists others', () => {
    expect(loadConfig({}).http.metricsOperationNames).toEqual(['IntrospectionQuery']);
    expect(loadConfig({ METRICS_OPERATION_NAMES: ' Dashboard, CountryPage ,' }).http.metricsOperationNames).toEqual([
      'Dashboard',
      'CountryPage',
    ]);
  });

  it.each([
    [{ METRICS_OPERATION_NAMES: 'Dashboard,not-a-name' }, /METRICS_OPERATION_NAMES\.1/],
    [{ METRICS_OPERATION_NAMES: 'x'.repeat(65) }, /METRICS_OPERATION_NAMES\.0/],
    [{ METRICS_OPERATION_NAMES: Array.from({ length: 101 }, (_, i) => `Op${i}`).join(',') }, /METRICS_OPERATION_NAMES/],
  ])('refuses metrics operation names that would not keep the series few and plain: %#', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('bounds each request statement by STATEMENT_TIMEOUT_MS, 5 s unless set; 0 turns it off', () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(5000);
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '250' }).statementTimeoutMs).toBe(250);
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '0' }).statementTimeoutMs).toBe(0);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/STATEMENT_TIMEOUT_MS/);
  });

  it('runs up to 3 write groups at once unless WRITE_GROUPS_IN_FLIGHT says otherwise, from 1 to 8, leaving reads a connection', () => {
    expect(loadConfig({}).writeGroupsInFlight).toBe(3);
    expect(loadConfig({ WRITE_GROUPS_IN_FLIGHT: '1' }).writeGroupsInFlight).toBe(1);
    expect(loadConfig({ WRITE_GROUPS_IN_FLIGHT: '8', DATABASE_POOL_SIZE: '20' }).writeGroupsInFlight).toBe(8);
    for (const value of ['0', '9', '1.5', 'many'])
      expect(() => loadConfig({ WRITE_GROUPS_IN_FLIGHT: value })).toThrow(/WRITE_GROUPS_IN_FLIGHT/);
    // Unset, a small pool keeps one connection for reads; set, it must leave one.
    expect(loadConfig({ DATABASE_POOL_SIZE: '2' }).writeGroupsInFlight).toBe(1);
    expect(loadConfig({ DATABASE_POOL_SIZE: '1' }).writeGroupsInFlight).toBe(1);
    expect(loadConfig({ WRITE_GROUPS_IN_FLIGHT: '1', DATABASE_POOL_SIZE: '1' }).writeGroupsInFlight).toBe(1);
    expect(() => loadConfig({ WRITE_GROUPS_IN_FLIGHT: '2', DATABASE_POOL_SIZE: '1' })).toThrow(/WRITE_GROUPS_IN_FLIGHT/);
    expect(() => loadConfig({ WRITE_GROUPS_IN_FLIGHT: '4', DATABASE_POOL_SIZE: '4' })).toThrow(
      /WRITE_GROUPS_IN_FLIGHT: 4 would take every connection of DATABASE_POOL_SIZE \(4\)/,
    );
  });

  it('commits up to 32 changes per write group unless WRITE_GROUP_SIZE says otherwise, from 1 to 64', () => {
    expect(loadConfig({}).writeGroupSize).toBe(32);
    expect(loadConfig({ WRITE_GROUP_SIZE: '1' }).writeGroupSize).toBe(1);
    expect(loadConfig({ WRITE_GROUP_SIZE: '64' }).writeGroupSize).toBe(64);
    for (const value of ['0', '65', '2.5', 'many']) expect(() => loadConfig({ WRITE_GROUP_SIZE: value })).toThrow(/WRITE_GROUP_SIZE/);
  });

  it('caps evidence uploads at 10 MiB unless EVIDENCE_MAX_BYTES says otherwise, and at most 500 MiB', () => {
    expect(loadConfig({}).http.evidence).toEqual({ maxBytes: 10 * 1024 * 1024 });
    expect(loadConfig({ EVIDENCE_MAX_BYTES: '2048' }).http.evidence).toEqual({ maxBytes: 2048 });
    expect(() => loadConfig({ EVIDENCE_MAX_BYTES: String(501 * 1024 * 1024) })).toThrow(/EVIDENCE_MAX_BYTES/);
    expect(() => loadConfig({ EVIDENCE_MAX_BYTES: '0' })).toThrow(/EVIDENCE_MAX_BYTES/);
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
    [{ EXPLORER: 'yes' }, /EXPLORER/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN: must be at least 32 characters/],
    [{ AUTH_MAX_TOKEN_HOURS: '0' }, /AUTH_MAX_TOKEN_HOURS/],
    [{ AUTH_MAX_TOKEN_HOURS: 'a day' }, /AUTH_MAX_TOKEN_HOURS/],
  ])('refuses %p, naming the variable', (environment, name) => {
    expect(() => loadConfig(environment)).toThrow(name);
  });
});
