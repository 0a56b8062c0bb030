import { SignJWT } from 'jose';
import { Role } from '../../src/modules/auth/caller';
import { toGlobalId } from '../../src/shared/global-id';
import { TokenClaims, TokenVerifier } from '../../src/modules/auth/token-verifier';
import { authHeader, dataOf, GraphQLResponse, TEST_TOKENS, useTestApi } from '../helpers/test-api';

const api = useTestApi();

const READ = '{ countries(first: 3) { totalCount edges { node { code } } } minerals { edges { node { code } } } }';
const CHANGE_STATUS = `mutation($input: ChangeCommitmentStatusInput!) {
  changeCommitmentStatus(input: $input) { commitment { version status } statusChange { sequence } }
}`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Everything a refused request could have written. */
async function writeSnapshot() {
  const [counts] = await api.db.query(
    `SELECT (SELECT count(*) FROM audit_events) AS audit, (SELECT count(*) FROM commitments) AS commitments,
            (SELECT count(*) FROM idempotency_keys) AS keys, (SELECT max(updated_at) FROM commitments) AS last_update`,
  );
  return counts;
}

/** A refusal at the door: 401, UNAUTHENTICATED, a message saying why, no data, no internals. */
function expectUnauthenticated(response: GraphQLResponse, why: RegExp) {
  expect(response.status).toBe(401);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  expect(error.message).toMatch(why);
  expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+|node_modules|\/src\/|secret/i);
}

describe('reading', () => {
  it('works without a token', async () => {
    const response = await api.graphql(READ);
    expect(response.status).toBe(200);
    const data = dataOf(response);
    expect(data.countries.totalCount).toBeGreaterThan(10);
    expect(data.minerals.edges.map((e: any) => e.node.code)).toContain('LITHIUM');
  });

  it.each([
    ['AUDITOR', { sub: 'auditor-1', role: Role.AUDITOR }],
    ['ADMIN', { sub: 'admin-1', role: Role.ADMIN }],
    ['PARTNER', { sub: 'partner-in', role: Role.PARTNER, country: 'IN' }],
  ] as [string, TokenClaims][])('works with a valid %s token, with the same answer as without one', async (_role, claims) => {
    const anonymous = dataOf(await api.graphql(READ));
    const response = await api.graphql(READ, undefined, await authHeader(claims));
    expect(response.status).toBe(200);
    expect(dataOf(response)).toEqual(anonymous);
  });

  it('lets an AUDITOR read a status history', async () => {
    const data = dataOf(
      await api.graphql(
        '{ commitments(first: 1) { edges { node { statusHistory { totalCount edges { node { toStatus actor { sub role } } } } } } } }',
        undefined,
        await authHeader({ sub: 'auditor-1', role: Role.AUDITOR }),
      ),
    );
    const history = data.commitments.edges[0].node.statusHistory;
    expect(history.totalCount).toBeGreaterThanOrEqual(1);
    expect(history.edges[0].node.actor).toEqual({ sub: 'seed:published-sources', role: 'ADMIN' });
  });

  it('refuses a token it accepted before from the second it expires', async () => {
    // Room for the two uses before it expires, on a busy machine too.
    const exp = Math.floor(Date.now() / 1000) + 6;
    const headers = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR }, exp);
    // Twice: the second use meets a token verified before.
    for (let i = 0; i < 2; i++) expect((await api.graphql(READ, undefined, headers)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 10));
    expectUnauthenticated(await api.graphql(READ, undefined, headers), /token has expired/);
    expectUnauthenticated(await api.graphql(READ, undefined, headers), /token has expired/);
  });

  it('accepts the scheme case-insensitively ("bearer")', async () => {
    const token = await TEST_TOKENS.sign({ sub: 'auditor-1', role: Role.AUDITOR });
    const response = await api.graphql(READ, undefined, { authorization: `bearer ${token}` });
    expect(response.status).toBe(200);
    dataOf(response);
  });
});

describe('a bad Authorization header is refused with 401 UNAUTHENTICATED, even for reads', () => {
  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ['a garbage token', async () => bearer('garbage'), /token is not valid/],
    [
      'a JWT-shaped token with a broken signature',
      async () => {
        const token = await TEST_TOKENS.sign({ sub: 'admin-1', role: Role.ADMIN });
        return bearer(`${token.slice(0, -4)}AAAA`);
      },
      /token is not valid: bad signature/,
    ],
    [
      'a token signed with another secret',
      async () => {
        const other = new TokenVerifier({ secret: 'another-secret-of-at-least-32-chars!!', maxTokenHours: 24 });
        return bearer(await other.sign({ sub: 'admin-1', role: Role.ADMIN }));
      },
      /token is not valid: bad signature/,
    ],
    ['an expired token', () => authHeader({ sub: 'admin-1', role: Role.ADMIN }, Math.floor(Date.now() / 1000) - 60), /token has expired/],
    [
      'a PARTNER token without a country',
      () => authHeader({ sub: 'partner-x', role: Role.PARTNER }),
      /PARTNER token needs a "country" claim/,
    ],
    [
      'a PARTNER token with a malformed country',
      () => authHeader({ sub: 'partner-x', role: Role.PARTNER, country: 'India' }),
      /PARTNER token needs a "country" claim/,
    ],
    [
      'a token with role SUPERUSER',
      () => authHeader({ sub: 'root', role: 'SUPERUSER' as Role.ADMIN }),
      /"role" claim must be PARTNER, AUDITOR or ADMIN/,
    ],
    ['a token without a role', () => authHeader({ sub: 'nobody' } as TokenClaims), /"role" claim must be PARTNER, AUDITOR or ADMIN/],
    ['a token without a subject', () => authHeader({ sub: '', role: Role.ADMIN }), /no "sub" claim/],
    [
      'an unsigned token (alg none)',
      async () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return bearer(`${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'admin-1', role: 'ADMIN', iat: now, exp: now + 3600 })}.`);
      },
      /token is not valid/,
    ],
    [
      'a token that never expires',
      async () => {
        const secret = new TextEncoder().encode('test-secret-that-is-at-least-32-characters-long');
        return bearer(
          await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('admin-1').setIssuedAt().sign(secret),
        );
      },
      /token is not valid/,
    ],
    [
      'a token valid until the year 3000',
      async () => {
        const secret = new TextEncoder().encode('test-secret-that-is-at-least-32-characters-long');
        const jwt = new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('admin-1')
          .setIssuedAt()
          .setExpirationTime(Date.UTC(3000, 0, 1) / 1000);
        return bearer(await jwt.sign(secret));
      },
      /valid for at most 24 h \(AUTH_MAX_TOKEN_HOURS\)/,
    ],
    ['a Basic header', async () => ({ authorization: 'Basic xyz' }), /Authorization header must be "Bearer <token>"/],
    ['"Bearer" without a token', async () => ({ authorization: 'Bearer ' }), /Authorization header must be "Bearer <token>"/],
  ];

  it.each(cases)('%s', async (_name, header, why) => {
    expectUnauthenticated(await api.graphql(READ, undefined, await header()), why);
  });

  it.each(cases)('%s, on a mutation, writes nothing', async (_name, header, why) => {
    const [row] = await api.db.query(`SELECT id, version FROM commitments WHERE status = 'ANNOUNCED' ORDER BY created_at LIMIT 1`);
    const commitmentId = toGlobalId('Commitment', row.id);
    const before = await writeSnapshot();
    const response = await api.graphql(
      CHANGE_STATUS,
      { input: { commitmentId, status: 'IN_PROGRESS', expectedVersion: row.version, idempotencyKey: 'auth-test-key' } },
      await header(),
    );
    expectUnauthenticated(response, why);
    expect(await writeSnapshot()).toEqual(before);
  });
});

describe('writing', () => {
  it('without a token is UNAUTHENTICATED (the public may only read) and writes nothing', async () => {
    const [row] = await api.db.query(`SELECT id, version FROM commitments WHERE status = 'ANNOUNCED' ORDER BY created_at LIMIT 1`);
    const commitmentId = toGlobalId('Commitment', row.id);
    const before = await writeSnapshot();
    const response = await api.graphql(CHANGE_STATUS, { input: { commitmentId, status: 'IN_PROGRESS', expectedVersion: row.version } });
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0].message).toMatch(/Sign in with a bearer token/);
    expect(await writeSnapshot()).toEqual(before);
  });

  it('with a valid AUDITOR token is FORBIDDEN and writes nothing', async () => {
    const [row] = await api.db.query(`SELECT id, version FROM commitments WHERE status = 'ANNOUNCED' ORDER BY created_at LIMIT 1`);
    const commitmentId = toGlobalId('Commitment', row.id);
    const before = await writeSnapshot();
    const response = await api.graphql(
      CHANGE_STATUS,
      { input: { commitmentId, status: 'IN_PROGRESS', expectedVersion: row.version } },
      await authHeader({ sub: 'auditor-1', role: Role.AUDITOR }),
    );
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(response.body.errors?.[0].message).toMatch(/AUDITOR may not change commitment/);
    expect(await writeSnapshot()).toEqual(before);
  });

  it('with a valid ADMIN token goes through (the control for the refusals above)', async () => {
    const [row] =
      await api.db.query(`SELECT c.id, c.version, (SELECT k.code FROM commitment_parties p JOIN countries k ON k.id = p.country_id
      WHERE p.commitment_id = c.id ORDER BY p.role, k.code LIMIT 1) AS party FROM commitments c WHERE c.status = 'ANNOUNCED' ORDER BY c.created_at LIMIT 1`);
    const before = await writeSnapshot();
    const response = await api.graphql(
      CHANGE_STATUS,
      {
        input: {
          commitmentId: toGlobalId('Commitment', row.id),
          status: 'IN_PROGRESS',
          expectedVersion: row.version,
          partyCountryCode: row.party,
        },
      },
      await authHeader({ sub: 'admin-1', role: Role.ADMIN }),
    );
    // One party's obligation moved; the others are still ANNOUNCED, and so is the commitment's roll-up.
    expect(dataOf(response).changeCommitmentStatus.commitment).toEqual({ version: row.version + 1, status: 'ANNOUNCED' });
    // The obligation's event and the commitment's.
    expect((await writeSnapshot()).audit).toBe(before.audit + 2);
  });
});
