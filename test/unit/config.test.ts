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

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ SEED: 'maybe' }, /SEED/],
  ])('refuses %p, naming the variable', (environment, name) => {
    expect(() => loadConfig(environment)).toThrow(name);
  });
});
