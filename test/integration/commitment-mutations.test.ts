import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { fromGlobalId, toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;

type Headers = Record<string, string>;
const as: Record<'admin' | 'auditor' | 'partnerIN' | 'partnerIN2' | 'partnerDE' | 'partnerFR', Headers> = {} as any;
const NO_TOKEN: Headers = {};

const CLAIMS: Record<keyof typeof as, TokenClaims> = {
  admin: { sub: 'admin-1', role: Role.ADMIN },
  auditor: { sub: 'auditor-1', role: Role.AUDITOR },
  partnerIN: { sub: 'partner-in-1', role: Role.PARTNER, country: 'IN' },
  partnerIN2: { sub: 'partner-in-2', role: Role.PARTNER, country: 'IN' },
  partnerDE: { sub: 'partner-de-1', role: Role.PARTNER, country: 'DE' },
  partnerFR: { sub: 'partner-fr-1', role: Role.PARTNER, country: 'FR' },
};

beforeAll(async () => {
  factory = new Factory(api.db);
  for (const [name, claims] of Object.entries(CLAIMS)) as[name as keyof typeof as] = await authHeader(claims);
});

const COMMITMENT = `
  commitment {
    id title description kind instrument status version announcedOn targetOn valueChainStages
    amount { amount currency }
    parties { role country { code } }
    minerals { code }
  }`;
const PAYLOAD = `${COMMITMENT}
  statusChange { sequence fromStatus toStatus version note evidenceUrl effectiveOn recordedAt actor { sub role country { code } } }`;
const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { ${COMMITMENT} } }`;
const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { ${PAYLOAD} } }`;
const CHANGE_LEAN = `mutation($input: ChangeCommitmentStatusInput!) {
  changeCommitmentStatus(input: $input) { commitment { status version } statusChange { sequence toStatus version } }
}`;
const HISTORY = `query($id: ID!) { commitment(id: $id) {
  status version
  statusHistory(first: 100) { totalCount edges { node { sequence fromStatus toStatus version note evidenceUrl effectiveOn actor { sub role country { code } } } } }
} }`;

/** A valid creation input: India leads, Germany is a party. */
function newCommitment(overrides: Record<string, unknown> = {}) {
  return {
    title: 'India–Germany joint lithium refining fund',
    description: 'Co-financing of a lithium hydroxide refinery.',
    kind: 'FUNDING',
    instrument: 'MOU',
    parties: [
      { countryCode: 'IN', role: 'LEAD' },
      { countryCode: 'DE', role: 'PARTY' },
    ],
    mineralCodes: ['LITHIUM', 'COBALT'],
    valueChainStages: ['PROCESSING_REFINING'],
    amount: { amount: '250000000.00', currency: 'EUR' },
    announcedOn: '2026-01-12',
    targetOn: '2028-12-31',
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}, headers: Headers = as.admin) {
  return dataOf(await api.graphql(CREATE, { input: newCommitment(overrides) }, headers)).createCommitment;
}

async function changeStatus(input: Record<string, unknown>, headers: Headers = as.admin) {
  return dataOf(await api.graphql(CHANGE, { input }, headers)).changeCommitmentStatus;
}

/** The history as an AUDITOR reads it: who made each change included (the public sees no sub). */
async function history(id: string) {
  return dataOf(await api.graphql(HISTORY, { id }, as.auditor)).commitment;
}

const q = (sql: string, params?: unknown[]) => api.db.query(sql, params);

/** Count of status-history rows (audit events that set a status) for one commitment. */
async function historyRows(globalId: string): Promise<number> {
  const [row] = await q('SELECT count(*) AS n FROM audit_events WHERE subject_id = $1 AND to_status IS NOT NULL', [
    fromGlobalId('Commitment', globalId),
  ]);
  return row.n;
}

/** Everything a mutation could write: table counts, and for one commitment its row, parties, minerals and events. */
async function snapshot(globalId?: string) {
  const [counts] = await q(`SELECT
    (SELECT count(*) FROM audit_events) AS audit_events,
    (SELECT coalesce(max(sequence), 0) FROM audit_events) AS last_sequence,
    (SELECT count(*) FROM commitments) AS commitments,
    (SELECT count(*) FROM commitment_parties) AS parties,
    (SELECT count(*) FROM commitment_minerals) AS minerals,
    (SELECT count(*) FROM idempotency_keys) AS idempotency_keys,
    (SELECT max(updated_at) FROM commitments) AS last_update`);
  if (!globalId) return { counts };
  const id = fromGlobalId('Commitment', globalId);
  const [row] = await q(
    'SELECT version, status, title, description, amount, currency, announced_on, target_on, value_chain_stages, updated_at FROM commitments WHERE id = $1',
    [id],
  );
  const parties = await q(
    'SELECT k.code, p.role FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE p.commitment_id = $1 ORDER BY k.code',
    [id],
  );
  const minerals = await q(
    'SELECT m.code FROM commitment_minerals cm JOIN minerals m ON m.id = cm.mineral_id WHERE cm.commitment_id = $1 ORDER BY m.code',
    [id],
  );
  const events = await q('SELECT sequence, action, to_status, version FROM audit_events WHERE subject_id = $1 ORDER BY sequence', [id]);
  return { counts, row, parties, minerals, events };
}

/** What an error tells the caller about the culprit: its message and the argument it names (the server sends no more). */
function described(error: { message: string; extensions?: Record<string, any> }): string {
  return [error.message, error.extensions?.argument ?? ''].join(' | ');
}

/**
 * Sends a request that must be refused, and proves it wrote nothing: the counts of every
 * table a mutation touches, and the commitment's row, parties, minerals and events, are unchanged.
 */
async function expectRefused(
  request: { query: string; input: Record<string, unknown>; headers: Headers; commitmentId?: string },
  code: string,
  names?: RegExp,
) {
  const before = await snapshot(request.commitmentId);
  const response: GraphQLResponse = await api.graphql(request.query, { input: request.input }, request.headers);
  expect(response.status).toBeLessThan(500);
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect({ code: error.extensions?.code, message: error.message }).toEqual({ code, message: expect.any(String) });
  if (names) expect(described(error)).toMatch(names);
  expect(
    response.body.data?.createCommitment ?? response.body.data?.updateCommitment ?? response.body.data?.changeCommitmentStatus ?? null,
  ).toBeNull();
  expect(await snapshot(request.commitmentId)).toEqual(before);
  return error;
}

describe('createCommitment', () => {
  it('as a PARTNER of a party country records the commitment at version 1, PROPOSED, with its first history entry', async () => {
    const before = await snapshot();
    const payload = await create({}, as.partnerIN);
    const c = payload.commitment;
    expect(c).toMatchObject({
      title: 'India–Germany joint lithium refining fund',
      description: 'Co-financing of a lithium hydroxide refinery.',
      kind: 'FUNDING',
      instrument: 'MOU',
      status: 'PROPOSED',
      version: 1,
      announcedOn: '2026-01-12',
      targetOn: '2028-12-31',
      valueChainStages: ['PROCESSING_REFINING'],
      amount: { amount: '250000000.00', currency: 'EUR' },
    });
    expect(c.parties).toEqual([
      { role: 'LEAD', country: { code: 'IN' } },
      { role: 'PARTY', country: { code: 'DE' } },
    ]);
    expect(c.minerals.map((m: any) => m.code).sort()).toEqual(['COBALT', 'LITHIUM']);
    expect(payload.statusChange).toMatchObject({
      fromStatus: null,
      toStatus: 'PROPOSED',
      version: 1,
      note: null,
      evidenceUrl: null,
      effectiveOn: null,
      actor: { sub: 'partner-in-1', role: 'PARTNER', country: { code: 'IN' } },
    });
    // After the first entries of the two parties' obligations.
    expect(payload.statusChange.sequence).toBe(before.counts.last_sequence + 3);
    expect(Date.now() - Date.parse(payload.statusChange.recordedAt)).toBeLessThan(60_000);

    // What the API answered is what the database holds, and what a later read returns.
    const after = await snapshot(c.id);
    // The commitment's first entry, and the first entry of each party's obligation.
    expect(after.counts).toMatchObject({
      audit_events: before.counts.audit_events + 3,
      commitments: before.counts.commitments + 1,
      parties: before.counts.parties + 2,
      minerals: before.counts.minerals + 2,
    });
    expect(after.row).toMatchObject({ version: 1, status: 'PROPOSED', amount: '250000000.00', currency: 'EUR' });
    expect(after.events).toEqual([{ sequence: payload.statusChange.sequence, action: 'CREATED', to_status: 'PROPOSED', version: 1 }]);
    const read = await history(c.id);
    expect(read.statusHistory.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        sequence: payload.statusChange.sequence,
        fromStatus: null,
        toStatus: 'PROPOSED',
        version: 1,
        actor: { sub: 'partner-in-1', role: 'PARTNER', country: { code: 'IN' } },
      }),
    ]);
  });

  it('accepts ANNOUNCED as the first status, and lets an ADMIN name any parties', async () => {
    const payload = await create(
      { status: 'ANNOUNCED', parties: [{ countryCode: 'fr', role: 'LEAD' }, { countryCode: 'JP' }], mineralCodes: [], amount: null },
      as.admin,
    );
    expect(payload.commitment).toMatchObject({ status: 'ANNOUNCED', version: 1, amount: null, minerals: [] });
    expect(payload.commitment.parties).toEqual([
      { role: 'LEAD', country: { code: 'FR' } },
      { role: 'PARTY', country: { code: 'JP' } },
    ]);
    expect(payload.statusChange).toMatchObject({ toStatus: 'ANNOUNCED', actor: { sub: 'admin-1', role: 'ADMIN', country: null } });
  });

  it('is FORBIDDEN to a PARTNER whose country is not among the parties', async () => {
    const error = await expectRefused({ query: CREATE, input: newCommitment(), headers: as.partnerFR }, 'FORBIDDEN');
    expect(error.message).toMatch(/your country FR is not among IN, DE/);
  });

  it('is FORBIDDEN to an AUDITOR', async () => {
    await expectRefused({ query: CREATE, input: newCommitment(), headers: as.auditor }, 'FORBIDDEN');
  });

  it('is UNAUTHENTICATED without a token', async () => {
    await expectRefused({ query: CREATE, input: newCommitment(), headers: NO_TOKEN }, 'UNAUTHENTICATED');
  });

  it('with an idempotency key creates once, and a refused attempt does not use the key up', async () => {
    const key = 'create-once';
    // Refused inside the transaction: the key is released with the rollback.
    await expectRefused(
      { query: CREATE, input: newCommitment({ idempotencyKey: key, mineralCodes: ['UNOBTAINIUM'] }), headers: as.partnerIN },
      'BAD_USER_INPUT',
      /input\.mineralCodes/,
    );
    const input = newCommitment({ idempotencyKey: key, title: 'Created once' });
    const before = await snapshot();
    const [first, second] = await Promise.all([1, 2].map(() => api.graphql(CREATE, { input }, as.partnerIN)));
    expect(dataOf(second).createCommitment).toEqual(dataOf(first).createCommitment);
    const after = await snapshot();
    expect(after.counts.commitments).toBe(before.counts.commitments + 1);
    expect(after.counts.audit_events).toBe(before.counts.audit_events + 3);
    const [{ n }] = await q(`SELECT count(*) AS n FROM commitments WHERE title = 'Created once'`);
    expect(n).toBe(1);
  });
});

describe('currency codes', () => {
  it('accepts lower case and stores the ISO 4217 code in upper case', async () => {
    const payload = dataOf(
      await api.graphql(CREATE, { input: newCommitment({ amount: { amount: '2500000', currency: 'eur' } }) }, as.partnerIN),
    ).createCommitment;
    expect(payload.commitment.amount).toEqual({ amount: '2500000.00', currency: 'EUR' });
  });

  it("writes every amount with its currency's minor units: none for yen and won, two for dollars", async () => {
    const amountOf = async (amount: string, currency: string) => (await create({ amount: { amount, currency } })).commitment.amount;
    expect(await amountOf('150000000', 'JPY')).toEqual({ amount: '150000000', currency: 'JPY' });
    expect(await amountOf('150000000.00', 'JPY')).toEqual({ amount: '150000000', currency: 'JPY' });
    expect(await amountOf('2000000000', 'KRW')).toEqual({ amount: '2000000000', currency: 'KRW' });
    expect(await amountOf('12.5', 'USD')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(await amountOf('7', 'BHD')).toEqual({ amount: '7.000', currency: 'BHD' });
  });
});

describe('input validation: BAD_USER_INPUT naming the field, nothing written', () => {
  const longTitle = 'x'.repeat(301);
  // [case, input overrides, what the error must name (message, argument or validation path), what the message must say]
  const cases: [string, Record<string, unknown>, RegExp, RegExp?][] = [
    ['an empty title', { title: '' }, /\btitle\b/],
    ['a title over 300 characters', { title: longTitle }, /\btitle\b/],
    ['no parties', { parties: [] }, /\bparties\b/],
    [
      'a party listed twice',
      { parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'in' }] },
      /input\.parties/,
      /IN is listed twice/,
    ],
    [
      'an unknown country code',
      { parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'ZZ' }] },
      /input\.parties/,
      /Unknown country code in input\.parties: ZZ/,
    ],
    ['a malformed country code', { parties: [{ countryCode: 'India', role: 'LEAD' }] }, /input\.parties\[0\]\.countryCode/],
    ['an unknown mineral code', { mineralCodes: ['LITHIUM', 'UNOBTAINIUM'] }, /input\.mineralCodes/, /UNOBTAINIUM/],
    ['a negative amount', { amount: { amount: '-5', currency: 'EUR' } }, /amount\.amount/],
    ['a non-numeric amount', { amount: { amount: 'abc', currency: 'EUR' } }, /input\.amount\.amount/, /Decimal must be/],
    ['an amount with 3 decimals', { amount: { amount: '1.005', currency: 'EUR' } }, /input\.amount\.amount/],
    [
      'yen with decimals (JPY has no minor unit)',
      { amount: { amount: '1000.50', currency: 'JPY' } },
      /input\.amount\.amount/,
      /more decimal places than JPY has minor units \(0\)/,
    ],
    ['a 4-letter currency', { amount: { amount: '5', currency: 'XXXX' } }, /input\.amount\.currency/, /not a valid currency/],
    ['a currency that is not ISO 4217', { amount: { amount: '5', currency: 'ABC' } }, /input\.amount\.currency/, /not a valid currency/],
    ['a targetOn before announcedOn', { announcedOn: '2026-06-01', targetOn: '2026-05-31' }, /input\.targetOn/, /must not be before/],
    ['a malformed date', { announcedOn: '2026-13-01' }, /input\.announcedOn/],
    ['DELIVERED as the initial status', { status: 'DELIVERED' }, /input\.status/, /starts as PROPOSED or ANNOUNCED/],
    ['IN_PROGRESS as the initial status', { status: 'IN_PROGRESS' }, /input\.status/, /starts as PROPOSED or ANNOUNCED/],
    ['a malformed meetingId', { meetingId: 'not-an-id' }, /input\.meetingId/],
    [
      'a meetingId that refers to nothing',
      { meetingId: toGlobalId('Meeting', '00000000-0000-4000-8000-000000000000') },
      /input\.meetingId/,
    ],
  ];
  // Every row gets all four values: jest would take a missing last argument for a done callback.
  it.each(cases.map(([name, overrides, names, message]) => [name, overrides, names, message ?? null] as const))(
    'createCommitment with %s',
    async (_name, overrides, names, message) => {
      const error = await expectRefused({ query: CREATE, input: newCommitment(overrides), headers: as.partnerIN }, 'BAD_USER_INPUT', names);
      if (message) expect(error.message).toMatch(message);
    },
  );

  it('names every invalid field by its path and never echoes the input back', async () => {
    const error = await expectRefused(
      { query: CREATE, input: newCommitment({ title: ' ', parties: [{ countryCode: 'India', role: 'LEAD' }] }), headers: as.partnerIN },
      'BAD_USER_INPUT',
      /input\.title/,
    );
    expect(error.extensions?.argument).toBe('input.title');
    expect(error.extensions?.problems).toEqual([
      { argument: 'input.title', message: 'title must not be blank' },
      { argument: 'input.parties[0].countryCode', message: 'countryCode must be an ISO 3166-1 alpha-2 code' },
    ]);
    expect(JSON.stringify(error)).not.toMatch(/validationErrors|"target"|"value"/);
  });

  describe('changeCommitmentStatus', () => {
    let target: { id: string; version: number };
    beforeAll(async () => {
      const payload = await create({ status: 'ANNOUNCED', title: 'Validation target' });
      target = { id: payload.commitment.id, version: payload.commitment.version };
    });

    it.each([
      ['an evidenceUrl that is not a URL', { status: 'DELIVERED', evidenceUrl: 'not a url' }, /evidenceUrl/],
      ['an evidenceUrl that is not http(s)', { status: 'DELIVERED', evidenceUrl: 'ftp://example.org/report.pdf' }, /evidenceUrl/],
      ['an effectiveOn in the future', { status: 'IN_PROGRESS', effectiveOn: '2999-01-01' }, /input\.effectiveOn/],
      ['an expectedVersion of 0', { status: 'IN_PROGRESS', expectedVersion: 0 }, /expectedVersion/],
      ['a note over 2000 characters', { status: 'DELAYED', note: 'n'.repeat(2001) }, /\bnote\b/],
    ])('with %s', async (_name, overrides, names) => {
      await expectRefused(
        {
          query: CHANGE,
          input: { commitmentId: target.id, expectedVersion: target.version, ...overrides },
          headers: as.partnerIN,
          commitmentId: target.id,
        },
        'BAD_USER_INPUT',
        names,
      );
    });

    it.each([
      ['garbage', 'not-an-id'],
      ['the ID of another type', toGlobalId('Country', '00000000-0000-4000-8000-000000000000')],
    ])('with a malformed commitmentId (%s)', async (_name, commitmentId) => {
      const error = await expectRefused(
        {
          query: CHANGE,
          input: { commitmentId, status: 'IN_PROGRESS', expectedVersion: 1 },
          headers: as.partnerIN,
          commitmentId: target.id,
        },
        'BAD_USER_INPUT',
        /input\.commitmentId/,
      );
      expect(error.extensions?.argument).toBe('input.commitmentId');
      expect(error.message).toMatch(/Malformed ID "not-an-id"|is a Country ID, but input\.commitmentId expects a Commitment ID/);
    });

    it('with a well-formed commitmentId that matches nothing is NOT_FOUND', async () => {
      const commitmentId = toGlobalId('Commitment', '00000000-0000-4000-8000-000000000000');
      const error = await expectRefused(
        { query: CHANGE, input: { commitmentId, status: 'IN_PROGRESS', expectedVersion: 1 }, headers: as.admin },
        'NOT_FOUND',
      );
      expect(error.message).toContain(commitmentId);
    });

    it('the target itself is untouched by all of the above', async () => {
      expect(await history(target.id)).toMatchObject({ status: 'ANNOUNCED', version: 1, statusHistory: { totalCount: 1 } });
    });
  });
});

describe('updateCommitment', () => {
  let c: { id: string; version: number };
  beforeAll(async () => {
    const payload = await create({ title: 'Before the update', amount: { amount: '1000.00', currency: 'USD' } }, as.admin);
    c = { id: payload.commitment.id, version: payload.commitment.version };
  });

  it('with the right expectedVersion changes title and amount, bumps the version and records the diff', async () => {
    const before = await snapshot(c.id);
    const payload = dataOf(
      await api.graphql(
        UPDATE,
        { input: { commitmentId: c.id, expectedVersion: 1, title: 'After the update', amount: { amount: '1500000.5', currency: 'EUR' } } },
        as.partnerDE,
      ),
    ).updateCommitment;
    expect(payload.commitment).toMatchObject({
      title: 'After the update',
      version: 2,
      status: 'PROPOSED',
      amount: { amount: '1500000.50', currency: 'EUR' },
    });
    expect(payload.commitment.parties.map((p: any) => p.country.code)).toEqual(['IN', 'DE']);

    const after = await snapshot(c.id);
    // The commitment's update, and the lead's obligation taking the new amount (one amount belongs to the lead alone).
    expect(after.counts.audit_events).toBe(before.counts.audit_events + 2);
    expect(after.row).toMatchObject({ version: 2, title: 'After the update', amount: '1500000.50', currency: 'EUR', status: 'PROPOSED' });
    const [event] = await q(
      `SELECT action, version, to_status, from_status, actor_sub, actor_role, actor_country, country_codes, changes
       FROM audit_events WHERE subject_id = $1 ORDER BY sequence DESC LIMIT 1`,
      [fromGlobalId('Commitment', c.id)],
    );
    expect(event).toEqual({
      action: 'UPDATED',
      version: 2,
      to_status: null,
      from_status: null,
      actor_sub: 'partner-de-1',
      actor_role: 'PARTNER',
      actor_country: 'DE',
      country_codes: expect.arrayContaining(['IN', 'DE']),
      changes: {
        title: { old: 'Before the update', new: 'After the update' },
        amount: { old: '1000.00', new: '1500000.50' },
        currency: { old: 'USD', new: 'EUR' },
      },
    });
    // An edit is not a status: the history keeps its single entry.
    expect((await history(c.id)).statusHistory.totalCount).toBe(1);
    c.version = 2;
  });

  it('with a stale expectedVersion is a CONFLICT carrying both versions, and writes nothing', async () => {
    const error = await expectRefused(
      { query: UPDATE, input: { commitmentId: c.id, expectedVersion: 1, title: 'Lost update' }, headers: as.partnerIN, commitmentId: c.id },
      'CONFLICT',
    );
    expect(error.extensions).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    expect(error.message).toMatch(/is at version 2, not 1/);
  });

  it('that changes nothing writes nothing and keeps the version', async () => {
    const before = await snapshot(c.id);
    const payload = dataOf(
      await api.graphql(UPDATE, { input: { commitmentId: c.id, expectedVersion: c.version, title: 'After the update' } }, as.partnerIN),
    ).updateCommitment;
    expect(payload.commitment).toMatchObject({ version: c.version, title: 'After the update' });
    expect(await snapshot(c.id)).toEqual(before);
  });

  it('by a PARTNER removing its own country from the parties is FORBIDDEN, and writes nothing', async () => {
    const error = await expectRefused(
      {
        query: UPDATE,
        input: { commitmentId: c.id, expectedVersion: c.version, parties: [{ countryCode: 'DE', role: 'LEAD' }] },
        headers: as.partnerIN,
        commitmentId: c.id,
      },
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/your country IN is not among DE/);
  });

  it('by a PARTNER of no party, an AUDITOR or the public is refused, and writes nothing', async () => {
    const input = { commitmentId: c.id, expectedVersion: c.version, title: 'Hijacked' };
    await expectRefused({ query: UPDATE, input, headers: as.partnerFR, commitmentId: c.id }, 'FORBIDDEN');
    await expectRefused({ query: UPDATE, input, headers: as.auditor, commitmentId: c.id }, 'FORBIDDEN');
    await expectRefused({ query: UPDATE, input, headers: NO_TOKEN, commitmentId: c.id }, 'UNAUTHENTICATED');
  });

  it.each([
    ['an empty title', { title: '' }, /\btitle\b/],
    ['no parties', { parties: [] }, /\bparties\b/],
    [
      'an unknown party',
      { parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'DE' }, { countryCode: 'ZZ' }] },
      /input\.parties/,
    ],
    ['an unknown mineral', { mineralCodes: ['UNOBTAINIUM'] }, /input\.mineralCodes/],
    ['a targetOn before the stored announcedOn', { targetOn: '2020-01-01' }, /input\.targetOn/],
    ['a negative amount', { amount: { amount: '-5', currency: 'EUR' } }, /amount\.amount/],
  ])('with %s is BAD_USER_INPUT and writes nothing', async (_name, overrides, names) => {
    await expectRefused(
      { query: UPDATE, input: { commitmentId: c.id, expectedVersion: c.version, ...overrides }, headers: as.partnerIN, commitmentId: c.id },
      'BAD_USER_INPUT',
      names,
    );
  });

  it('replaces parties and minerals, recording them in the diff', async () => {
    const payload = dataOf(
      await api.graphql(
        UPDATE,
        {
          input: {
            commitmentId: c.id,
            expectedVersion: c.version,
            parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'JP' }],
            mineralCodes: ['graphite'],
          },
        },
        as.admin, // a PARTNER may not drop Germany, which has accepted (see party-consent.test.ts)
      ),
    ).updateCommitment;
    expect(payload.commitment.version).toBe(c.version + 1);
    expect(payload.commitment.parties).toEqual([
      { role: 'LEAD', country: { code: 'IN' } },
      { role: 'PARTY', country: { code: 'JP' } },
    ]);
    expect(payload.commitment.minerals).toEqual([{ code: 'GRAPHITE' }]);
    const [event] = await q('SELECT changes FROM audit_events WHERE subject_id = $1 ORDER BY sequence DESC LIMIT 1', [
      fromGlobalId('Commitment', c.id),
    ]);
    expect(event.changes).toEqual({
      parties: { old: ['DE:PARTY', 'IN:LEAD'], new: ['IN:LEAD', 'JP:PARTY'] },
      minerals: { old: ['COBALT', 'LITHIUM'], new: ['GRAPHITE'] },
    });
    c.version += 1;
    // Germany is no longer a party, so its partner may no longer change it.
    await expectRefused(
      { query: UPDATE, input: { commitmentId: c.id, expectedVersion: c.version, title: 'x' }, headers: as.partnerDE, commitmentId: c.id },
      'FORBIDDEN',
    );
  });
});

describe('changeCommitmentStatus', () => {
  it('walks PROPOSED → ANNOUNCED → IN_PROGRESS → DELAYED → DELIVERED; the history lists every step', async () => {
    // A single-party commitment moves with its one obligation, as every commitment did before obligations.
    const created = await create({ title: 'Full workflow', parties: [{ countryCode: 'IN', role: 'LEAD' }] }, as.partnerIN);
    const id = created.commitment.id;
    // Each change takes effect no earlier than the one before it (valid time runs forward through the history).
    const steps = [
      { status: 'ANNOUNCED', headers: as.partnerIN, effectiveOn: '2026-01-20' },
      { status: 'IN_PROGRESS', headers: as.partnerIN2, effectiveOn: '2026-02-01' },
      { status: 'DELAYED', headers: as.partnerIN, note: 'Permitting for the refinery slipped a quarter', effectiveOn: '2026-03-01' },
      {
        status: 'DELIVERED',
        headers: as.admin,
        evidenceUrl: 'https://example.org/reports/refinery-commissioned.pdf',
        effectiveOn: '2026-03-15',
      },
    ];
    let version = 1;
    let from = 'PROPOSED';
    for (const { headers, ...step } of steps) {
      const payload = await changeStatus({ commitmentId: id, expectedVersion: version, ...step }, headers);
      expect(payload.commitment).toMatchObject({ status: step.status, version: version + 1 });
      expect(payload.statusChange).toMatchObject({
        fromStatus: from,
        toStatus: step.status,
        version: version + 1,
        note: step.note ?? null,
        evidenceUrl: step.evidenceUrl ?? null,
        effectiveOn: step.effectiveOn ?? null,
      });
      version += 1;
      from = step.status;
    }

    const read = await history(id);
    expect(read).toMatchObject({ status: 'DELIVERED', version: 5 });
    expect(read.statusHistory.totalCount).toBe(5);
    const nodes = read.statusHistory.edges.map((e: any) => e.node);
    expect(nodes.map(({ sequence: _s, ...rest }: any) => rest)).toEqual([
      {
        fromStatus: null,
        toStatus: 'PROPOSED',
        version: 1,
        note: null,
        evidenceUrl: null,
        effectiveOn: null,
        actor: { sub: 'partner-in-1', role: 'PARTNER', country: { code: 'IN' } },
      },
      {
        fromStatus: 'PROPOSED',
        toStatus: 'ANNOUNCED',
        version: 2,
        note: null,
        evidenceUrl: null,
        effectiveOn: '2026-01-20',
        actor: { sub: 'partner-in-1', role: 'PARTNER', country: { code: 'IN' } },
      },
      {
        fromStatus: 'ANNOUNCED',
        toStatus: 'IN_PROGRESS',
        version: 3,
        note: null,
        evidenceUrl: null,
        effectiveOn: '2026-02-01',
        actor: { sub: 'partner-in-2', role: 'PARTNER', country: { code: 'IN' } },
      },
      {
        fromStatus: 'IN_PROGRESS',
        toStatus: 'DELAYED',
        version: 4,
        note: 'Permitting for the refinery slipped a quarter',
        evidenceUrl: null,
        effectiveOn: '2026-03-01',
        actor: { sub: 'partner-in-1', role: 'PARTNER', country: { code: 'IN' } },
      },
      {
        fromStatus: 'DELAYED',
        toStatus: 'DELIVERED',
        version: 5,
        note: null,
        evidenceUrl: 'https://example.org/reports/refinery-commissioned.pdf',
        effectiveOn: '2026-03-15',
        actor: { sub: 'admin-1', role: 'ADMIN', country: null },
      },
    ]);
    const sequences = nodes.map((n: any) => n.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(5);

    // DELIVERED is final: every move out of it is INVALID_TRANSITION with no allowed target.
    for (const status of ['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS', 'DELAYED', 'DELIVERED', 'WITHDRAWN']) {
      const error = await expectRefused(
        {
          query: CHANGE,
          input: { commitmentId: id, expectedVersion: 5, status, note: 'n', evidenceUrl: 'https://example.org/x' },
          headers: as.admin,
          commitmentId: id,
        },
        'INVALID_TRANSITION',
      );
      expect(error.extensions).toMatchObject({ from: 'DELIVERED', to: status, allowedTargets: [] });
      expect(error.message).toMatch(/DELIVERED is final/);
    }
  });

  describe('refusals on a PROPOSED commitment', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create({ title: 'Refusal target' }, as.partnerIN)).commitment.id;
    });

    it('PROPOSED → DELIVERED is INVALID_TRANSITION listing the allowed targets', async () => {
      const error = await expectRefused(
        {
          query: CHANGE,
          input: { commitmentId: id, expectedVersion: 1, status: 'DELIVERED', evidenceUrl: 'https://example.org/x' },
          headers: as.partnerIN,
          commitmentId: id,
        },
        'INVALID_TRANSITION',
      );
      expect(error.extensions).toMatchObject({ from: 'PROPOSED', to: 'DELIVERED', allowedTargets: ['ANNOUNCED', 'WITHDRAWN'] });
    });

    it('PROPOSED → PROPOSED is INVALID_TRANSITION too', async () => {
      const error = await expectRefused(
        { query: CHANGE, input: { commitmentId: id, expectedVersion: 1, status: 'PROPOSED' }, headers: as.partnerIN, commitmentId: id },
        'INVALID_TRANSITION',
      );
      expect(error.extensions?.allowedTargets).toEqual(['ANNOUNCED', 'WITHDRAWN']);
    });

    it.each([
      ['WITHDRAWN without a note', { status: 'WITHDRAWN' }, /input\.note/],
      ['WITHDRAWN with a blank note', { status: 'WITHDRAWN', note: '   ' }, /input\.note/],
    ])('%s is BAD_USER_INPUT', async (_name, overrides, names) => {
      await expectRefused(
        { query: CHANGE, input: { commitmentId: id, expectedVersion: 1, ...overrides }, headers: as.partnerIN, commitmentId: id },
        'BAD_USER_INPUT',
        names,
      );
    });

    it('a stale expectedVersion is a CONFLICT with currentVersion', async () => {
      const error = await expectRefused(
        { query: CHANGE, input: { commitmentId: id, expectedVersion: 7, status: 'ANNOUNCED' }, headers: as.partnerIN, commitmentId: id },
        'CONFLICT',
      );
      expect(error.extensions).toMatchObject({ currentVersion: 1, expectedVersion: 7 });
    });

    it('a PARTNER of no party and an AUDITOR are FORBIDDEN; the public is UNAUTHENTICATED', async () => {
      const input = { commitmentId: id, expectedVersion: 1, status: 'ANNOUNCED' };
      await expectRefused({ query: CHANGE, input, headers: as.partnerFR, commitmentId: id }, 'FORBIDDEN');
      await expectRefused({ query: CHANGE, input, headers: as.auditor, commitmentId: id }, 'FORBIDDEN');
      await expectRefused({ query: CHANGE, input, headers: NO_TOKEN, commitmentId: id }, 'UNAUTHENTICATED');
    });

    it('a PARTNER of a country added by the Factory can change a commitment of that country only', async () => {
      const country = await factory.country();
      const other = await factory.commitment({ status: 'ANNOUNCED', partyIds: [country.id] });
      const partner = await authHeader({ sub: `partner-${country.code}`, role: Role.PARTNER, country: country.code });
      await expectRefused(
        { query: CHANGE, input: { commitmentId: id, expectedVersion: 1, status: 'ANNOUNCED' }, headers: partner, commitmentId: id },
        'FORBIDDEN',
      );
      const payload = await changeStatus({ commitmentId: other.globalId, expectedVersion: 1, status: 'IN_PROGRESS' }, partner);
      expect(payload.statusChange).toMatchObject({
        fromStatus: 'ANNOUNCED',
        toStatus: 'IN_PROGRESS',
        version: 2,
        actor: { country: { code: country.code } },
      });
    });
  });

  it('DELAYED without a note and DELIVERED without an evidenceUrl are BAD_USER_INPUT', async () => {
    const id = (await create({ title: 'Needs note and evidence', status: 'ANNOUNCED' }, as.partnerIN)).commitment.id;
    const base = { commitmentId: id, expectedVersion: 1 };
    const noNote = await expectRefused(
      { query: CHANGE, input: { ...base, status: 'DELAYED' }, headers: as.partnerIN, commitmentId: id },
      'BAD_USER_INPUT',
      /input\.note/,
    );
    expect(noNote.message).toMatch(/needs a note/);
    const noEvidence = await expectRefused(
      { query: CHANGE, input: { ...base, status: 'DELIVERED', note: 'done' }, headers: as.partnerIN, commitmentId: id },
      'BAD_USER_INPUT',
      /input\.evidenceUrl/,
    );
    expect(noEvidence.message).toMatch(/needs an evidenceUrl/);
  });
});

describe('concurrency', () => {
  it('200 concurrent changes at the same expectedVersion: exactly one wins, 199 get CONFLICT', async () => {
    const id = (await create({ title: 'Contended', status: 'ANNOUNCED', parties: [{ countryCode: 'IN', role: 'LEAD' }] }, as.partnerIN))
      .commitment.id;
    const historyBefore = await historyRows(id);
    const auditBefore = (await snapshot()).counts.audit_events;

    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api.graphql(
          CHANGE_LEAN,
          { input: { commitmentId: id, expectedVersion: 1, status: 'IN_PROGRESS' } },
          i % 2 ? as.partnerIN : as.partnerIN2,
        ),
      ),
    );
    const elapsed = Date.now() - started;

    const won = responses.filter((r) => !r.body.errors);
    const lost = responses.filter((r) => r.body.errors);
    expect(won).toHaveLength(1);
    expect(won[0].body.data.changeCommitmentStatus).toMatchObject({
      commitment: { status: 'IN_PROGRESS', version: 2 },
      statusChange: { toStatus: 'IN_PROGRESS', version: 2 },
    });
    expect(lost).toHaveLength(199);
    for (const response of lost) {
      expect(response.status).toBeLessThan(500);
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2, expectedVersion: 1 });
    }
    expect(await historyRows(id)).toBe(historyBefore + 1);
    // The commitment's entry and its obligation's.
    expect((await snapshot()).counts.audit_events).toBe(auditBefore + 2);
    expect(await history(id)).toMatchObject({ status: 'IN_PROGRESS', version: 2, statusHistory: { totalCount: 2 } });
    console.info(`200 concurrent changeCommitmentStatus: ${elapsed} ms`);

    // Then 200 sequential changes, each at the version the previous one returned.
    const sequentialStarted = Date.now();
    let version = 2;
    let lastSequence = won[0].body.data.changeCommitmentStatus.statusChange.sequence;
    for (let i = 0; i < 200; i++) {
      const status = i % 2 === 0 ? 'DELAYED' : 'IN_PROGRESS';
      const payload = dataOf(
        await api.graphql(
          CHANGE_LEAN,
          { input: { commitmentId: id, expectedVersion: version, status, note: status === 'DELAYED' ? `delay ${i}` : null } },
          as.partnerIN,
        ),
      ).changeCommitmentStatus;
      expect(payload.commitment).toEqual({ status, version: version + 1 });
      expect(payload.statusChange.version).toBe(version + 1);
      expect(payload.statusChange.sequence).toBeGreaterThan(lastSequence);
      version = payload.commitment.version;
      lastSequence = payload.statusChange.sequence;
    }
    const sequentialElapsed = Date.now() - sequentialStarted;
    console.info(`200 sequential changeCommitmentStatus: ${sequentialElapsed} ms`);

    expect(version).toBe(202);
    expect(await historyRows(id)).toBe(historyBefore + 1 + 200);
    const versions: { version: number }[] = await q(
      'SELECT version FROM audit_events WHERE subject_id = $1 AND to_status IS NOT NULL ORDER BY sequence',
      [fromGlobalId('Commitment', id)],
    );
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 202 }, (_, i) => i + 1));
    const read = dataOf(
      await api.graphql(
        'query($id: ID!) { commitment(id: $id) { status version statusHistory(last: 2) { totalCount edges { node { toStatus version } } } } }',
        { id },
      ),
    ).commitment;
    expect(read).toEqual({
      status: 'IN_PROGRESS',
      version: 202,
      statusHistory: {
        totalCount: 202,
        edges: [{ node: { toStatus: 'DELAYED', version: 201 } }, { node: { toStatus: 'IN_PROGRESS', version: 202 } }],
      },
    });
  }, 240_000);
});

describe('idempotency', () => {
  let id: string;
  let first: any;
  const key = 'status-change-7f3a';
  const input = () => ({ commitmentId: id, expectedVersion: 1, status: 'IN_PROGRESS', effectiveOn: '2026-02-02', idempotencyKey: key });

  beforeAll(async () => {
    id = (
      await create(
        { title: 'Retried by a flaky client', status: 'ANNOUNCED', parties: [{ countryCode: 'IN', role: 'LEAD' }] },
        as.partnerIN,
      )
    ).commitment.id;
  });

  it('the same change with the same key sent 50 times concurrently is made once; all 50 get its result', async () => {
    const before = await snapshot(id);
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.graphql(CHANGE, { input: input() }, as.partnerIN)));
    console.info(`50 concurrent idempotent changeCommitmentStatus: ${Date.now() - started} ms`);

    const payloads = responses.map((r) => dataOf(r).changeCommitmentStatus);
    first = payloads[0];
    expect(first.commitment).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(first.statusChange).toMatchObject({
      fromStatus: 'ANNOUNCED',
      toStatus: 'IN_PROGRESS',
      version: 2,
      effectiveOn: '2026-02-02',
      actor: { sub: 'partner-in-1' },
    });
    for (const payload of payloads) {
      expect(payload.statusChange.sequence).toBe(first.statusChange.sequence);
      expect(payload.commitment.version).toBe(2);
      expect(payload).toEqual(first);
    }
    const after = await snapshot(id);
    expect(after.counts.audit_events).toBe(before.counts.audit_events + 2);
    expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 1);
    expect(after.row).toMatchObject({ version: 2, status: 'IN_PROGRESS' });
    expect(await historyRows(id)).toBe(2);
  });

  it('a later replay returns the first result and writes nothing, even after the commitment moved on', async () => {
    const moved = await changeStatus(
      { commitmentId: id, expectedVersion: 2, status: 'DELAYED', note: 'Supplier insolvency', effectiveOn: '2026-02-02' },
      as.partnerIN,
    );
    expect(moved.commitment.version).toBe(3);
    const before = await snapshot(id);
    const replay = dataOf(await api.graphql(CHANGE, { input: input() }, as.partnerIN)).changeCommitmentStatus;
    expect(replay.statusChange).toEqual(first.statusChange);
    expect(replay.commitment).toMatchObject({ version: 2, status: 'IN_PROGRESS' });
    expect(await snapshot(id)).toEqual(before);
  });

  it('the same key with a different input is IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    for (const changed of [
      { status: 'WITHDRAWN', note: 'changed my mind', expectedVersion: 3 },
      { effectiveOn: '2026-02-03' },
      { expectedVersion: 3 },
    ]) {
      const error = await expectRefused(
        { query: CHANGE, input: { ...input(), ...changed }, headers: as.partnerIN, commitmentId: id },
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(error.message).toContain(key);
      expect(error.extensions).toMatchObject({ argument: 'idempotencyKey', firstOperation: 'changeCommitmentStatus' });
    }
    // ...and so is the same key for another operation.
    await expectRefused(
      {
        query: UPDATE,
        input: { commitmentId: id, expectedVersion: 3, title: 'x', idempotencyKey: key },
        headers: as.partnerIN,
        commitmentId: id,
      },
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('treats a field sent as null like a field left out: the same request, replayed', async () => {
    const before = await snapshot(id);
    const replay = dataOf(
      await api.graphql(CHANGE, { input: { ...input(), evidenceUrl: null, note: null } }, as.partnerIN),
    ).changeCommitmentStatus;
    expect(replay.statusChange).toEqual(first.statusChange);
    expect(await snapshot(id)).toEqual(before);
  });

  it('the same key used by another caller is independent of the first', async () => {
    // The other caller's identical request is not a replay of the first caller's: it runs, and its version is stale.
    const stale = await expectRefused({ query: CHANGE, input: input(), headers: as.partnerIN2, commitmentId: id }, 'CONFLICT');
    expect(stale.extensions).toMatchObject({ currentVersion: 3, expectedVersion: 1 });

    const before = await snapshot(id);
    const own = await changeStatus({ ...input(), expectedVersion: 3 }, as.partnerIN2);
    expect(own.statusChange).toMatchObject({ fromStatus: 'DELAYED', toStatus: 'IN_PROGRESS', version: 4, actor: { sub: 'partner-in-2' } });
    expect(own.statusChange.sequence).toBeGreaterThan(first.statusChange.sequence);
    const after = await snapshot(id);
    expect(after.counts.audit_events).toBe(before.counts.audit_events + 2);
    expect(after.counts.idempotency_keys).toBe(before.counts.idempotency_keys + 1);

    // Each caller replays its own result under the shared key.
    expect(dataOf(await api.graphql(CHANGE, { input: { ...input(), expectedVersion: 3 } }, as.partnerIN2)).changeCommitmentStatus).toEqual(
      own,
    );
    expect(dataOf(await api.graphql(CHANGE, { input: input() }, as.partnerIN)).changeCommitmentStatus.statusChange).toEqual(
      first.statusChange,
    );
    expect(await snapshot(id)).toEqual(after);
  });

  describe("a token with the first caller's sub but another role or country is another caller", () => {
    const sameSub = (claims: Omit<TokenClaims, 'sub'>) => authHeader({ sub: CLAIMS.partnerIN.sub, ...claims } as TokenClaims);

    it('a PARTNER of a country that is not a party is FORBIDDEN, not handed the stored result, and writes nothing', async () => {
      const error = await expectRefused(
        { query: CHANGE, input: input(), headers: await sameSub({ role: Role.PARTNER, country: 'FR' }), commitmentId: id },
        'FORBIDDEN',
      );
      expect(error.message).toMatch(/your country FR is not among IN/);
    });

    it('an AUDITOR is FORBIDDEN before any key is looked at', async () => {
      const error = await expectRefused(
        { query: CHANGE, input: input(), headers: await sameSub({ role: Role.AUDITOR }), commitmentId: id },
        'FORBIDDEN',
      );
      expect(error.message).toMatch(/AUDITOR may not change commitment/);
    });

    it('an ADMIN with the same sub runs its own request (here stale: CONFLICT)', async () => {
      const stale = await expectRefused(
        { query: CHANGE, input: input(), headers: await sameSub({ role: Role.ADMIN }), commitmentId: id },
        'CONFLICT',
      );
      expect(stale.extensions).toMatchObject({ currentVersion: 4, expectedVersion: 1 });
    });

    it('the same for a creation: another country cannot replay a partner’s createCommitment', async () => {
      const created = await create({ title: 'Created once under a key', idempotencyKey: 'create-4d2e' }, as.partnerIN);
      await expectRefused(
        {
          query: CREATE,
          input: newCommitment({ title: 'Created once under a key', idempotencyKey: 'create-4d2e' }),
          headers: await sameSub({ role: Role.PARTNER, country: 'FR' }),
        },
        'FORBIDDEN',
      );
      // The first caller still gets its own result.
      expect(await create({ title: 'Created once under a key', idempotencyKey: 'create-4d2e' }, as.partnerIN)).toEqual(created);
    });
  });
});
