import { fromGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { createOrganisation, createReportedProject, FUNDING_ADMIN, partnerOf } from '../helpers/funding';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let home: { code: string };
let other: { code: string };
beforeAll(async () => {
  const factory = new Factory(api.db);
  home = await factory.country();
  other = await factory.country();
});

const FIELDS = `id transactionType transactionDate valueDate value { amount currency } description reference recordedAt
  providerNarrative receiverNarrative providerOrganisation { iatiIdentifier } receiverOrganisation { iatiIdentifier }
  corrects { id } correctedBy { id } project { name }`;
const RECORD = `mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { clientMutationId transaction { ${FIELDS} } } }`;
const CORRECT = `mutation($input: CorrectTransactionInput!) { correctTransaction(input: $input) { clientMutationId transaction { ${FIELDS} } corrected { ${FIELDS} } } }`;
const WRITES = () => snapshotOf(api.db, countsOf('transactions', 'audit_events', 'idempotency_keys'));
const disbursement = (projectId: string, extra: Record<string, unknown> = {}) => ({
  projectId,
  transactionType: 'DISBURSEMENT',
  transactionDate: '2025-03-01',
  value: { amount: '1250000.5', currency: 'usd' },
  ...extra,
});

describe('transactions', () => {
  it('records a transaction with its organisations and narratives, as a CREATED event of its own', async () => {
    const project = await createReportedProject(api, [home.code], 'Smelter');
    const provider = await createOrganisation(api, `${home.code}-AID-1`, home.code, 'GOVERNMENT');
    const response = await mutateAs(
      api,
      partnerOf(home.code),
      RECORD,
      disbursement(project.id, {
        providerOrganisationId: provider.id,
        receiverNarrative: 'Smelter operating company',
        description: 'First tranche',
        reference: 'TR-1',
        clientMutationId: 'tx-1',
        idempotencyKey: `tx-${home.code}-1`,
      }),
    );
    const { transaction, clientMutationId } = dataOf(response).recordTransaction;
    expect(clientMutationId).toBe('tx-1');
    expect(transaction).toMatchObject({
      transactionType: 'DISBURSEMENT',
      transactionDate: '2025-03-01',
      valueDate: '2025-03-01',
      value: { amount: '1250000.50', currency: 'USD' },
      providerOrganisation: { iatiIdentifier: provider.iatiIdentifier },
      receiverOrganisation: null,
      receiverNarrative: 'Smelter operating company',
      description: 'First tranche',
      reference: 'TR-1',
      corrects: null,
      correctedBy: null,
      project: { name: 'Smelter' },
    });
    // The same key gives the first answer and writes nothing again.
    const before = await WRITES();
    const replay = dataOf(
      await mutateAs(
        api,
        partnerOf(home.code),
        RECORD,
        disbursement(project.id, {
          providerOrganisationId: provider.id,
          receiverNarrative: 'Smelter operating company',
          description: 'First tranche',
          reference: 'TR-1',
          idempotencyKey: `tx-${home.code}-1`,
        }),
      ),
    );
    expect(replay.recordTransaction.transaction.id).toBe(transaction.id);
    expect(await WRITES()).toEqual(before);
    const [event] = await api.db.query(
      `SELECT subject_type, action, version, country_codes, state->>'value' AS value FROM audit_events WHERE subject_id = $1`,
      [fromGlobalId('Transaction', transaction.id)],
    );
    expect(event).toEqual({ subject_type: 'TRANSACTION', action: 'CREATED', version: 1, country_codes: [home.code], value: '1250000.50' });
  });

  it('corrects a transaction with a new one; the corrected one stays, stops counting, and cannot be corrected twice', async () => {
    const project = await createReportedProject(api, [home.code], 'Refinery');
    const first = dataOf(await mutateAs(api, FUNDING_ADMIN, RECORD, disbursement(project.id))).recordTransaction.transaction;
    const correction = dataOf(
      await mutateAs(api, partnerOf(home.code), CORRECT, {
        transactionId: first.id,
        reason: 'The tranche was 1.2 million, not 1.25',
        transactionType: 'DISBURSEMENT',
        transactionDate: '2025-03-01',
        value: { amount: '1200000', currency: 'USD' },
      }),
    ).correctTransaction;
    expect(correction.transaction.corrects).toEqual({ id: first.id });
    expect(correction.corrected).toMatchObject({ id: first.id, correctedBy: { id: correction.transaction.id } });
    const funding = dataOf(
      await api.graphql('query($id: ID!) { project(id: $id) { funding { currency disbursed } transactions { totalCount } } }', {
        id: project.id,
      }),
    );
    expect(funding.project).toEqual({ funding: [{ currency: 'USD', disbursed: '1200000.00' }], transactions: { totalCount: 2 } });
    const before = await WRITES();
    const twice = await mutateAs(api, FUNDING_ADMIN, CORRECT, {
      transactionId: first.id,
      reason: 'again',
      transactionType: 'DISBURSEMENT',
      transactionDate: '2025-03-01',
      value: { amount: '1', currency: 'USD' },
    });
    expect(refusal(twice, 'CORRECTION_NOT_LATEST').extensions?.correctedBy).toBe(correction.transaction.id);
    expect(await WRITES()).toEqual(before);
    const [{ note, changes }] = await api.db.query(`SELECT note, changes FROM audit_events WHERE subject_id = $1`, [
      fromGlobalId('Transaction', correction.transaction.id),
    ]);
    expect(note).toBe('The tranche was 1.2 million, not 1.25');
    expect(changes.corrects).toBe(first.id);
  });

  it('are append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const project = await createReportedProject(api, [home.code], 'Append-only');
    const { transaction } = dataOf(await mutateAs(api, FUNDING_ADMIN, RECORD, disbursement(project.id))).recordTransaction;
    const id = fromGlobalId('Transaction', transaction.id);
    await expect(api.db.query(`UPDATE transactions SET value = 1 WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(api.db.query(`DELETE FROM transactions WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(api.db.query('TRUNCATE transactions CASCADE')).rejects.toThrow(/append-only/);
    const [{ value }] = await api.db.query('SELECT value::text FROM transactions WHERE id = $1', [id]);
    expect(value).toBe('1250000.50');
  });

  it("refuses another country's organisation the project has not named (or not yet accepted), and a caller who does not report it", async () => {
    const project = await createReportedProject(api, [home.code, other.code], 'Mine');
    const foreign = await createOrganisation(api, `${other.code}-FIRM-1`, other.code, 'PRIVATE_SECTOR');
    const before = await WRITES();
    const named = await mutateAs(api, partnerOf(home.code), RECORD, disbursement(project.id, { receiverOrganisationId: foreign.id }));
    expect(refusal(named, 'BAD_USER_INPUT').message).toMatch(/another country/);
    refusal(await mutateAs(api, partnerOf(other.code), RECORD, disbursement(project.id)), 'FORBIDDEN');
    refusal(await mutateAs(api, { sub: 'auditor', role: 'AUDITOR' as never }, RECORD, disbursement(project.id)), 'FORBIDDEN');
    refusal(await api.graphql(RECORD, { input: disbursement(project.id) }), 'UNAUTHENTICATED');
    expect(await WRITES()).toEqual(before);
    // ADMIN names it; once named and accepted, a partner may name it in a transaction.
    dataOf(await mutateAs(api, FUNDING_ADMIN, RECORD, disbursement(project.id, { receiverOrganisationId: foreign.id })));
  });

  it.each([
    ['a date in the future', { transactionDate: '2100-01-01' }, /future/],
    ['a date before 1900', { transactionDate: '1899-12-31' }, /between/],
    ['a negative value', { value: { amount: '-5', currency: 'USD' } }, /negative/],
    ['cents on yen', { value: { amount: '5.50', currency: 'JPY' } }, /minor units/],
    ['an unknown currency', { value: { amount: '5', currency: 'ABC' } }, /urrency/],
    ['an unknown transaction type', { transactionType: 'GIFT' }, /GIFT/],
    ['a description over 2000 characters', { description: 'x'.repeat(2001) }, /description/],
    ['a blank provider narrative', { providerNarrative: '  ' }, /blank/],
    [
      'an organisation ID of another type',
      { providerOrganisationId: 'UHJvamVjdDoxMjM0NTY3OC0xMjM0LTEyMzQtMTIzNC0xMjM0NTY3ODkwMTI' },
      /expects an? Organisation ID/,
    ],
  ])('refuses %s with a code and writes nothing', async (_, change, message) => {
    const project = await createReportedProject(api, [home.code], 'Validation');
    const before = await WRITES();
    const response = await mutateAs(api, FUNDING_ADMIN, RECORD, disbursement(project.id, change));
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(response.body.errors?.[0]?.extensions?.code);
    expect(response.status).toBeLessThan(500);
    expect(await WRITES()).toEqual(before);
  });

  it('shows the project its transactions as recorded by asOf', async () => {
    const project = await createReportedProject(api, [home.code], 'As of');
    dataOf(await mutateAs(api, FUNDING_ADMIN, RECORD, disbursement(project.id)));
    const [{ now }] = await api.db.query('SELECT clock_timestamp() AS now');
    dataOf(await mutateAs(api, FUNDING_ADMIN, RECORD, disbursement(project.id, { transactionType: 'EXPENDITURE' })));
    const read = dataOf(
      await api.graphql(
        'query($id: ID!, $asOf: DateTime) { project(id: $id, asOf: $asOf) { transactions { totalCount } funding { currency disbursed spent } } }',
        { id: project.id, asOf: new Date(now).toISOString() },
        await authHeader(FUNDING_ADMIN),
      ),
    );
    expect(read.project).toEqual({
      transactions: { totalCount: 1 },
      funding: [{ currency: 'USD', disbursed: '1250000.50', spent: '0.00' }],
    });
  });
});
