import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { mutateAs } from '../helpers/mutations';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
const AUDITOR: TokenClaims = { sub: 'scoring-auditor', role: Role.AUDITOR };
const ASSESS = `mutation($input: AssessObligationInput!) { assessObligation(input: $input) { assessment { id } } }`;
const CORRECT = `mutation($input: CorrectAssessmentInput!) { correctAssessment(input: $input) { assessment { id } } }`;

/**
 * The hand-built matrix: 4 members (rows) × 9 commitments (columns), the FINAL score that must
 * count in each cell; null is a cell nobody assessed.
 */
const MATRIX: (number | null)[][] = [
  [1, 1, 0, -1, 1, null, 0, 1, 1],
  [0, -1, -1, 1, null, 0, 1, 1, 0],
  [1, 0, 1, 1, 1, 1, -1, null, -1],
  [-1, null, 0, 0, 1, -1, 1, 0, 1],
];

const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);
const percent = (average: number | null) => (average === null ? null : ((average + 1) / 2) * 100);
const scored = (cells: (number | null)[]) => cells.filter((cell): cell is number => cell !== null);

it('gives the member, commitment and overall averages and percentages of a hand-built 4 × 9 matrix', async () => {
  const factory = new Factory(api.db);
  const members: { id: string; code: string }[] = [];
  for (let i = 0; i < 4; i++) members.push(await factory.country());
  const meeting = await factory.meeting({ title: 'Scored summit' });
  const commitments: { id: string; globalId: string }[] = [];
  for (let j = 0; j < 9; j++)
    commitments.push(await factory.commitment({ title: `Scored ${j}`, meetingId: meeting.id, partyIds: members.map((m) => m.id) }));
  const obligations: { id: string }[] = await api.db.query(
    `SELECT o.id, o.commitment_id, o.country_id FROM obligations o WHERE o.commitment_id = ANY($1::uuid[])`,
    [commitments.map((c) => c.id)],
  );
  const obligationOf = (i: number, j: number) =>
    toGlobalId(
      'Obligation',
      (obligations as any[]).find((o) => o.commitment_id === commitments[j].id && o.country_id === members[i].id).id,
    );
  const assess = async (i: number, j: number, score: number, kind = 'FINAL') =>
    dataOf(
      await mutateAs(api, AUDITOR, ASSESS, {
        obligationId: obligationOf(i, j),
        score,
        kind,
        rationale: `Cell ${i},${j}`,
        periodFrom: '2026-01-01',
        periodTo: '2026-12-31',
      }),
    ).assessObligation.assessment.id as string;
  const correct = (assessmentId: string) => mutateAs(api, AUDITOR, CORRECT, { assessmentId, reason: 'Scored the wrong party' });

  for (const [i, row] of MATRIX.entries())
    for (const [j, cell] of row.entries()) {
      if (cell === null) continue;
      // Every third cell first gets an INTERIM score of the opposite sign: the FINAL recorded after it supersedes it.
      if ((i + j) % 3 === 0) await assess(i, j, cell === 1 ? -1 : 1, 'INTERIM');
      // Every fourth cell gets a FINAL score, then a wrong later one that is corrected: the first counts again.
      if ((i + j) % 4 === 1) {
        await assess(i, j, cell);
        await correct(await assess(i, j, cell === -1 ? 1 : -1));
      } else await assess(i, j, cell);
    }
  // A cell assessed only wrongly, then corrected: it is unassessed again.
  await correct(await assess(0, 5, 1));
  // An INTERIM alone counts where no FINAL exists: a cell added to the matrix by an interim score.
  await assess(1, 4, 1, 'INTERIM');
  const counted = MATRIX.map((row) => [...row]);
  counted[1][4] = 1;

  for (const [i, member] of members.entries()) {
    const { assessed } = dataOf(
      await api.graphql(
        `query($code: String!) { country(code: $code) { scorecard { assessed { averageScore percent assessedCount } } } }`,
        {
          code: member.code,
        },
      ),
    ).country.scorecard;
    const cells = scored(counted[i]);
    expect(assessed.assessedCount).toBe(cells.length);
    expect(assessed.averageScore).toBeCloseTo(mean(cells)!, 12);
    expect(assessed.percent).toBeCloseTo(percent(mean(cells))!, 10);
  }
  const { nodes } = dataOf(
    await api.graphql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Commitment { id assessment { averageScore percent assessedCount } } } }`,
      {
        ids: commitments.map((c) => c.globalId),
      },
    ),
  );
  for (const [j, node] of nodes.entries()) {
    const cells = scored(counted.map((row) => row[j]));
    expect(node.assessment.assessedCount).toBe(cells.length);
    expect(node.assessment.averageScore).toBeCloseTo(mean(cells)!, 12);
    expect(node.assessment.percent).toBeCloseTo(percent(mean(cells))!, 10);
  }
  // The signed report of the meeting, FINAL only: the cell scored only INTERIM is not in it.
  const response = await fetch(new URL(`/export/compliance-report?meeting=${encodeURIComponent(meeting.globalId)}&kind=FINAL`, api.url));
  const report: any = await response.json();
  const final = MATRIX;
  expect(report.members.map((m: any) => m.code)).toEqual(members.map((m) => m.code));
  for (const [i, member] of report.members.entries()) {
    const cells = scored(final[i]);
    expect(member.count).toBe(cells.length);
    expect(member.average).toBeCloseTo(mean(cells)!, 12);
    expect(member.percent).toBeCloseTo(percent(mean(cells))!, 10);
  }
  for (const [j, commitment] of report.commitments.entries()) {
    expect(commitment.id).toBe(commitments[j].globalId);
    expect(commitment.scores).toEqual(members.map((m, i) => ({ member: m.code, score: final[i][j] })));
    const cells = scored(final.map((row) => row[j]));
    expect(commitment.count).toBe(cells.length);
    expect(commitment.average).toBeCloseTo(mean(cells)!, 12);
    expect(commitment.percent).toBeCloseTo(percent(mean(cells))!, 10);
  }
  const all = scored(final.flat());
  expect(all.length).toBe(32);
  expect(report.overall.count).toBe(32);
  expect(report.overall.average).toBeCloseTo(mean(all)!, 12);
  expect(report.overall.percent).toBeCloseTo(percent(mean(all))!, 10);
  // By hand: row sums 4, 1, 3 and 1 over 8 cells each, so 9 / 32.
  expect(report.overall).toEqual({ count: 32, average: 0.28125, percent: 64.0625 });
  expect(report.members.map((m: any) => m.average)).toEqual([0.5, 0.125, 0.375, 0.125]);
});
