import { Role } from '../../src/modules/auth/caller';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
let admin: Record<string, string>;
beforeAll(async () => {
  factory = new Factory(api.db);
  admin = await authHeader({ sub: 'scorecard-admin', role: Role.ADMIN });
});

const SCORECARD = `countsByStatus { status count } overdueCount onTimeDeliveryPercent
  pledged { amount currency } delivered { amount currency } complianceScore scoredCommitments`;
const QUERY = `query($code: String!, $asOf: DateTime) { country(code: $code) { scorecard(asOf: $asOf) { ${SCORECARD} } } }`;

/** Now for anyone; as of a past instant only for an AUDITOR or ADMIN, so read as the ADMIN then. */
async function scorecard(code: string, asOf?: Date) {
  return dataOf(await api.graphql(QUERY, { code, asOf }, asOf ? admin : {})).country.scorecard;
}

/** Counts in workflow order: PROPOSED, ANNOUNCED, IN_PROGRESS, DELIVERED, DELAYED, WITHDRAWN. */
const counts = (...values: number[]) =>
  ['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS', 'DELIVERED', 'DELAYED', 'WITHDRAWN'].map((status, index) => ({
    status,
    count: values[index] ?? 0,
  }));
const money = (...pairs: [string, string][]) => pairs.map(([amount, currency]) => ({ amount, currency }));

/** createCommitment or changeCommitmentStatus as an ADMIN; the commitment's id and new version. */
async function mutate(mutation: 'create' | 'change', input: Record<string, unknown>) {
  const [field, type] =
    mutation === 'create' ? ['createCommitment', 'CreateCommitmentInput'] : ['changeCommitmentStatus', 'ChangeCommitmentStatusInput'];
  const data = dataOf(
    await api.graphql(`mutation($input: ${type}!) { ${field}(input: $input) { commitment { id version } } }`, { input }, admin),
  );
  return data[field].commitment as { id: string; version: number };
}

const createFor = (code: string, fields: Record<string, unknown>) =>
  mutate('create', {
    title: 'Scorecard commitment',
    kind: 'FUNDING',
    instrument: 'STATEMENT',
    status: 'ANNOUNCED',
    parties: [{ countryCode: code, role: 'LEAD' }],
    ...fields,
  });
const EVIDENCE = 'https://example.org/evidence';

/** An instant just after every event recorded so far (the database clock, rounded up past its microseconds). */
async function afterLastEvent(): Promise<Date> {
  const [{ at }] = await api.db.query(`SELECT max(occurred_at) + interval '1 millisecond' AS at FROM audit_events`);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return at;
}

describe('Country.scorecard', () => {
  let main: { id: string; code: string };
  let partner: { id: string; code: string };
  let idle: { id: string; code: string };
  beforeAll(async () => {
    main = await factory.country();
    partner = await factory.country();
    idle = await factory.country();
    const add = async (status: string, targetOn: string | null, amount?: [string, string], partyIds = [main.id]) => {
      const made = await factory.commitment({ status, partyIds, amount: amount?.[0], currency: amount?.[1] });
      await api.db.query('UPDATE commitments SET target_on = $2 WHERE id = $1', [made.id, targetOn]);
    };
    await add('DELIVERED', '2099-01-01', ['100.00', 'USD'], [main.id, partner.id]); // delivered today, before its target: on time, +1
    await add('DELIVERED', '2020-01-01', ['50.00', 'EUR']); // delivered today, years late: due, not on time, still +1
    await add('IN_PROGRESS', '2099-01-01', ['200.00', 'USD']); // not due: 0
    await add('IN_PROGRESS', '2020-01-01'); // overdue: due, -1
    await add('ANNOUNCED', null, ['10.00', 'USD']); // no target: not scorable
    await add('PROPOSED', '2020-01-01', ['1.25', 'USD']); // overdue: due, -1
    await add('WITHDRAWN', '2020-01-01', ['999.00', 'USD']); // -1, not pledged, not overdue
    await add('DELAYED', '2099-01-01', ['5.00', 'EUR']); // -1, not overdue
    // Delivered through the API with an effective date the day before its target: on time although recorded today.
    const onTime = await createFor(main.code, {
      announcedOn: '2019-06-01',
      targetOn: '2020-01-01',
      amount: { amount: '1000', currency: 'JPY' },
    });
    await mutate('change', {
      commitmentId: onTime.id,
      status: 'DELIVERED',
      expectedVersion: onTime.version,
      evidenceUrl: EVIDENCE,
      effectiveOn: '2019-12-31',
    });
  });

  it('counts, rates, totals and scores every commitment of the country by the documented rule', async () => {
    expect(await scorecard(main.code)).toEqual({
      countsByStatus: counts(1, 1, 2, 3, 1, 1),
      overdueCount: 2,
      onTimeDeliveryPercent: 40,
      pledged: money(['55.00', 'EUR'], ['1000', 'JPY'], ['311.25', 'USD']),
      delivered: money(['50.00', 'EUR'], ['1000', 'JPY'], ['100.00', 'USD']),
      complianceScore: -0.125,
      scoredCommitments: 8,
    });
  });

  it('counts a shared commitment for each of its parties by its own obligation, but the amount only for the lead that pledged it', async () => {
    expect(await scorecard(partner.code)).toEqual({
      countsByStatus: counts(0, 0, 0, 1),
      overdueCount: 0,
      onTimeDeliveryPercent: 100,
      pledged: [],
      delivered: [],
      complianceScore: 1,
      scoredCommitments: 1,
    });
  });

  it('is all zeros with null rates for a country without commitments', async () => {
    expect(await scorecard(idle.code)).toEqual({
      countsByStatus: counts(),
      overdueCount: 0,
      onTimeDeliveryPercent: null,
      pledged: [],
      delivered: [],
      complianceScore: null,
      scoredCommitments: 0,
    });
  });

  it('costs the same statements for every country of a page as for three', async () => {
    const query = `query($first: Int!) { countries(first: $first) { edges { node { code scorecard { overdueCount complianceScore pledged { amount } } } } } }`;
    const few = await api.graphql(query, { first: 3 });
    const many = await api.graphql(query, { first: 100 });
    const cards = dataOf(many).countries.edges.map((e: any) => e.node);
    expect(cards.length).toBeGreaterThan(15);
    expect(cards.find((c: any) => c.code === main.code).scorecard.complianceScore).toBe(-0.125);
    expect(many.statements).toBe(few.statements);
  });
});

describe('Country.scorecard(asOf)', () => {
  it('is the scorecard as the audit trail recorded the commitments then', async () => {
    const country = await factory.country();
    const before = await afterLastEvent();
    const reaching = await createFor(country.code, { targetOn: '2030-01-01', amount: { amount: '100', currency: 'USD' } });
    const lapsed = await createFor(country.code, { targetOn: '2020-01-01', amount: { amount: '40', currency: 'EUR' } });
    const announced = await afterLastEvent();
    const started = await mutate('change', { commitmentId: reaching.id, status: 'IN_PROGRESS', expectedVersion: reaching.version });
    await mutate('change', { commitmentId: lapsed.id, status: 'WITHDRAWN', expectedVersion: lapsed.version, note: 'Dropped' });
    const moved = await afterLastEvent();
    await mutate('change', { commitmentId: reaching.id, status: 'DELIVERED', expectedVersion: started.version, evidenceUrl: EVIDENCE });

    expect(await scorecard(country.code, before)).toMatchObject({
      countsByStatus: counts(),
      scoredCommitments: 0,
      complianceScore: null,
      pledged: [],
    });
    expect(await scorecard(country.code, announced)).toEqual({
      countsByStatus: counts(0, 2),
      overdueCount: 1,
      onTimeDeliveryPercent: 0,
      pledged: money(['40.00', 'EUR'], ['100.00', 'USD']),
      delivered: [],
      complianceScore: -1,
      scoredCommitments: 1,
    });
    expect(await scorecard(country.code, moved)).toEqual({
      countsByStatus: counts(0, 0, 1, 0, 0, 1),
      overdueCount: 0,
      onTimeDeliveryPercent: null,
      pledged: money(['100.00', 'USD']),
      delivered: [],
      complianceScore: -0.5,
      scoredCommitments: 2,
    });
    expect(await scorecard(country.code)).toEqual({
      countsByStatus: counts(0, 0, 0, 1, 0, 1),
      overdueCount: 0,
      onTimeDeliveryPercent: 100,
      pledged: money(['100.00', 'USD']),
      delivered: money(['100.00', 'USD']),
      complianceScore: 0,
      scoredCommitments: 2,
    });
  });

  it('judges overdue against the date of asOf, not today', async () => {
    const country = await factory.country();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await createFor(country.code, { targetOn: tomorrow });
    const now = await scorecard(country.code);
    const later = await scorecard(country.code, new Date(Date.now() + 3 * 86_400_000));
    expect(now).toMatchObject({ overdueCount: 0, scoredCommitments: 0, complianceScore: null, onTimeDeliveryPercent: null });
    expect(later).toMatchObject({ overdueCount: 1, scoredCommitments: 1, complianceScore: -1, onTimeDeliveryPercent: 0 });
  });
});
