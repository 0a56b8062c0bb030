import { Factory } from '../helpers/factories';
import { createReportedProject, FUNDING_ADMIN, partnerOf } from '../helpers/funding';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let home: { code: string };
beforeAll(async () => {
  home = await new Factory(api.db).country();
});

const SET = `mutation($input: SetProjectResultsInput!) { setProjectResults(input: $input) { project { version results {
  resultType title description
  indicators { title measure ascending baseline { year date value comment } periods { periodStart periodEnd target { value comment } actual { value comment } } }
} } } }`;
const WRITES = () =>
  snapshotOf(api.db, {
    ...countsOf('results', 'result_indicators', 'result_indicator_periods', 'audit_events'),
    versions: 'SELECT sum(version) FROM projects',
  });
const RESULT = {
  resultType: 'OUTPUT',
  title: 'Refining capacity built',
  indicators: [
    {
      title: 'Tonnes of lithium hydroxide a year',
      measure: 'UNIT',
      baseline: { year: 2025, value: '0' },
      periods: [
        {
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          target: { value: '12500.5' },
          actual: { value: '9800.125', comment: 'commissioning late' },
        },
        { periodStart: '2027-01-01', periodEnd: '2027-12-31', target: { value: '25000' } },
      ],
    },
    {
      title: 'Community consulted',
      measure: 'QUALITATIVE',
      ascending: true,
      periods: [{ periodStart: '2026-01-01', periodEnd: '2026-06-30', target: { comment: 'Consultation held' } }],
    },
  ],
};

describe('results', () => {
  it('replaces the results with their indicators, baselines and periods, exact, as one audited change', async () => {
    const project = await createReportedProject(api, [home.code]);
    const set = dataOf(
      await mutateAs(api, partnerOf(home.code), SET, {
        projectId: project.id,
        expectedVersion: 1,
        results: [
          RESULT,
          {
            resultType: 'IMPACT',
            title: 'Supply diversified',
            indicators: [{ title: 'Supply from new sources', measure: 'UNIT', periods: [] }],
          },
        ],
      }),
    ).setProjectResults.project;
    expect(set.version).toBe(2);
    expect(set.results).toEqual([
      {
        resultType: 'OUTPUT',
        title: 'Refining capacity built',
        description: null,
        indicators: [
          {
            title: 'Tonnes of lithium hydroxide a year',
            measure: 'UNIT',
            ascending: true,
            baseline: { year: 2025, date: null, value: '0', comment: null },
            periods: [
              {
                periodStart: '2026-01-01',
                periodEnd: '2026-12-31',
                target: { value: '12500.5', comment: null },
                actual: { value: '9800.125', comment: 'commissioning late' },
              },
              { periodStart: '2027-01-01', periodEnd: '2027-12-31', target: { value: '25000', comment: null }, actual: null },
            ],
          },
          {
            title: 'Community consulted',
            measure: 'QUALITATIVE',
            ascending: true,
            baseline: null,
            periods: [
              { periodStart: '2026-01-01', periodEnd: '2026-06-30', target: { value: null, comment: 'Consultation held' }, actual: null },
            ],
          },
        ],
      },
      {
        resultType: 'IMPACT',
        title: 'Supply diversified',
        description: null,
        indicators: [{ title: 'Supply from new sources', measure: 'UNIT', ascending: true, baseline: null, periods: [] }],
      },
    ]);
    const trail = dataOf(
      await api.graphql(
        'query($id: ID!) { auditTrail(filter: { subjectGlobalId: $id }) { edges { node { action version } } } }',
        { id: project.id },
        await authHeader(FUNDING_ADMIN),
      ),
    );
    expect(trail.auditTrail.edges.map((e: any) => e.node)).toEqual([
      { action: 'CREATED', version: 1 },
      { action: 'UPDATED', version: 2 },
    ]);
    const before = await WRITES();
    dataOf(
      await mutateAs(api, FUNDING_ADMIN, SET, {
        projectId: project.id,
        expectedVersion: 2,
        results: [
          RESULT,
          {
            resultType: 'IMPACT',
            title: 'Supply diversified',
            indicators: [{ title: 'Supply from new sources', measure: 'UNIT', periods: [] }],
          },
        ],
      }),
    );
    expect(await WRITES()).toEqual(before);
  });

  it.each([
    [
      'a number on a qualitative indicator',
      {
        indicators: [
          { ...RESULT.indicators[1], periods: [{ periodStart: '2026-01-01', periodEnd: '2026-02-01', actual: { value: '3' } }] },
        ],
      },
      /QUALITATIVE/,
    ],
    [
      'a period that ends before it starts',
      { indicators: [{ title: 'x', periods: [{ periodStart: '2026-02-01', periodEnd: '2026-01-01' }] }] },
      /must not be before/,
    ],
    ['a value with 7 decimal places', { indicators: [{ title: 'x', baseline: { year: 2020, value: '1.1234567' } }] }, /decimal/],
    ['a baseline year before 1900', { indicators: [{ title: 'x', baseline: { year: 1800 } }] }, /year/],
    ['an unknown result type', { resultType: 'ACTIVITY' }, /ACTIVITY/],
    ['a result with no indicator (IATI requires one)', { indicators: [] }, /at least one indicator/],
    ['more than 10 indicators', { indicators: Array(11).fill({ title: 'x' }) }, /indicators/],
  ])('refuses %s and writes nothing', async (_, change, message) => {
    const project = await createReportedProject(api, [home.code]);
    const before = await WRITES();
    const response = await mutateAs(api, FUNDING_ADMIN, SET, {
      projectId: project.id,
      expectedVersion: 1,
      results: [{ ...RESULT, ...change }],
    });
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(response.body.errors?.[0]?.extensions?.code);
    expect(await WRITES()).toEqual(before);
  });

  it('refuses a stale version', async () => {
    const project = await createReportedProject(api, [home.code]);
    refusal(await mutateAs(api, FUNDING_ADMIN, SET, { projectId: project.id, expectedVersion: 3, results: [RESULT] }), 'CONFLICT');
  });
});
