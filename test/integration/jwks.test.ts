import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { Role } from '../../src/modules/auth/caller';
import { TokenVerifier } from '../../src/modules/auth/token-verifier';

/** Tokens from an identity provider that publishes its keys as a JWKS (RS256 and ES256). */
describe('TokenVerifier with AUTH_JWKS_URL', () => {
  let server: http.Server;
  let verifier: TokenVerifier;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    verifier = new TokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: 'https://idp.example.gov', maxTokenHours: 24 });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const sign = (key: KeyLike | Uint8Array, alg: string, kid: string, claims: Record<string, unknown>, issuer = 'https://idp.example.gov') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid })
      .setSubject('kim@example.go.kr')
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('accepts RS256 and ES256 tokens signed by a published key', async () => {
    expect(await verifier.verify(await sign(rsa.privateKey, 'RS256', 'rsa-1', { role: 'PARTNER', country: 'KR' }))).toEqual({
      sub: 'kim@example.go.kr',
      role: Role.PARTNER,
      country: 'KR',
    });
    expect(await verifier.verify(await sign(ec.privateKey, 'ES256', 'ec-1', { role: 'AUDITOR' }))).toEqual({
      sub: 'kim@example.go.kr',
      role: Role.AUDITOR,
      country: null,
    });
  });

  it('refuses a token from another key, another issuer, or an HS256 token', async () => {
    const stranger = await generateKeyPair('RS256');
    await expect(verifier.verify(await sign(stranger.privateKey, 'RS256', 'rsa-1', { role: 'ADMIN' }))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(
      verifier.verify(await sign(rsa.privateKey, 'RS256', 'rsa-1', { role: 'ADMIN' }, 'https://evil.example')),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const hs = await sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-chars'), 'HS256', 'rsa-1', { role: 'ADMIN' });
    await expect(verifier.verify(hs)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  describe('refuses tokens that live longer than AUTH_MAX_TOKEN_HOURS (24 here), saying why', () => {
    const HOUR = 3600;
    const now = () => Math.floor(Date.now() / 1000);
    const signed = (times: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({ role: 'ADMIN', ...(times.iat === undefined ? {} : { iat: times.iat }) })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setSubject('kim@example.go.kr')
        .setIssuer('https://idp.example.gov')
        .setExpirationTime(times.exp);
      return jwt.sign(rsa.privateKey);
    };

    it.each([
      ['expiring in the year 3000', () => ({ iat: now(), exp: Date.UTC(3000, 0, 1) / 1000 })],
      ['valid for 25 hours from its iat', () => ({ iat: now(), exp: now() + 25 * HOUR })],
      ['without iat, expiring in 25 hours', () => ({ exp: now() + 25 * HOUR })],
      ['with an iat in the future that hides a long life', () => ({ iat: now() + 100 * HOUR, exp: now() + 101 * HOUR })],
    ])('a token %s', async (_name, times) => {
      const refusal = verifier.verify(await signed(times()));
      await expect(refusal).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      await expect(refusal).rejects.toThrow(/at most 24 h \(AUTH_MAX_TOKEN_HOURS\)/);
    });

    it('accepts one valid for exactly 24 hours, and one issued earlier with a shorter rest', async () => {
      expect(await verifier.verify(await signed({ iat: now(), exp: now() + 24 * HOUR }))).toMatchObject({ role: Role.ADMIN });
      expect(await verifier.verify(await signed({ iat: now() - 20 * HOUR, exp: now() + 4 * HOUR }))).toMatchObject({ role: Role.ADMIN });
    });
  });

  it('cannot sign tokens itself', async () => {
    await expect(verifier.sign({ sub: 'x', role: Role.ADMIN })).rejects.toThrow(/only be signed here with AUTH_SECRET/);
  });
});

describe('TokenVerifier.sign', () => {
  const signer = new TokenVerifier({ secret: 'a-shared-secret-of-at-least-32-chars', maxTokenHours: 24 });

  it('never issues a token the limit would refuse (npm run token signs with it)', async () => {
    await expect(signer.sign({ sub: 'x', role: Role.ADMIN }, '25h')).rejects.toThrow(/at most 24 h \(AUTH_MAX_TOKEN_HOURS\)/);
    expect(await signer.verify(await signer.sign({ sub: 'x', role: Role.ADMIN }))).toEqual({ sub: 'x', role: Role.ADMIN, country: null });
    expect(await signer.verify(await signer.sign({ sub: 'x', role: Role.ADMIN }, '24h'))).toEqual({
      sub: 'x',
      role: Role.ADMIN,
      country: null,
    });
  });
});

describe('TokenVerifier.keysFor', () => {
  it('refuses to start without keys outside local use', () => {
    expect(() => TokenVerifier.keysFor({ maxTokenHours: 24 }, false, '/nonexistent')).toThrow(/Set AUTH_SECRET or AUTH_JWKS_URL/);
  });
});
