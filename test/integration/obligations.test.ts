import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { Factory } from '../helpers/factories';
import { mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;

const ADMIN: TokenClaims = { sub: 'obligations-admin', role: Role.ADMIN };
const partner = (country: string): TokenClaims => ({ sub: `obligations-${country.toLowerCase()}`, role: Role.PARTNER, country });
const EVIDENCE = 'https://example.org/evidence/delivered.pdf';
// The twelve parties of a joint commitment, the US leading (made here, not taken from the seed).
const TWELVE = ['US', 'CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'EU', 'IN', 'AU', 'KR', 'MX'];

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version status } } }`;
const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) {
  commitment { status version }
  statusChange { toStatus }
  obligation { id status version party { role country { code } } }
  obligationStatusChange { id fromStatus toStatus version effectiveOn note }
} }`;
const CORRECT = `mutation($input: CorrectStatusChangeInput!) { correctStatusChange(input: $input) {
  obligation { status version }
  correction { id fromStatus toStatus note }
  commitment { status }
} }`;
const SCORECARD = `countsByStatus { status count } overdueCount pledged { amount currency } delivered { amount currency } complianceScore scoredCommitments`;
const OBLIGATIONS = `query($id: ID!) { commitment(id: $id) { status obligations(first: 20) { totalCount edges { node {
  id status version overdue note effectiveOn amount { amount currency } party { role country { code } }
  statusHistory(first: 20) { edges { node { id fromStatus toStatus note effectiveOn correctedBy { id note } } } }
} } } } }`;

beforeAll(() => {
  factory = new Factory(api.db);
});

async function create(parties: { countryCode: string; role?: string }[], fields: Record<string, unknown> = {}) {
  const input = {
    title: 'Joint commitment',
    kind: 'FUNDING',
    instrument: 'JOINT_DECLARATION',
    status: 'ANNOUNCED',
    parties: parties.map((p, index) => ({ role: index === 0 ? 'LEAD' : 'PARTY', ...p })),
    announcedOn: '2026-01-12',
    ...fields,
  };
  return dataOf(await mutateAs(api, ADMIN, CREATE, input)).createCommitment.commitment as { id: string; version: number; status: string };
}

/** Moves one obligation; `version` is the commitment's version read before. */
async function change(claims: TokenClaims, commitmentId: string, input: Record<string, unknown>) {
  const version = (await commitmentOf(commitmentId)).version;
  return dataOf(await mutateAs(api, claims, CHANGE, { commitmentId, expectedVersion: version, ...input })).changeCommitmentStatus;
}

async function commitmentOf(id: string) {
  return dataOf(await api.graphql(`query($id: ID!) { commitment(id: $id) { status version } }`, { id })).commitment;
}

async function obligations(id: string) {
  const read = dataOf(await api.graphql(OBLIGATIONS, { id })).commitment;
  return { status: read.status, byCode: Object.fromEntries(read.obligations.edges.map((e: any) => [e.node.party.country.code, e.node])) };
}

async function scorecard(code: string, time: { asOf?: Date; validOn?: string } = {}) {
  const query = `query($code: String!, $asOf: DateTime, $validOn: LocalDate) { country(code: $code) { scorecard(asOf: $asOf, validOn: $validOn) { ${SCORECARD} } } }`;
  return dataOf(await api.graphql(query, { code, ...time }, await authHeader(ADMIN))).country.scorecard;
}

const countOf = (card: any, status: string) => card.countsByStatus.find((c: any) => c.status === status).count;

/** An instant just after every event recorded so far (the database clock). */
async function afterLastEvent(): Promise<Date> {
  const [{ at }] = await api.db.query(`SELECT max(occurred_at) + interval '1 millisecond' AS at FROM audit_events`);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return at;
}

const WRITES = {
  events: 'SELECT count(*) FROM audit_events',
  obligations: "SELECT string_agg(id::text || status || version, ',' ORDER BY id) FROM obligations",
  commitments: "SELECT string_agg(id::text || status || version, ',' ORDER BY id) FROM commitments",
};

describe('joint commitments: each party answers for its own obligation', () => {
  let joint: { id: string };
  beforeAll(async () => {
    joint = await create(
      TWELVE.map((countryCode) => ({ countryCode })),
      { title: 'Fund new critical-mineral projects (test)', amount: { amount: '5000000000', currency: 'USD' }, targetOn: '2027-12-31' },
    );
  });

  it('has one obligation per party, the amount with the lead alone', async () => {
    const { status, byCode } = await obligations(joint.id);
    expect(status).toBe('ANNOUNCED');
    expect(Object.keys(byCode).sort()).toEqual([...TWELVE].sort());
    expect(byCode.US).toMatchObject({ status: 'ANNOUNCED', version: 1, overdue: false, party: { role: 'LEAD' } });
    expect(byCode.US.amount).toEqual({ amount: '5000000000.00', currency: 'USD' });
    expect(byCode.IN).toMatchObject({ amount: null, party: { role: 'PARTY' }, effectiveOn: '2026-01-12' });
  });

  it("India's DELIVERED leaves Japan's and Mexico's scorecards unchanged, and moves India's", async () => {
    const before = { JP: await scorecard('JP'), MX: await scorecard('MX'), IN: await scorecard('IN') };
    await change(partner('IN'), joint.id, { status: 'IN_PROGRESS' });
    const delivered = await change(partner('IN'), joint.id, { status: 'DELIVERED', evidenceUrl: EVIDENCE });
    expect(delivered.obligation).toMatchObject({ status: 'DELIVERED', version: 3, party: { country: { code: 'IN' } } });
    expect(delivered.obligationStatusChange).toMatchObject({ fromStatus: 'IN_PROGRESS', toStatus: 'DELIVERED', version: 3 });
    // Eleven parties are still ANNOUNCED: the roll-up stays, so no commitment status change.
    expect(delivered.commitment.status).toBe('ANNOUNCED');
    expect(delivered.statusChange).toBeNull();

    expect(await scorecard('JP')).toEqual(before.JP);
    expect(await scorecard('MX')).toEqual(before.MX);
    const india = await scorecard('IN');
    expect(countOf(india, 'DELIVERED')).toBe(countOf(before.IN, 'DELIVERED') + 1);
    expect(countOf(india, 'ANNOUNCED')).toBe(countOf(before.IN, 'ANNOUNCED') - 1);
    // India pledged nothing of the lead's 5bn.
    expect(india.pledged).toEqual(before.IN.pledged);
  });

  it("Japan's team cannot change India's obligation: FORBIDDEN, nothing written", async () => {
    const before = await snapshotOf(api.db, WRITES);
    const { version } = await commitmentOf(joint.id);
    const response = await mutateAs(api, partner('JP'), CHANGE, {
      commitmentId: joint.id,
      expectedVersion: version,
      partyCountryCode: 'IN',
      status: 'WITHDRAWN',
      note: 'not ours to say',
    });
    refusal(response, 'FORBIDDEN');
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
  });

  it('ADMIN names the party on a commitment with several; without one it is BAD_USER_INPUT and writes nothing', async () => {
    const before = await snapshotOf(api.db, WRITES);
    const { version } = await commitmentOf(joint.id);
    const response = await mutateAs(api, ADMIN, CHANGE, { commitmentId: joint.id, expectedVersion: version, status: 'IN_PROGRESS' });
    expect(refusal(response, 'BAD_USER_INPUT').extensions).toMatchObject({ argument: 'input.partyCountryCode' });
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
    const moved = await change(ADMIN, joint.id, { status: 'IN_PROGRESS', partyCountryCode: 'jp' });
    expect(moved.obligation).toMatchObject({ status: 'IN_PROGRESS', party: { country: { code: 'JP' } } });
  });

  it('a party leaves by withdrawing its own obligation, which needs a note', async () => {
    const { version } = await commitmentOf(joint.id);
    const noNote = await mutateAs(api, partner('MX'), CHANGE, { commitmentId: joint.id, expectedVersion: version, status: 'WITHDRAWN' });
    expect(refusal(noNote, 'BAD_USER_INPUT').extensions).toMatchObject({ argument: 'input.note' });
    const left = await change(partner('MX'), joint.id, { status: 'WITHDRAWN', note: 'Mexico leaves the fund' });
    expect(left.obligation.status).toBe('WITHDRAWN');
    expect((await obligations(joint.id)).byCode.MX).toMatchObject({ status: 'WITHDRAWN', note: 'Mexico leaves the fund' });
  });
});

describe('a party removed from a commitment', () => {
  it('no longer counts from the instant it was removed, and still counts as of before', async () => {
    const [kept, removed] = [await factory.country(), await factory.country()];
    const c = await create([{ countryCode: kept.code }, { countryCode: removed.code }], { title: 'Party removed' });
    const before = await afterLastEvent();
    const { version } = await commitmentOf(c.id);
    const UPDATE = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { version } } }`;
    const parties = [{ countryCode: kept.code, role: 'LEAD' }];
    dataOf(await mutateAs(api, ADMIN, UPDATE, { commitmentId: c.id, expectedVersion: version, parties }));
    const after = await afterLastEvent();
    expect(Object.keys((await obligations(c.id)).byCode)).toEqual([kept.code]);
    expect(countOf(await scorecard(removed.code, { asOf: before }), 'ANNOUNCED')).toBe(1);
    expect(countOf(await scorecard(removed.code, { asOf: after }), 'ANNOUNCED')).toBe(0);
    expect(countOf(await scorecard(removed.code, { asOf: after, validOn: '2026-02-01' }), 'ANNOUNCED')).toBe(0);
    expect(countOf(await scorecard(removed.code, { validOn: '2026-02-01' }), 'ANNOUNCED')).toBe(0);
    expect(countOf(await scorecard(kept.code, { asOf: after, validOn: '2026-02-01' }), 'ANNOUNCED')).toBe(1);
  });
});

describe('the roll-up rule', () => {
  it('follows the documented rule step by step', async () => {
    const c = await create([{ countryCode: 'IN' }, { countryCode: 'JP' }, { countryCode: 'MX' }], { title: 'Roll-up' });
    const steps: [string, Record<string, unknown>, string][] = [
      ['IN', { status: 'IN_PROGRESS' }, 'ANNOUNCED'], // the least advanced open obligation counts
      ['JP', { status: 'DELAYED', note: 'late' }, 'DELAYED'], // any DELAYED
      ['JP', { status: 'WITHDRAWN', note: 'left' }, 'ANNOUNCED'], // withdrawn ones drop out; MX is still ANNOUNCED
      ['MX', { status: 'DELIVERED', evidenceUrl: EVIDENCE }, 'IN_PROGRESS'], // IN is the only open one
      ['IN', { status: 'DELIVERED', evidenceUrl: EVIDENCE }, 'DELIVERED'], // every party delivered or withdrew, one delivered
    ];
    for (const [code, input, expected] of steps) {
      const moved = await change(partner(code), c.id, input);
      expect(moved.commitment.status).toBe(expected);
    }
    const allOut = await create([{ countryCode: 'IN' }, { countryCode: 'JP' }], { title: 'Roll-up, all withdraw' });
    await change(partner('IN'), allOut.id, { status: 'WITHDRAWN', note: 'out' });
    expect((await change(partner('JP'), allOut.id, { status: 'WITHDRAWN', note: 'out too' })).commitment.status).toBe('WITHDRAWN');
  });

  it('a single-party commitment moves with its one obligation, as before', async () => {
    const c = await create([{ countryCode: 'KR' }], { title: 'Single party' });
    const moved = await change(ADMIN, c.id, { status: 'IN_PROGRESS' });
    expect(moved.commitment).toEqual({ status: 'IN_PROGRESS', version: 2 });
    expect(moved.statusChange).toEqual({ toStatus: 'IN_PROGRESS' });
  });
});

describe('corrections instead of rewrites', () => {
  it('restores the status, keeps both entries, changes the scorecard as of after it, and keeps the trail verifying', async () => {
    const country = await factory.country();
    const c = await create([{ countryCode: country.code }, { countryCode: 'JP' }], { title: 'Corrected' });
    const claims = partner(country.code);
    await change(claims, c.id, { status: 'IN_PROGRESS' });
    const mistaken = await change(claims, c.id, { status: 'DELIVERED', evidenceUrl: EVIDENCE });
    const afterMistake = await afterLastEvent();

    // A final status is left only through a correction.
    const { version } = await commitmentOf(c.id);
    refusal(
      await mutateAs(api, claims, CHANGE, { commitmentId: c.id, expectedVersion: version, status: 'IN_PROGRESS' }),
      'INVALID_TRANSITION',
    );

    // Another country's team may not correct it; nothing is written.
    const before = await snapshotOf(api.db, WRITES);
    const input = {
      statusChangeId: mistaken.obligationStatusChange.id,
      reason: 'Recorded against the wrong commitment',
      expectedVersion: 3,
    };
    refusal(await mutateAs(api, partner('JP'), CORRECT, input), 'FORBIDDEN');
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);

    const corrected = dataOf(await mutateAs(api, claims, CORRECT, input)).correctStatusChange;
    expect(corrected.obligation).toEqual({ status: 'IN_PROGRESS', version: 4 });
    expect(corrected.correction).toMatchObject({ fromStatus: 'DELIVERED', toStatus: 'IN_PROGRESS', note: input.reason });
    const afterCorrection = await afterLastEvent();

    const history = (await obligations(c.id)).byCode[country.code].statusHistory.edges.map((e: any) => e.node);
    expect(history.map((h: any) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'ANNOUNCED'],
      ['ANNOUNCED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'DELIVERED'],
      ['DELIVERED', 'IN_PROGRESS'],
    ]);
    expect(history[2].correctedBy).toEqual({ id: corrected.correction.id, note: input.reason });
    expect(history[3].correctedBy).toBeNull();

    const then = await scorecard(country.code, { asOf: afterMistake });
    const now = await scorecard(country.code, { asOf: afterCorrection });
    expect([countOf(then, 'DELIVERED'), countOf(then, 'IN_PROGRESS')]).toEqual([1, 0]);
    expect([countOf(now, 'DELIVERED'), countOf(now, 'IN_PROGRESS')]).toEqual([0, 1]);
    expect(await scorecard(country.code)).toEqual(now);

    // Corrected twice: refused.
    refusal(await mutateAs(api, claims, CORRECT, { ...input, expectedVersion: 4 }), 'CORRECTION_NOT_LATEST');

    const verified = dataOf(await api.graphql('{ verifyAuditTrail { ok firstBrokenSequence } }', {}, await authHeader(ADMIN)));
    expect(verified.verifyAuditTrail).toEqual({ ok: true, firstBrokenSequence: null });
  });

  it('a correction behind a later change is refused with CORRECTION_NOT_LATEST, and writes nothing', async () => {
    const c = await create([{ countryCode: 'AU' }], { title: 'Corrected too late' });
    const first = await change(partner('AU'), c.id, { status: 'IN_PROGRESS' });
    await change(partner('AU'), c.id, { status: 'DELAYED', note: 'slipped' });
    const before = await snapshotOf(api.db, WRITES);
    const response = await mutateAs(api, ADMIN, CORRECT, {
      statusChangeId: first.obligationStatusChange.id,
      reason: 'too late',
      expectedVersion: 3,
    });
    refusal(response, 'CORRECTION_NOT_LATEST');
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
  });
});

describe('valid time beside record time', () => {
  const LIST = `query($asOf: DateTime, $validOn: LocalDate, $codes: [String!]) {
    commitments(asOf: $asOf, validOn: $validOn, filter: { countryCodes: $codes }, first: 50) { totalCount edges { node { id status } } } }`;
  async function listed(codes: string[], time: { asOf?: Date | string; validOn?: string }) {
    const read = dataOf(await api.graphql(LIST, { codes, ...time }, await authHeader(ADMIN))).commitments;
    return Object.fromEntries(read.edges.map((e: any) => [e.node.id, e.node.status]));
  }

  it('a change backdated to 2026-03-01 and recorded today shows on validOn 2026-03-02, not as of yesterday', async () => {
    const country = await factory.country();
    const c = await create([{ countryCode: country.code }], { title: 'Backdated', announcedOn: '2026-02-01' });
    const moved = await change(partner(country.code), c.id, { status: 'IN_PROGRESS', effectiveOn: '2026-03-01' });
    expect(moved.obligationStatusChange.effectiveOn).toBe('2026-03-01');

    expect(await listed([country.code], { validOn: '2026-03-02' })).toEqual({ [c.id]: 'IN_PROGRESS' });
    expect(await listed([country.code], { validOn: '2026-02-15' })).toEqual({ [c.id]: 'ANNOUNCED' });
    expect(await listed([country.code], { validOn: '2026-01-31' })).toEqual({});
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    expect(await listed([country.code], { asOf: yesterday })).toEqual({});
    expect(await listed([country.code], { asOf: yesterday, validOn: '2026-03-02' })).toEqual({});

    // Bounds: not before the commitment's own date, not in the future.
    const { version } = await commitmentOf(c.id);
    const early = await mutateAs(api, partner(country.code), CHANGE, {
      commitmentId: c.id,
      expectedVersion: version,
      status: 'DELAYED',
      note: 'x',
      effectiveOn: '2026-01-15',
    });
    refusal(early, 'EFFECTIVE_DATE_OUT_OF_BOUNDS');
    const future = await mutateAs(api, partner(country.code), CHANGE, {
      commitmentId: c.id,
      expectedVersion: version,
      status: 'DELAYED',
      note: 'x',
      effectiveOn: '2999-01-01',
    });
    expect(refusal(future, 'BAD_USER_INPUT').extensions).toMatchObject({ argument: 'input.effectiveOn' });
  });

  it('seeded commitments take effect on their meeting day: validOn 2026-01-15 shows them, asOf then shows nothing', async () => {
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM commitments c JOIN meetings m ON m.id = c.meeting_id WHERE m.starts_on <= '2026-01-15'`,
    );
    const query = `query($asOf: DateTime, $validOn: LocalDate) { commitments(asOf: $asOf, validOn: $validOn) { totalCount } }`;
    const valid = dataOf(await api.graphql(query, { validOn: '2026-01-15' }, await authHeader(ADMIN))).commitments;
    expect(n).toBeGreaterThan(0);
    expect(valid.totalCount).toBeGreaterThanOrEqual(n);
    const recorded = dataOf(await api.graphql(query, { asOf: '2026-01-15T00:00:00Z' }, await authHeader(ADMIN))).commitments;
    expect(recorded.totalCount).toBe(0);
  });

  it('asOf and validOn together give the bitemporal answer in a scripted scenario', async () => {
    const country = await factory.country();
    const claims = partner(country.code);
    const c = await create([{ countryCode: country.code }], { title: 'Bitemporal', announcedOn: '2026-01-01' });
    const t1 = await afterLastEvent();
    await change(claims, c.id, { status: 'IN_PROGRESS', effectiveOn: '2026-02-01' });
    const t2 = await afterLastEvent();
    await change(claims, c.id, { status: 'DELAYED', note: 'slipped', effectiveOn: '2026-03-01' });
    const t3 = await afterLastEvent();
    await change(claims, c.id, { status: 'IN_PROGRESS', effectiveOn: '2026-04-01' });
    const delivered = await change(claims, c.id, { status: 'DELIVERED', evidenceUrl: EVIDENCE, effectiveOn: '2026-05-01' });
    const t5 = await afterLastEvent();
    dataOf(
      await mutateAs(api, claims, CORRECT, { statusChangeId: delivered.obligationStatusChange.id, reason: 'not yet', expectedVersion: 5 }),
    );
    const t6 = await afterLastEvent();

    const ONE = `query($id: ID!, $asOf: DateTime, $validOn: LocalDate) { commitment(id: $id, asOf: $asOf, validOn: $validOn) {
      status obligations { edges { node { status } } } } }`;
    const at = async (asOf: Date | undefined, validOn: string | undefined) => {
      const read = dataOf(await api.graphql(ONE, { id: c.id, asOf, validOn }, await authHeader(ADMIN))).commitment;
      if (read) expect(read.obligations.edges.map((e: any) => e.node.status)).toEqual([read.status]);
      return read?.status ?? null;
    };
    const cases: [Date | undefined, string | undefined, string | null][] = [
      [t1, '2026-03-15', 'ANNOUNCED'], // known at t1: only the announcement
      [t2, '2026-03-15', 'IN_PROGRESS'], // known at t2: under way since February
      [t3, '2026-02-15', 'IN_PROGRESS'], // at t3 about February: still under way then
      [t3, '2026-03-15', 'DELAYED'],
      [undefined, '2026-03-15', 'DELAYED'], // as known now
      [t5, '2026-05-15', 'DELIVERED'], // before the correction was recorded
      [t6, '2026-05-15', 'IN_PROGRESS'], // after it
      [undefined, '2026-05-15', 'IN_PROGRESS'],
      [undefined, '2025-12-31', null], // before the commitment's own date
      [t3, undefined, 'DELAYED'], // asOf alone: what had been recorded by then
    ];
    for (const [asOf, validOn, expected] of cases)
      expect([asOf?.toISOString(), validOn, await at(asOf, validOn)]).toEqual([asOf?.toISOString(), validOn, expected]);

    // The scorecard answers the same way.
    expect(countOf(await scorecard(country.code, { validOn: '2026-03-15' }), 'DELAYED')).toBe(1);
    expect(countOf(await scorecard(country.code, { asOf: t2, validOn: '2026-03-15' }), 'IN_PROGRESS')).toBe(1);
    expect(countOf(await scorecard(country.code, { asOf: t5, validOn: '2026-05-15' }), 'DELIVERED')).toBe(1);
    expect(countOf(await scorecard(country.code, { validOn: '2026-05-15' }), 'DELIVERED')).toBe(0);
  });
});
