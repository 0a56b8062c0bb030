import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, decodeJwt, JWTPayload, jwtVerify, JWTVerifyGetKey, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { ErrorCode, RequestRefusedError } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { Caller, Role } from './caller';

export interface TokenKeys {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Longest lifetime a token may have, in hours: exp − iat, or exp − now when iat is absent or later. */
  maxTokenHours: number;
}

export interface TokenClaims {
  sub: string;
  role: Role.PARTNER | Role.AUDITOR | Role.ADMIN;
  country?: string | null;
}

const TOKEN_ROLES = new Set<string>([Role.PARTNER, Role.AUDITOR, Role.ADMIN]);
/** Distinct tokens whose verification is remembered; more only means verifying again. */
const VERIFIED_TOKENS = 1_000;
const DEV_SECRET_FILE = 'dev-auth-secret';

function unauthenticated(message: string): RequestRefusedError {
  return new RequestRefusedError(ErrorCode.UNAUTHENTICATED, message);
}

/** Verifies bearer tokens (HS256 with a shared secret, or RS256/ES256 from a key set) and turns them into callers. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  /**
   * Tokens already verified with the shared secret, with their expiry: a client sends the same
   * token with every request, and its signature and claims cannot change. What time changes is
   * checked again on every use: expiry exactly as jose checks it (a later `nbf` or lifetime check
   * that passed once passes later too). Tokens from a key set are always verified in full, so a
   * key taken out of the set stops its tokens at once.
   */
  private readonly verified?: LRUCache<string, { caller: Caller; exp: number }>;

  constructor(private readonly keys: TokenKeys) {
    if (keys.jwksUrl) this.key = createRemoteJWKSet(new URL(keys.jwksUrl));
    else if (keys.secret) {
      this.key = new TextEncoder().encode(keys.secret);
      this.verified = new LRUCache({ max: VERIFIED_TOKENS });
    } else throw new Error('Set AUTH_SECRET (HS256) or AUTH_JWKS_URL (RS256/ES256) so tokens can be verified');
  }

  /**
   * The keys from configuration; in local use only, a development secret is
   * generated once into the data dir so tokens can be tried without set-up.
   */
  static keysFor(auth: TokenKeys, local: boolean, dataDir: string): TokenKeys {
    if (auth.secret || auth.jwksUrl) return auth;
    if (!local) throw new Error('Set AUTH_SECRET or AUTH_JWKS_URL: a development secret is generated only with the embedded database');
    const file = path.join(dataDir, DEV_SECRET_FILE);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    }
    logger.warn({ secretFile: file }, 'auth in development mode: tokens are signed with a generated local secret (npm run token)');
    return TokenVerifier.existingKeysFor(auth, local, dataDir);
  }

  /**
   * The keys a server with this configuration uses, never generating any: a token signed with
   * a secret the server does not have would only be refused (401), so finding none is an error.
   */
  static existingKeysFor(auth: TokenKeys, local: boolean, dataDir: string): TokenKeys {
    if (auth.secret || auth.jwksUrl) return auth;
    if (!local) throw new Error('Set AUTH_SECRET or AUTH_JWKS_URL: a development secret is generated only with the embedded database');
    const file = path.join(dataDir, DEV_SECRET_FILE);
    if (!fs.existsSync(file)) {
      throw new Error(
        `No token secret: AUTH_SECRET is not set and there is no generated secret in ${file}. ` +
          'Use the DATA_DIR of the server you want a token for (npm start creates the secret on first start), or set AUTH_SECRET to its secret.',
      );
    }
    return { ...auth, secret: fs.readFileSync(file, 'utf8').trim() };
  }

  /** The caller a bearer token stands for; UNAUTHENTICATED for anything but a valid, current token. */
  async verify(token: string): Promise<Caller> {
    const known = this.verified?.get(token);
    // jose's own test: expired once exp <= now, in whole seconds. An expired token is verified again, to be refused as always.
    if (known && known.exp > Math.floor(Date.now() / 1000)) return { ...known.caller };
    const { caller, exp } = await this.verifyInFull(token);
    this.verified?.set(token, { caller: { ...caller }, exp });
    return caller;
  }

  private async verifyInFull(token: string): Promise<{ caller: Caller; exp: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.keys.jwksUrl ? ['RS256', 'ES256'] : ['HS256'],
        issuer: this.keys.issuer,
        audience: this.keys.audience,
        // A token that never expires would be a password that cannot be revoked.
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthenticated(expired ? 'The token has expired' : 'The token is not valid: bad signature, format or claims');
    }
    this.checkLifetime(payload);
    const { sub, role, country } = payload as JWTPayload & { role?: unknown; country?: unknown };
    if (typeof sub !== 'string' || sub.length === 0) throw unauthenticated('The token has no "sub" claim');
    if (typeof role !== 'string' || !TOKEN_ROLES.has(role))
      throw unauthenticated('The token\'s "role" claim must be PARTNER, AUDITOR or ADMIN');
    if (role === Role.PARTNER && (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country))) {
      throw unauthenticated('A PARTNER token needs a "country" claim with an ISO 3166-1 alpha-2 code');
    }
    // An AUDITOR may carry the country it works for: it then may not assess that country's obligations.
    const auditorCountry = role === Role.AUDITOR && typeof country === 'string' && /^[A-Z]{2}$/.test(country) ? country : null;
    const caller = { sub, role: role as Role, country: role === Role.PARTNER ? (country as string) : auditorCountry };
    // requiredClaims made exp present, and jose refused it unless a number.
    return { caller, exp: payload.exp as number };
  }

  /**
   * A token that lives for years is as good as a password that cannot be revoked.
   * An iat in the future counts as now, so it cannot stretch the lifetime.
   */
  private checkLifetime(payload: JWTPayload): void {
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
    const lifetimeHours = ((payload.exp as number) - issuedAt) / 3600;
    if (lifetimeHours > this.keys.maxTokenHours) {
      throw unauthenticated(
        `The token lives ${Math.ceil(lifetimeHours)} h; this server accepts tokens valid for at most ${this.keys.maxTokenHours} h (AUTH_MAX_TOKEN_HOURS)`,
      );
    }
  }

  /** Parses an Authorization header; no header means the public caller (undefined). */
  async callerFrom(header: string | undefined): Promise<Caller | undefined> {
    if (header === undefined || header === '') return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  /** Signs a token with the shared secret (HS256); key-set deployments sign with their own issuer. */
  async sign(claims: TokenClaims, expiresIn: string | number = '8h'): Promise<string> {
    if (!this.keys.secret || this.keys.jwksUrl) throw new Error('Tokens can only be signed here with AUTH_SECRET (HS256)');
    const jwt = new SignJWT({ role: claims.role, ...(claims.country ? { country: claims.country } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(expiresIn);
    if (this.keys.issuer) jwt.setIssuer(this.keys.issuer);
    if (this.keys.audience) jwt.setAudience(this.keys.audience);
    const token = await jwt.sign(new TextEncoder().encode(this.keys.secret));
    // Never hand out a token this server would refuse.
    const { exp, iat } = decodeJwt(token) as { exp: number; iat: number };
    if (exp - iat > this.keys.maxTokenHours * 3600)
      throw new Error(`A token may be valid for at most ${this.keys.maxTokenHours} h (AUTH_MAX_TOKEN_HOURS)`);
    return token;
  }
}
