import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { AuditSigner } from '../../src/modules/audit/audit-signer';
import { TokenVerifier } from '../../src/modules/auth/token-verifier';

/**
 * The README's Docker route must start as written: the environment docker-compose.yml gives
 * the API, with the variables the README's command sets, passes every check start-up makes
 * with DATABASE_URL (src/main.ts). No Docker needed: the files are read as text.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const COMPOSE = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

/** What the commands the README uses would print, made with Node so the test needs no openssl. */
const GENERATORS: Record<string, () => string> = {
  'openssl rand -hex 32': () => randomBytes(32).toString('hex'),
  'openssl genpkey -algorithm ed25519': () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

/** `services.<service>.environment` of a compose file, in the block-mapping form this one uses. */
function composeEnvironment(yaml: string, service: string): Record<string, string> {
  const lines = yaml.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const indent = (line: string) => line.length - line.trimStart().length;
  const start = lines.findIndex((line, i) => line.trim() === `${service}:` && lines.slice(0, i).some((l) => l.trim() === 'services:'));
  const environment = lines.findIndex((line, i) => i > start && line.trim() === 'environment:');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(environment).toBeGreaterThan(start);
  const entries: Record<string, string> = {};
  for (const line of lines.slice(environment + 1)) {
    if (indent(line) <= indent(lines[environment])) break;
    const match = /^\s*([A-Z_][A-Z0-9_]*):\s*(.*)$/.exec(line);
    if (!match) throw new Error(`not a KEY: value line in ${service}.environment: ${line}`);
    entries[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return entries;
}

/** The variables the README's `docker compose up` command sets, with values its commands would give. */
function readmeComposeCommand(): Record<string, string> {
  const command = README.split('\n').find((line) => line.includes('docker compose up'));
  expect(command).toBeDefined();
  const values: Record<string, string> = {};
  for (const [, name, quoted] of command!.matchAll(/([A-Z_][A-Z0-9_]*)="?\$\(([^)]*)\)"?/g)) {
    const generate = GENERATORS[quoted];
    if (!generate) throw new Error(`the README's Docker command runs "${quoted}", which this test cannot reproduce; add it to GENERATORS`);
    values[name] = generate();
  }
  return values;
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (_whole, name, colon, kind, word) => {
    const set = shell[name] !== undefined && (colon !== ':' || shell[name] !== '');
    if (set) return shell[name];
    if (kind === '?') throw new Error(`docker compose refuses to start: ${name}: ${word}`);
    return kind === '-' ? word : '';
  });
}

describe('docker-compose.yml with the README command', () => {
  let shell: Record<string, string>;
  let environment: Record<string, string>;
  beforeAll(() => {
    shell = readmeComposeCommand();
    environment = Object.fromEntries(
      Object.entries(composeEnvironment(COMPOSE, 'api')).map(([name, value]) => [name, interpolate(value, shell)]),
    );
  });

  it('gives the API a DATABASE_URL, so it runs without the embedded PostgreSQL', () => {
    expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(loadConfig(environment).local).toBe(false);
  });

  it('provides every variable start-up requires with DATABASE_URL: a token secret and the audit signing key', () => {
    const config = loadConfig(environment);
    // Nothing is generated with DATABASE_URL set, so no data dir is written to.
    const unused = path.join(os.tmpdir(), 'never-created');
    expect(() => new TokenVerifier(TokenVerifier.keysFor(config.auth, config.local, unused))).not.toThrow();
    expect(() => AuditSigner.fromConfig(config.auditSigningKey, config.local, unused)).not.toThrow();
    expect(fs.existsSync(unused)).toBe(false);
  });

  it('requires them in the compose file itself, so `up` fails at once rather than in a restart loop', () => {
    for (const name of ['AUTH_SECRET', 'AUDIT_SIGNING_KEY']) {
      expect(Object.keys(shell)).toContain(name);
      expect(() => interpolate(composeEnvironment(COMPOSE, 'api')[name], {})).toThrow(`docker compose refuses to start: ${name}`);
    }
  });
});
