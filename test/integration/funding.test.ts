import { AuditService } from '../../src/modules/audit/audit.service';
import { type Caller, Role } from '../../src/modules/auth/caller';
import { IdempotencyService } from '../../src/modules/idempotency/idempotency.service';
import { lockReportedProject } from '../../src/modules/organisation/reported-project';
import { TransactionMutationService } from '../../src/modules/transaction/transaction-mutation.service';
import { registerTrackedRecords } from '../../src/tracked-records';
import { Factory } from '../helpers/factories';
import { createReportedProject, FUNDING_ADMIN } from '../helpers/funding';
import { mutateAs } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
const ADMIN_CALLER: Caller = { sub: 'funding-admin', role: Role.ADMIN, country: null };
const CURRENCIES = ['USD', 'EUR', 'JPY'] as const;
const MINOR = { USD: 2, EUR: 2, JPY: 0 } as const;
const MEASURES = { committed: '2', disbursed: '3', spent: '4' } as const;
const TOTAL = 5000;
const BATCH = 500;
const CORRECTIONS = 60;

type Measure = keyof typeof MEASURES;
interface Generated {
  project: number;
  type: string;
  date: string;
  currency: (typeof CURRENCIES)[number];
  minor: bigint;
  id?: string;
  /** The batch it was recorded in: asOf after batch b sees batches 0..b. */
  batch: number;
  correctedIn?: number;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const amountText = (minor: bigint, currency: keyof typeof MINOR) => {
  const digits = MINOR[currency];
  if (digits === 0) return minor.toString();
  const text = minor.toString().padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
};
const toMinor = (amount: string) => BigInt(amount.replace('.', ''));

let projects: { id: string }[];
let commitments: { id: string; globalId: string }[];
let country: { id: string; code: string };
const generated: Generated[] = [];
const asOfAfterBatch: string[] = [];

/** Expected totals (minor units) by key `${parent}|${currency}|${measure}` over the standing transactions. */
function expected(parentsOf: (t: Generated) => number[], keep: (t: Generated) => boolean): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const t of generated) {
    if (!keep(t)) continue;
    const measure = (Object.keys(MEASURES) as Measure[]).find((m) => MEASURES[m] === t.type);
    if (!measure) continue;
    for (const parent of parentsOf(t)) {
      const key = `${parent}|${t.currency}|${measure}`;
      totals.set(key, (totals.get(key) ?? 0n) + t.minor);
    }
  }
  return totals;
}

/** The API's totals in the same shape. */
function actual(byParent: { funding: Record<string, string>[] }[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  byParent.forEach((parent, index) => {
    for (const entry of parent.funding)
      for (const measure of Object.keys(MEASURES) as Measure[]) {
        const value = toMinor(entry[measure]);
        if (value !== 0n) totals.set(`${index}|${entry.currency}|${measure}`, value);
      }
  });
  return totals;
}

beforeAll(async () => {
  registerTrackedRecords();
  const factory = new Factory(api.db);
  country = await factory.country();
  const other = await factory.country();
  commitments = [
    await factory.commitment({ title: 'Pledge in dollars', partyIds: [country.id, other.id], amount: '1000000.00', currency: 'USD' }),
    await factory.commitment({ title: 'Pledge in euros', partyIds: [country.id], amount: '250000.50', currency: 'EUR' }),
  ];
  projects = [];
  for (const name of ['P0', 'P1', 'P2']) {
    const project = await createReportedProject(api, [country.code], name);
    projects.push({ id: project.id });
  }
  // P0 delivers on both commitments, P1 on the first, P2 on none.
  const LINK = `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { project { version } } }`;
  const versions = [1, 1, 1];
  for (const [p, c] of [
    [0, 0],
    [0, 1],
    [1, 0],
  ])
    dataOf(
      await mutateAs(api, FUNDING_ADMIN, LINK, {
        projectId: projects[p].id,
        commitmentId: commitments[c].globalId,
        expectedVersion: versions[p]++,
      }),
    );

  const next = random(18);
  for (let i = 0; i < TOTAL; i++) {
    const currency = CURRENCIES[Math.floor(next() * 3)];
    // Up to 10^13 minor units, so totals pass 2^53 and a float would lose cents.
    const minor = BigInt(Math.floor(next() * 1e6)) * 10_000_000n + BigInt(Math.floor(next() * 1e7));
    const day = 1 + Math.floor(next() * 700);
    const date = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
    generated.push({
      project: Math.floor(next() * 3),
      type: String(1 + Math.floor(next() * 13)),
      date,
      currency,
      minor,
      batch: Math.floor(i / BATCH),
    });
  }
  const service = new TransactionMutationService(new AuditService(api.db), new IdempotencyService(api.db));
  for (let batch = 0; batch < TOTAL / BATCH; batch++) {
    await api.db.transaction(async (manager) => {
      const locked = [];
      for (const project of projects) locked.push(await lockReportedProject(manager, ADMIN_CALLER, project.id));
      for (const t of generated.filter((g) => g.batch === batch)) {
        const input = {
          transactionType: t.type,
          transactionDate: t.date,
          value: { amount: amountText(t.minor, t.currency), currency: t.currency },
        };
        t.id = (await service.insert(manager, ADMIN_CALLER, locked[t.project], input as never)).id;
      }
      // Corrections recorded with the batch: each replaces one earlier transaction by a new one of the same project.
      if (batch >= 1 && batch <= 3)
        for (const t of generated.filter((g) => g.batch === batch - 1).slice(0, CORRECTIONS / 3)) {
          const replacement: Generated = { ...t, minor: t.minor / 2n + 1n, batch, id: undefined };
          const input = {
            transactionType: t.type,
            transactionDate: t.date,
            value: { amount: amountText(replacement.minor, t.currency), currency: t.currency },
          };
          replacement.id = (await service.insert(manager, ADMIN_CALLER, locked[t.project], input as never, t.id)).id;
          t.correctedIn = batch;
          generated.push(replacement);
        }
    });
    const [{ now }] = await api.db.query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`);
    asOfAfterBatch.push(now);
  }
}, 600_000);

const FUNDING = '{ currency committed disbursed spent }';
const PLEDGED = '{ currency pledged committed disbursed spent }';

describe('funding roll-ups', () => {
  it(`equal BigInt sums per currency over ${TOTAL} transactions and ${CORRECTIONS} corrections, for projects, commitments and the country`, async () => {
    const data = dataOf(
      await api.graphql(
        `query($ids: [ID!]!, $c0: ID!, $c1: ID!, $code: String!) {
          nodes(ids: $ids) { ... on Project { funding ${FUNDING} } }
          c0: commitment(id: $c0) { funding ${PLEDGED} }
          c1: commitment(id: $c1) { funding ${PLEDGED} }
          country(code: $code) { scorecard { funding ${PLEDGED} } }
        }`,
        { ids: projects.map((p) => p.id), c0: commitments[0].globalId, c1: commitments[1].globalId, code: country.code },
      ),
    );
    const standing = (t: Generated) => t.correctedIn === undefined;
    expect(actual(data.nodes)).toEqual(expected((t) => [t.project], standing));
    // Commitment 0 gets P0 and P1, commitment 1 gets P0; the country gets each project once.
    expect(actual([data.c0, data.c1])).toEqual(
      expected((t) => [...(t.project <= 1 ? [0] : []), ...(t.project === 0 ? [1] : [])], standing),
    );
    expect(actual([data.country.scorecard])).toEqual(expected((t) => (t.project <= 1 ? [0] : []), standing));
    // Pledges are the commitments' own amounts, in their own currencies.
    expect(data.c0.funding.find((f: any) => f.currency === 'USD').pledged).toBe('1000000.00');
    expect(data.c1.funding.find((f: any) => f.currency === 'EUR').pledged).toBe('250000.50');
    expect(data.c1.funding.find((f: any) => f.currency === 'JPY').pledged).toBe('0');
    const pledged = Object.fromEntries(data.country.scorecard.funding.map((f: any) => [f.currency, f.pledged]));
    expect(pledged).toEqual({ EUR: '250000.50', JPY: '0', USD: '1000000.00' });
    // Never a float: JPY has no decimals, the others exactly two.
    for (const entry of data.nodes.flatMap((n: any) => n.funding))
      expect(entry.committed).toMatch(entry.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/);
  }, 120_000);

  it('count what was recorded by asOf and dated by validOn, corrections from when they were recorded', async () => {
    const headers = await authHeader(FUNDING_ADMIN);
    const asOf = asOfAfterBatch[1];
    const validOn = '2024-09-30';
    const query = `query($id: ID!, $asOf: DateTime, $validOn: LocalDate) { project(id: $id, asOf: $asOf) { funding(validOn: $validOn) ${FUNDING} } }`;
    for (const [p, project] of projects.entries()) {
      const read = dataOf(await api.graphql(query, { id: project.id, asOf, validOn }, headers));
      const keep = (t: Generated) =>
        t.project === p && t.batch <= 1 && t.date <= validOn && !(t.correctedIn !== undefined && t.correctedIn <= 1);
      const want = new Map([...expected(() => [0], keep)].map(([key, value]) => [key, value]));
      expect(actual([read.project])).toEqual(want);
    }
  });

  it('keeps the audit chain whole: one CREATED event per transaction, and it verifies', async () => {
    const [{ events }] = await api.db.query(
      `SELECT count(*)::int AS events FROM audit_events WHERE subject_type = 'TRANSACTION' AND action = 'CREATED'`,
    );
    expect(events).toBe(generated.length);
    const verification = dataOf(
      await api.graphql('{ verifyAuditTrail { ok checkedEvents } }', {}, await authHeader(FUNDING_ADMIN)),
    ).verifyAuditTrail;
    expect(verification.ok).toBe(true);
  }, 120_000);
});
