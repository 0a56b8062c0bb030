import { Factory } from '../helpers/factories';
import { createReportedProject, FUNDING_ADMIN, partnerOf } from '../helpers/funding';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let home: { code: string };
let other: { code: string };
beforeAll(async () => {
  const factory = new Factory(api.db);
  home = await factory.country();
  other = await factory.country();
});

const SET = `mutation($input: SetProjectBudgetsInput!) { setProjectBudgets(input: $input) { project {
  version budget { amount } budgets { budgetType budgetStatus periodStart periodEnd value { amount currency } valueDate }
} } }`;
const WRITES = () => snapshotOf(api.db, { ...countsOf('budgets', 'audit_events'), versions: 'SELECT sum(version) FROM projects' });
const YEAR = { budgetType: 'ORIGINAL', periodStart: '2026-01-01', periodEnd: '2026-12-31', value: { amount: '5000000', currency: 'EUR' } };

describe('budgets', () => {
  it("replaces a project's budgets, exact per currency, as one audited change; the same list again changes nothing", async () => {
    const project = await createReportedProject(api, [home.code, other.code]);
    const budgets = [
      YEAR,
      {
        ...YEAR,
        budgetType: 'REVISED',
        budgetStatus: 'COMMITTED',
        value: { amount: '123456789012345678.99', currency: 'USD' },
        valueDate: '2026-02-01',
      },
      { ...YEAR, periodStart: '2024-02-29', periodEnd: '2025-02-28', value: { amount: '700000000', currency: 'JPY' } },
    ];
    const set = dataOf(
      await mutateAs(api, partnerOf(home.code), SET, { projectId: project.id, expectedVersion: 1, budgets }),
    ).setProjectBudgets;
    expect(set.project.version).toBe(2);
    expect(set.project.budget).toBeNull();
    expect(set.project.budgets).toEqual([
      {
        budgetType: 'ORIGINAL',
        budgetStatus: 'INDICATIVE',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        value: { amount: '5000000.00', currency: 'EUR' },
        valueDate: '2026-01-01',
      },
      {
        budgetType: 'REVISED',
        budgetStatus: 'COMMITTED',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        value: { amount: '123456789012345678.99', currency: 'USD' },
        valueDate: '2026-02-01',
      },
      {
        budgetType: 'ORIGINAL',
        budgetStatus: 'INDICATIVE',
        periodStart: '2024-02-29',
        periodEnd: '2025-02-28',
        value: { amount: '700000000', currency: 'JPY' },
        valueDate: '2024-02-29',
      },
    ]);
    const before = await WRITES();
    const again = dataOf(await mutateAs(api, FUNDING_ADMIN, SET, { projectId: project.id, expectedVersion: 2, budgets })).setProjectBudgets;
    expect(again.project.version).toBe(2);
    expect(await WRITES()).toEqual(before);
    const [event] = await api.db.query(
      `SELECT action, changes, state->'budgets' AS budgets FROM audit_events WHERE subject_type = 'PROJECT' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(event.action).toBe('UPDATED');
    expect(event.changes.budgets.old).toEqual([]);
    expect(event.budgets[1]).toMatchObject({ value: '123456789012345678.99', currency: 'USD' });
  });

  it.each([
    ['a period that ends before it starts', { periodEnd: '2025-12-31' }, /must not be before/],
    ['a period longer than a year', { periodEnd: '2027-01-02' }, /longer than 1 year/],
    ['a date past 2199', { periodStart: '2200-01-01', periodEnd: '2200-02-01' }, /between/],
    ['a negative value', { value: { amount: '-1', currency: 'EUR' } }, /negative/],
    ['an unknown budget type', { budgetType: 'FINAL' }, /FINAL/],
  ])('refuses %s and writes nothing', async (_, change, message) => {
    const project = await createReportedProject(api, [home.code]);
    const before = await WRITES();
    const response = await mutateAs(api, FUNDING_ADMIN, SET, {
      projectId: project.id,
      expectedVersion: 1,
      budgets: [YEAR, { ...YEAR, ...change }],
    });
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(response.body.errors?.[0]?.extensions?.code);
    expect(await WRITES()).toEqual(before);
  });

  it('refuses more than 200 budgets, and a partner that does not report the project', async () => {
    const project = await createReportedProject(api, [home.code, other.code]);
    const before = await WRITES();
    refusal(
      await mutateAs(api, FUNDING_ADMIN, SET, { projectId: project.id, expectedVersion: 1, budgets: Array(201).fill(YEAR) }),
      'BAD_USER_INPUT',
    );
    refusal(await mutateAs(api, partnerOf(other.code), SET, { projectId: project.id, expectedVersion: 1, budgets: [YEAR] }), 'FORBIDDEN');
    expect(await WRITES()).toEqual(before);
  });
});
