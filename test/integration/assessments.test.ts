import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { toGlobalId } from '../../src/shared/global-id';
import { declaredEvidence } from '../helpers/evidence';
import { Factory } from '../helpers/factories';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;

const AUDITOR: TokenClaims = { sub: 'assessments-auditor', role: Role.AUDITOR };
const ASSESS = `mutation($input: AssessObligationInput!) { assessObligation(input: $input) {
  assessment { id score rationale kind periodFrom periodTo corrected version evidence { id } obligation { id } }
} }`;
const CORRECT = `mutation($input: CorrectAssessmentInput!) { correctAssessment(input: $input) {
  assessment { id corrected correctedReason version }
} }`;
const WRITES = { ...countsOf('assessments', 'audit_events', 'evidence_attachments') };

beforeAll(() => {
  factory = new Factory(api.db);
});

async function obligation() {
  const [lead, party] = [await factory.country(), await factory.country()];
  const commitment = await factory.commitment({ partyIds: [lead.id, party.id] });
  const [row] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1 AND country_id = $2', [commitment.id, party.id]);
  return { id: row.id as string, globalId: toGlobalId('Obligation', row.id), country: party.code, commitment };
}

const input = (obligationId: string, fields: Record<string, unknown> = {}) => ({
  obligationId,
  score: 1,
  rationale: 'Delivered the pledged financing, per the ministry report.',
  kind: 'FINAL',
  periodFrom: '2026-01-01',
  periodTo: '2026-06-30',
  ...fields,
});

describe('assessObligation', () => {
  it('records a score with its evidence as an event of the audit trail', async () => {
    const target = await obligation();
    const evidence = await declaredEvidence(api.db, null);
    const { assessment } = dataOf(
      await mutateAs(api, AUDITOR, ASSESS, input(target.globalId, { evidenceIds: [evidence.globalId] })),
    ).assessObligation;
    expect(assessment).toMatchObject({ score: 1, kind: 'FINAL', corrected: false, version: 1, evidence: [{ id: evidence.globalId }] });
    expect(assessment.obligation.id).toBe(target.globalId);
    const [event] = await api.db.query(
      `SELECT subject_type, action, actor_sub, country_codes, state->>'score' AS score FROM audit_events WHERE subject_id = $1`,
      [assessment.id && (await api.db.query('SELECT id FROM assessments WHERE obligation_id = $1', [target.id]))[0].id],
    );
    expect(event).toMatchObject({
      subject_type: 'ASSESSMENT',
      action: 'CREATED',
      actor_sub: AUDITOR.sub,
      country_codes: [target.country],
      score: '1',
    });
  });

  it("refuses an auditor whose token names the obligation's country, writing nothing", async () => {
    const target = await obligation();
    const before = await snapshotOf(api.db, WRITES);
    const response = await mutateAs(api, { ...AUDITOR, country: target.country }, ASSESS, input(target.globalId));
    expect(refusal(response, 'FORBIDDEN').message).toContain(`of ${target.country}`);
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
    // Another country's auditor may.
    const other = target.country === 'US' ? 'CA' : 'US';
    expect(
      dataOf(await mutateAs(api, { ...AUDITOR, country: other }, ASSESS, input(target.globalId))).assessObligation.assessment.score,
    ).toBe(1);
  });

  it.each([
    ['a score off the scale', { score: 2 }, 'input.score'],
    ['a blank rationale', { rationale: '   ' }, 'input.rationale'],
    ['a period ending before it starts', { periodFrom: '2026-06-01', periodTo: '2026-05-01' }, 'input.periodTo'],
    ['too many evidence ids', { evidenceIds: Array.from({ length: 21 }, (_, i) => toGlobalId('Evidence', `${i}`)) }, 'input.evidenceIds'],
    ['unknown evidence', { evidenceIds: [toGlobalId('Evidence', '00000000-0000-0000-0000-000000000000')] }, 'input.evidenceIds[0]'],
  ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_name, fields, argument) => {
    const target = await obligation();
    const before = await snapshotOf(api.db, WRITES);
    const error = refusal(await mutateAs(api, AUDITOR, ASSESS, input(target.globalId, fields)), 'BAD_USER_INPUT');
    expect(JSON.stringify(error.extensions)).toContain(argument);
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
  });

  it('refuses partners and the public', async () => {
    const target = await obligation();
    refusal(await mutateAs(api, { sub: 'p', role: Role.PARTNER, country: target.country }, ASSESS, input(target.globalId)), 'FORBIDDEN');
    refusal(await api.graphql(ASSESS, { input: input(target.globalId) }), 'UNAUTHENTICATED');
  });
});

describe('correctAssessment', () => {
  it('marks a score corrected so the one before counts again; its assessor only, once', async () => {
    const target = await obligation();
    const first = dataOf(await mutateAs(api, AUDITOR, ASSESS, input(target.globalId, { score: 0 }))).assessObligation.assessment;
    const second = dataOf(await mutateAs(api, AUDITOR, ASSESS, input(target.globalId, { score: -1 }))).assessObligation.assessment;
    const other: TokenClaims = { sub: 'another-auditor', role: Role.AUDITOR };
    refusal(await mutateAs(api, other, CORRECT, { assessmentId: second.id, reason: 'Wrong period' }), 'FORBIDDEN');
    const corrected = dataOf(await mutateAs(api, AUDITOR, CORRECT, { assessmentId: second.id, reason: 'Wrong period' })).correctAssessment;
    expect(corrected.assessment).toEqual({ id: second.id, corrected: true, correctedReason: 'Wrong period', version: 2 });
    refusal(await mutateAs(api, AUDITOR, CORRECT, { assessmentId: second.id, reason: 'Again' }), 'INVALID_TRANSITION');
    const read = dataOf(
      await api.graphql(
        `query($id: ID!) { node(id: $id) { ... on Obligation { assessments(first: 10) { totalCount edges { node { id score corrected } } } } } }`,
        {
          id: target.globalId,
        },
      ),
    ).node.assessments;
    expect(read.totalCount).toBe(2);
    expect(read.edges.map((edge: any) => edge.node)).toEqual([
      { id: first.id, score: 0, corrected: false },
      { id: second.id, score: -1, corrected: true },
    ]);
    const [event] = await api.db.query(
      `SELECT action, changes FROM audit_events WHERE subject_type = 'ASSESSMENT' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(event).toEqual({ action: 'UPDATED', changes: { corrected: { old: null, new: 'Wrong period' } } });
  });

  it('refuses to change an assessment in the database other than by correcting it', async () => {
    const target = await obligation();
    const { id } = dataOf(await mutateAs(api, AUDITOR, ASSESS, input(target.globalId))).assessObligation.assessment;
    const [row] = await api.db.query('SELECT id FROM assessments WHERE obligation_id = $1', [target.id]);
    expect(id).toBe(toGlobalId('Assessment', row.id));
    await expect(api.db.query('UPDATE assessments SET score = -1 WHERE id = $1', [row.id])).rejects.toThrow(/never changed/);
  });
});

describe('the scorecard shows both views', () => {
  it('lists obligations reported DELIVERED but assessed −1, and DELAYED or WITHDRAWN but assessed +1', async () => {
    const member = await factory.country();
    const other = await factory.country();
    const made = [];
    for (const [index, [status, score]] of [
      ['DELIVERED', -1],
      ['DELAYED', 1],
      ['WITHDRAWN', 1],
      ['DELIVERED', 1],
      ['DELAYED', -1],
    ].entries() as IterableIterator<[number, [string, number]]>) {
      const commitment = await factory.commitment({ title: `Disagree ${index}`, status, partyIds: [member.id, other.id] });
      const [row] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1 AND country_id = $2', [
        commitment.id,
        member.id,
      ]);
      await mutateAs(api, AUDITOR, ASSESS, input(toGlobalId('Obligation', row.id), { score }));
      made.push({ id: toGlobalId('Obligation', row.id), status, score });
    }
    const { scorecard } = dataOf(
      await api.graphql(
        `query($code: String!) { country(code: $code) { scorecard {
          assessed { averageScore percent assessedCount } disagreements { reportedStatus assessedScore obligation { id } } } } }`,
        { code: member.code },
      ),
    ).country;
    expect(scorecard.assessed).toEqual({ averageScore: 0.2, percent: 60, assessedCount: 5 });
    expect(scorecard.disagreements).toEqual(
      made.slice(0, 3).map((m) => ({ reportedStatus: m.status, assessedScore: m.score, obligation: { id: m.id } })),
    );
  });
});
