import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { toGlobalId } from '../../src/shared/global-id';
import { declaredEvidence } from '../helpers/evidence';
import { Factory } from '../helpers/factories';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;

const partner = (country: string, sub = `sign-off-${country.toLowerCase()}`): TokenClaims => ({ sub, role: Role.PARTNER, country });
const AUDITOR: TokenClaims = { sub: 'sign-off-auditor', role: Role.AUDITOR };
const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { obligation { id status } } }`;
const CONFIRM = `mutation($input: ConfirmDeliveryInput!) { confirmDelivery(input: $input) {
  obligation { id version delivery { state note reviewedBy { role } claimedBy { role } evidence { id } } }
} }`;
const DELIVERY = `query($id: ID!) { node(id: $id) { ... on Obligation { status delivery { state claimedAt reviewedAt note } } } }`;
const SCORECARD = `query($code: String!) { country(code: $code) { scorecard { deliveredClaimed deliveredConfirmed deliveredRefused } } }`;
const WRITES = { ...countsOf('delivery_reviews', 'audit_events'), version: 'SELECT coalesce(sum(version), 0) FROM obligations' };

beforeAll(() => {
  factory = new Factory(api.db);
});

/** A commitment of three parties, the first of whose obligations its own partner (`claimer`) reports DELIVERED. */
async function claimed(claimer = 'sign-off-claimer') {
  const parties = [await factory.country(), await factory.country(), await factory.country()];
  const commitment = await factory.commitment({ partyIds: parties.map((p) => p.id), statusHistory: ['ANNOUNCED', 'IN_PROGRESS'] });
  const [{ version }] = await api.db.query('SELECT version FROM commitments WHERE id = $1', [commitment.id]);
  const moved = dataOf(
    await mutateAs(api, partner(parties[0].code, claimer), CHANGE, {
      commitmentId: commitment.globalId,
      expectedVersion: version,
      status: 'DELIVERED',
      partyCountryCode: parties[0].code,
      evidenceUrl: 'https://example.org/delivered.pdf',
      note: 'Financing disbursed',
    }),
  ).changeCommitmentStatus.obligation;
  return { obligationId: moved.id as string, claimer: partner(parties[0].code, claimer), parties };
}

const review = (obligationId: string, confirm = true, fields: Record<string, unknown> = {}) => ({
  obligationId,
  confirm,
  note: confirm ? 'Checked the disbursement record' : 'No disbursement found',
  ...fields,
});

describe('maker-checker on deliveries', () => {
  it('keeps a delivery CLAIMED until a second key, and never lets the claimer be that key', async () => {
    const { obligationId, claimer, parties } = await claimed();
    expect(dataOf(await api.graphql(DELIVERY, { id: obligationId })).node.delivery).toMatchObject({ state: 'CLAIMED', reviewedAt: null });
    expect(dataOf(await api.graphql(SCORECARD, { code: parties[0].code })).country.scorecard).toEqual({
      deliveredClaimed: 1,
      deliveredConfirmed: 0,
      deliveredRefused: 0,
    });
    const before = await snapshotOf(api.db, WRITES);
    // The claimer, even under another role, cannot confirm.
    refusal(await mutateAs(api, claimer, CONFIRM, review(obligationId)), 'FORBIDDEN');
    refusal(await mutateAs(api, { sub: claimer.sub, role: Role.AUDITOR }, CONFIRM, review(obligationId)), 'FORBIDDEN');
    refusal(await mutateAs(api, { sub: claimer.sub, role: Role.ADMIN }, CONFIRM, review(obligationId)), 'FORBIDDEN');
    // Another partner of the claimer's own country is not another party.
    refusal(await mutateAs(api, partner(parties[0].code, 'colleague'), CONFIRM, review(obligationId)), 'FORBIDDEN');
    // A partner of a country not party to the commitment cannot.
    const outsider = await factory.country();
    refusal(await mutateAs(api, partner(outsider.code), CONFIRM, review(obligationId)), 'FORBIDDEN');
    refusal(await api.graphql(CONFIRM, { input: review(obligationId) }), 'UNAUTHENTICATED');
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);

    // Another party can, with evidence; the review is an event of the obligation.
    const evidence = await declaredEvidence(api.db, parties[1].code);
    const confirmed = dataOf(
      await mutateAs(api, partner(parties[1].code), CONFIRM, review(obligationId, true, { evidenceIds: [evidence.globalId] })),
    ).confirmDelivery.obligation;
    expect(confirmed.delivery).toEqual({
      state: 'CONFIRMED',
      note: 'Checked the disbursement record',
      reviewedBy: { role: 'PARTNER' },
      claimedBy: { role: 'PARTNER' },
      evidence: [{ id: evidence.globalId }],
    });
    const [event] = await api.db.query(
      `SELECT action, actor_sub, note, changes->'delivery' AS delivery FROM audit_events WHERE subject_type = 'OBLIGATION' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(event).toEqual({
      action: 'UPDATED',
      actor_sub: `sign-off-${parties[1].code.toLowerCase()}`,
      note: 'Checked the disbursement record',
      delivery: { old: 'CLAIMED', new: 'CONFIRMED' },
    });
    expect(dataOf(await api.graphql(SCORECARD, { code: parties[0].code })).country.scorecard).toEqual({
      deliveredClaimed: 0,
      deliveredConfirmed: 1,
      deliveredRefused: 0,
    });
    // Once per claim.
    refusal(await mutateAs(api, AUDITOR, CONFIRM, review(obligationId, false)), 'INVALID_TRANSITION');
  });

  it('lets an auditor confirm or refuse, and counts a refusal apart', async () => {
    const { obligationId, parties } = await claimed();
    const refused = dataOf(await mutateAs(api, AUDITOR, CONFIRM, review(obligationId, false))).confirmDelivery.obligation;
    expect(refused.delivery).toMatchObject({ state: 'REFUSED', note: 'No disbursement found', reviewedBy: { role: 'AUDITOR' } });
    expect(dataOf(await api.graphql(SCORECARD, { code: parties[0].code })).country.scorecard.deliveredRefused).toBe(1);
  });

  it('refuses a review of an obligation that is not DELIVERED, and bad input, writing nothing', async () => {
    const parties = [await factory.country(), await factory.country()];
    const commitment = await factory.commitment({ partyIds: parties.map((p) => p.id) });
    const [row] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1 AND country_id = $2', [
      commitment.id,
      parties[0].id,
    ]);
    const before = await snapshotOf(api.db, WRITES);
    refusal(await mutateAs(api, AUDITOR, CONFIRM, review(toGlobalId('Obligation', row.id))), 'INVALID_TRANSITION');
    refusal(await mutateAs(api, AUDITOR, CONFIRM, review(toGlobalId('Obligation', row.id), true, { note: ' ' })), 'BAD_USER_INPUT');
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
    expect(dataOf(await api.graphql(DELIVERY, { id: toGlobalId('Obligation', row.id) })).node.delivery).toBeNull();
  });

  it('keeps the claimer from reviewing in the database too', async () => {
    const { obligationId } = await claimed('db-claimer');
    const [claim] = await api.db.query(
      `SELECT e.id, e.subject_id FROM audit_events e WHERE e.actor_sub = 'db-claimer' AND e.subject_type = 'OBLIGATION' AND e.to_status = 'DELIVERED' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(toGlobalId('Obligation', claim.subject_id)).toBe(obligationId);
    await expect(
      api.db.query(
        `INSERT INTO delivery_reviews (obligation_id, claim_event_id, claimed_by, confirmed, note, reviewer_sub, reviewer_role)
         VALUES ($1, $2, 'db-claimer', true, 'self', 'db-claimer', 'ADMIN')`,
        [claim.subject_id, claim.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
