import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { Role } from '../modules/auth/caller';
import { TokenClaims, TokenVerifier } from '../modules/auth/token-verifier';
import { logger } from '../shared/logger';

const USAGE =
  'usage: npm run --silent token -- --role PARTNER|AUDITOR|ADMIN [--country IN] [--sub alice@example.gov] [--expires 8h, at most AUTH_MAX_TOKEN_HOURS (24 h by default)]';

/** `npm run token`: prints a bearer token signed with the server's configured secret; never creates one. */
async function printToken(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, country: { type: 'string' }, sub: { type: 'string' }, expires: { type: 'string', default: '8h' } },
  });
  const role = values.role?.toUpperCase();
  if (role !== Role.PARTNER && role !== Role.AUDITOR && role !== Role.ADMIN)
    throw new Error(`--role must be PARTNER, AUDITOR or ADMIN\n${USAGE}`);
  const country = values.country?.toUpperCase();
  if (role === Role.PARTNER && !/^[A-Z]{2}$/.test(country ?? ''))
    throw new Error(`a PARTNER token needs --country with an ISO code\n${USAGE}`);
  const config = loadConfig();
  // Only the token goes to stdout, so `$(npm run --silent token ...)` captures it alone.
  logger.level = 'error';
  const tokens = new TokenVerifier(TokenVerifier.existingKeysFor(config.auth, config.local, config.dataDir));
  const claims: TokenClaims = {
    sub: values.sub ?? `${role.toLowerCase()}@localhost`,
    role,
    country: role === Role.PARTNER ? country : null,
  };
  process.stdout.write(`${await tokens.sign(claims, values.expires)}\n`);
}

printToken().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
