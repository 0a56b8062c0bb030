import { randomUUID } from 'node:crypto';
import { Role } from '../../src/modules/auth/caller';
import { fromGlobalId, toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

/**
 * What normalising clients (Apollo Client, Relay) rely on: every mutation echoes its
 * clientMutationId, a status change is one object wherever it is reached, and a
 * missing record is null rather than an error.
 */
const api = useTestApi();
let admin: Record<string, string>;
let factory: Factory;
beforeAll(async () => {
  admin = await authHeader({ sub: 'contract-admin', role: Role.ADMIN });
  factory = new Factory(api.db);
});

const mutate = (
  name: string,
  inputType: string,
  selection: string,
  input: Record<string, unknown>,
  headers = admin,
): Promise<GraphQLResponse> =>
  api.graphql(`mutation($input: ${inputType}!) { ${name}(input: $input) { clientMutationId ${selection} } }`, { input }, headers);

const newCommitment = (fields: Record<string, unknown> = {}) => ({
  title: 'Contract commitment',
  kind: 'FUNDING',
  instrument: 'MOU',
  status: 'ANNOUNCED',
  parties: [{ countryCode: 'IN', role: 'LEAD' }],
  ...fields,
});

describe('clientMutationId', () => {
  it('comes back unchanged from every mutation', async () => {
    const echoed: Record<string, unknown> = {};
    const run = async (name: string, selection: string, input: Record<string, unknown>) => {
      const data = dataOf(
        await mutate(name, `${name[0].toUpperCase()}${name.slice(1)}Input`, selection, { ...input, clientMutationId: `call:${name}` }),
      )[name];
      echoed[name] = data.clientMutationId;
      return data;
    };
    const { commitment } = await run('createCommitment', 'commitment { id version }', newCommitment());
    await run('updateCommitment', 'commitment { id }', {
      commitmentId: commitment.id,
      expectedVersion: 1,
      title: 'Contract commitment, renamed',
    });
    const { obligationStatusChange } = await run('changeCommitmentStatus', 'commitment { id } obligationStatusChange { id }', {
      commitmentId: commitment.id,
      expectedVersion: 2,
      status: 'IN_PROGRESS',
    });
    await run('correctStatusChange', 'obligation { status }', {
      statusChangeId: obligationStatusChange.id,
      reason: 'Contract correction',
      expectedVersion: 2,
    });
    await run('changeCommitmentStatus', 'commitment { id }', { commitmentId: commitment.id, expectedVersion: 4, status: 'IN_PROGRESS' });
    const { project } = await run('createProject', 'project { id }', {
      name: 'Contract project',
      kind: 'REFINING',
      participants: [{ countryCode: 'IN', role: 'LEAD' }],
    });
    await run('updateProject', 'project { id }', { projectId: project.id, expectedVersion: 1, name: 'Contract project, renamed' });
    await run('changeProjectStatus', 'project { id }', { projectId: project.id, expectedVersion: 2, status: 'IMPLEMENTATION' });
    await run('linkProjectToCommitment', 'project { id }', { projectId: project.id, commitmentId: commitment.id, expectedVersion: 3 });
    await run('unlinkProjectFromCommitment', 'project { id }', { projectId: project.id, commitmentId: commitment.id, expectedVersion: 4 });
    // The US invited to both (as a PARTNER of another country would), and an ADMIN recording its answers.
    const [us] = await api.db.query("SELECT id FROM countries WHERE code = 'US'");
    await api.db.query("INSERT INTO commitment_parties (commitment_id, country_id, role, consent) VALUES ($1, $2, 'PARTY', 'INVITED')", [
      fromGlobalId('Commitment', commitment.id),
      us.id,
    ]);
    await api.db.query("INSERT INTO project_participants (project_id, country_id, role, consent) VALUES ($1, $2, 'PARTNER', 'INVITED')", [
      fromGlobalId('Project', project.id),
      us.id,
    ]);
    await run('respondToCommitmentInvitation', 'consent', { commitmentId: commitment.id, accept: true, countryCode: 'US' });
    await run('respondToProjectInvitation', 'consent', { projectId: project.id, accept: false, countryCode: 'US' });
    const { meeting } = await run('createMeeting', 'meeting { id }', { title: 'Contract meeting', kind: 'BILATERAL' });
    await run('updateMeeting', 'meeting { id }', { meetingId: meeting.id, expectedVersion: 1, city: 'Ottawa' });
    await run('setMeetingParticipants', 'meeting { id }', {
      meetingId: meeting.id,
      expectedVersion: 2,
      participants: [{ countryCode: 'CA', role: 'HOST' }],
    });
    const alliances = dataOf(await api.graphql('{ alliances { edges { node { id code } } } }')).alliances.edges.map(
      (edge: any) => edge.node,
    );
    const country = await factory.country();
    const g7 = alliances.find((a: any) => a.code === 'G7').id;
    await run('setAllianceMembership', 'membership { id }', { allianceId: g7, countryCode: country.code, status: 'INVITED' });
    const { evidence } = await run('registerEvidence', 'evidence { id }', {
      title: 'Contract evidence',
      url: 'https://example.org/contract.pdf',
      documentCategory: 'A11',
      language: 'en',
      publishedOn: '2026-01-20',
      sha256: '01'.repeat(32),
    });
    await run('attachEvidence', 'evidence { id }', { evidenceId: evidence.id, subjectId: project.id });
    await run('supersedeEvidence', 'evidence { id }', { evidenceId: evidence.id, reason: 'Replaced by the signed copy' });
    await run('addStatement', 'statement { id }', {
      speakerName: 'Contract speaker',
      speakerCountryCode: 'IN',
      kind: 'QUOTE',
      text: 'Contract words',
      channel: 'REMARKS',
    });
    // An obligation reported DELIVERED by someone other than this test's caller: it is assessed, corrected and confirmed.
    const delivered = await factory.commitment({ status: 'DELIVERED', partyIds: [country.id] });
    const [obligation] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1', [delivered.id]);
    const obligationId = toGlobalId('Obligation', obligation.id);
    const { assessment } = await run('assessObligation', 'assessment { id }', {
      obligationId,
      score: 1,
      kind: 'FINAL',
      rationale: 'Contract assessment',
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
    });
    await run('correctAssessment', 'assessment { id }', { assessmentId: assessment.id, reason: 'Contract correction' });
    await run('confirmDelivery', 'obligation { id }', { obligationId, confirm: true, note: 'Contract confirmation' });
    const versionOf = async () =>
      dataOf(await api.graphql('query($id: ID!) { project(id: $id) { version } }', { id: project.id })).project.version;
    const { organisation } = await run('createOrganisation', 'organisation { id }', {
      iatiIdentifier: 'XI-CONTRACT-1',
      name: 'Contract organisation',
      organisationType: 'MULTILATERAL',
    });
    await run('setProjectOrganisations', 'project { version }', {
      projectId: project.id,
      expectedVersion: await versionOf(),
      organisations: [{ organisationId: organisation.id, role: 'FUNDING' }],
    });
    const [usAgency] = await api.db.query(
      "INSERT INTO organisations (iati_identifier, name, organisation_type, country_id) VALUES ('US-CONTRACT-1', 'US agency', '10', $1) RETURNING id",
      [us.id],
    );
    await api.db.query(
      "INSERT INTO project_organisations (project_id, organisation_id, role, consent, position) VALUES ($1, $2, '4', 'INVITED', 1)",
      [fromGlobalId('Project', project.id), usAgency.id],
    );
    await run('respondToOrganisationInvitation', 'consent', {
      projectId: project.id,
      organisationId: toGlobalId('Organisation', usAgency.id),
      accept: true,
    });
    const budget = { periodStart: '2026-01-01', periodEnd: '2026-12-31', value: { amount: '10', currency: 'USD' } };
    await run('setProjectBudgets', 'project { version }', { projectId: project.id, expectedVersion: await versionOf(), budgets: [budget] });
    await run('setProjectResults', 'project { version }', {
      projectId: project.id,
      expectedVersion: await versionOf(),
      results: [{ resultType: 'OUTPUT', title: 'Contract result', indicators: [{ title: 'Contract indicator' }] }],
    });
    const disbursement = { transactionType: 'DISBURSEMENT', transactionDate: '2026-01-31', value: { amount: '10', currency: 'USD' } };
    const { transaction } = await run('recordTransaction', 'transaction { id }', { projectId: project.id, ...disbursement });
    await run('correctTransaction', 'transaction { id }', {
      transactionId: transaction.id,
      reason: 'Contract correction',
      ...disbursement,
    });

    const mutations = dataOf(await api.graphql('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map(
      (f: any) => f.name,
    );
    expect(Object.keys(echoed).sort()).toEqual(mutations.sort());
    for (const [name, value] of Object.entries(echoed)) expect(value).toBe(`call:${name}`);
  });

  it('is null when none was sent, including in an input written inline', async () => {
    const { commitment } = dataOf(
      await mutate('createCommitment', 'CreateCommitmentInput', 'commitment { id }', newCommitment()),
    ).createCommitment;
    const response = await api.graphql(
      `mutation { changeCommitmentStatus(input: { commitmentId: "${commitment.id}", expectedVersion: 1, status: IN_PROGRESS }) { clientMutationId commitment { version } } }`,
      {},
      admin,
    );
    expect(dataOf(response).changeCommitmentStatus).toEqual({ clientMutationId: null, commitment: { version: 2 } });
  });

  it('is refused over 100 characters with BAD_USER_INPUT naming it, and nothing is written', async () => {
    const [before] = await api.db.query('SELECT count(*)::int AS n FROM commitments');
    const response = await mutate('createCommitment', 'CreateCommitmentInput', 'commitment { id }', {
      ...newCommitment(),
      clientMutationId: 'x'.repeat(101),
    });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.clientMutationId' });
    expect(
      dataOf(
        await mutate('createCommitment', 'CreateCommitmentInput', 'commitment { id }', {
          ...newCommitment(),
          clientMutationId: 'x'.repeat(100),
        }),
      ).createCommitment.clientMutationId,
    ).toHaveLength(100);
    const [after] = await api.db.query('SELECT count(*)::int AS n FROM commitments');
    expect(after.n).toBe(before.n + 1);
  });

  it('does not make a retry a different request: the replay answers the first result with the new id, and the trail never records it', async () => {
    const idempotencyKey = randomUUID();
    const input = { ...newCommitment({ title: 'Retried commitment' }), idempotencyKey };
    const first = dataOf(
      await mutate('createCommitment', 'CreateCommitmentInput', 'commitment { id } statusChange { id }', {
        ...input,
        clientMutationId: 'try-1',
      }),
    ).createCommitment;
    const retry = dataOf(
      await mutate('createCommitment', 'CreateCommitmentInput', 'commitment { id } statusChange { id }', {
        ...input,
        clientMutationId: 'try-2',
      }),
    ).createCommitment;
    expect(retry).toEqual({ ...first, clientMutationId: 'try-2' });
    expect(first.clientMutationId).toBe('try-1');
    const rowId = Buffer.from(first.commitment.id, 'base64url').toString('utf8').split(':')[1];
    const events = await api.db.query('SELECT changes FROM audit_events WHERE subject_id = $1', [rowId]);
    expect(events).toHaveLength(1);
    expect(events[0].changes).not.toHaveProperty('clientMutationId');
    expect(events[0].changes).toMatchObject({ title: 'Retried commitment' });
  });

  it('leaves a refused mutation null on its own, with its error', async () => {
    const response = await mutate(
      'createCommitment',
      'CreateCommitmentInput',
      'commitment { id }',
      { ...newCommitment(), clientMutationId: 'refused' },
      {},
    );
    expect(response.body.data).toEqual({ createCommitment: null });
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('a status change', () => {
  it('has one id wherever it is reached: the mutation payload, statusHistory, node(id) and the audit event that recorded it', async () => {
    const { commitment } = dataOf(
      await mutate('createCommitment', 'CreateCommitmentInput', 'commitment { id }', newCommitment()),
    ).createCommitment;
    const moved = dataOf(
      await mutate('changeCommitmentStatus', 'ChangeCommitmentStatusInput', 'statusChange { __typename id sequence fromStatus toStatus }', {
        commitmentId: commitment.id,
        expectedVersion: 1,
        status: 'DELAYED',
        note: 'Permits',
      }),
    ).changeCommitmentStatus.statusChange;
    expect(moved).toMatchObject({ __typename: 'CommitmentStatusChange', fromStatus: 'ANNOUNCED', toStatus: 'DELAYED' });
    const read = dataOf(
      await api.graphql(
        `query($c: ID!, $s: ID!) {
          commitment(id: $c) { statusHistory(last: 1) { edges { node { __typename id sequence fromStatus toStatus } } } }
          node(id: $s) { __typename id ... on CommitmentStatusChange { sequence fromStatus toStatus } }
          auditTrail(filter: { subjectGlobalId: $c, actions: [STATUS_CHANGED] }) { edges { node { statusChange { __typename id } } } }
        }`,
        { c: commitment.id, s: moved.id },
        await authHeader({ sub: 'contract-auditor', role: Role.AUDITOR }),
      ),
    );
    expect(read.commitment.statusHistory.edges[0].node).toEqual(moved);
    expect(read.node).toEqual(moved);
    expect(read.auditTrail.edges.map((e: any) => e.node.statusChange)).toEqual([{ __typename: 'CommitmentStatusChange', id: moved.id }]);
  });
});

describe('a record that does not exist', () => {
  const QUERY = `query($c: ID!, $p: ID!, $m: ID!) { commitment(id: $c) { id } project(id: $p) { id } meeting(id: $m) { id } country(code: "ZZ") { id } }`;

  it('is null without an error, whether its row is missing or the id names another type', async () => {
    const missing = await api.graphql(QUERY, {
      c: toGlobalId('Commitment', randomUUID()),
      p: toGlobalId('Project', randomUUID()),
      m: toGlobalId('Meeting', randomUUID()),
    });
    expect(missing.body).toEqual({ data: { commitment: null, project: null, meeting: null, country: null } });
    const project = await factory.project();
    const commitment = await factory.commitment();
    const swapped = await api.graphql(QUERY, { c: project.globalId, p: commitment.globalId, m: commitment.globalId });
    expect(swapped.body).toEqual({ data: { commitment: null, project: null, meeting: null, country: null } });
  });

  it('is still BAD_USER_INPUT when the id is not one this API could have issued', async () => {
    const response = await api.graphql('query($id: ID!) { commitment(id: $id) { id } }', { id: 'not-an-id' });
    expect(response.body.data).toEqual({ commitment: null });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
  });
});
