import { randomUUID } from 'node:crypto';
import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { declaredEvidence, uploadEvidence } from '../helpers/evidence';
import { withRealCodes } from '../helpers/iati';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

/**
 * Every mutation against every kind of caller: exactly the cells the policy
 * allows go through, and every refused cell leaves the database as it was.
 */

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
/** The country every subject binds (party, participant, host), and one that takes part in nothing. */
let party: { id: string; code: string };
let other: { id: string; code: string };
let paxSilicaId: string;

const ADMIN: TokenClaims = { sub: 'matrix-admin', role: Role.ADMIN };

beforeAll(async () => {
  factory = new Factory(api.db);
  party = await factory.country();
  other = await factory.country();
  const alliances = dataOf(await api.graphql('{ alliances { edges { node { id code } } } }')).alliances.edges.map((e: any) => e.node);
  paxSilicaId = alliances.find((a: any) => a.code === 'PAX_SILICA').id;
  // The party country's government exists already, so no cell's first call is the one that infers it.
  await api.db.query(
    `INSERT INTO organisations (iati_identifier, name, organisation_type, country_id, basis, note) VALUES ($1, 'Government of the party', '10', $2, 'INFERRED', 'matrix')`,
    [`ZZ-CMC-GOV-${party.code}`, party.id],
  );
});

// ---------------------------------------------------------------------------
// What a refused request could have written
// ---------------------------------------------------------------------------

const TABLES = [
  'audit_events',
  'idempotency_keys',
  'commitments',
  'commitment_parties',
  'obligations',
  'projects',
  'project_participants',
  'project_commitments',
  'meetings',
  'meeting_participants',
  'alliance_memberships',
  'evidence_documents',
  'evidence_contents',
  'evidence_attachments',
  'statements',
  'assessments',
  'delivery_reviews',
  'organisations',
  'project_organisations',
  'budgets',
  'results',
  'transactions',
] as const;
type Table = (typeof TABLES)[number];
type Counts = Record<Table, number>;

interface Subject {
  table: 'commitments' | 'projects' | 'meetings' | 'alliance_memberships' | 'evidence_documents' | 'obligations' | 'assessments';
  id: string;
}

async function counts(): Promise<Counts> {
  const [row] = await api.db.query(`SELECT ${TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`);
  return row;
}

async function subjectRow(subject: Subject | undefined): Promise<Record<string, unknown> | undefined> {
  if (!subject) return undefined;
  const [row] = await api.db.query(`SELECT * FROM ${subject.table} WHERE id = $1`, [subject.id]);
  return row;
}

// ---------------------------------------------------------------------------
// The mutations, each with a fresh subject and a valid input
// ---------------------------------------------------------------------------

interface Prepared {
  input: Record<string, unknown>;
  /** The existing row the mutation changes; none for the create mutations. */
  subject?: Subject;
  /** The country a "PARTNER of a party country" acts for. */
  partyCode: string;
}

interface MutationCase {
  /** PARTNERs of a party country may run it (commitments and projects); ADMIN may run everything. */
  partnerMayRun: boolean;
  /** AUDITORs may run it too (evidence). */
  auditorMayRun?: boolean;
  /** PARTNERs of any country may run it (submitting evidence, which binds no country). */
  anyPartnerMayRun?: boolean;
  document: string;
  prepare(): Promise<Prepared>;
  /** What an accepted call adds to each table besides its audit events and its one idempotency key. */
  delta: Partial<Counts>;
  /** How many audit events an accepted call appends; default 1. */
  events?: number;
  /** Checks the payload of an accepted call. */
  accepted(payload: any, prepared: Prepared): void;
}

const COMMITMENT = 'commitment { id title status version parties { country { code } } }';
const PROJECT = 'project { id name status version participants { country { code } } }';
const MEETING = 'meeting { id title version participants { role country { code } } }';
const EVIDENCE = 'evidence { id hashBasis superseded version }';
/** Evidence a PARTNER of the party country submitted. */
async function evidenceOfParty(): Promise<Subject & { globalId: string }> {
  const evidence = await declaredEvidence(api.db, party.code);
  return { table: 'evidence_documents', ...evidence };
}

const ASSESSMENT = 'assessment { score kind corrected version }';
const MATRIX_AUDITOR: TokenClaims = { sub: 'matrix-auditor', role: Role.AUDITOR };
/** The party country's obligation under a commitment of its own. */
async function obligationOfParty(): Promise<{ id: string; globalId: string }> {
  const commitment = await commitmentOfParty();
  const [row] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1', [commitment.id]);
  return { id: row.id, globalId: toGlobalId('Obligation', row.id) };
}
const assessment = (obligationId: string) => ({
  obligationId,
  score: 0,
  rationale: 'Partly delivered',
  kind: 'INTERIM',
  periodFrom: '2026-01-01',
  periodTo: '2026-06-30',
});

async function commitmentOfParty() {
  return factory.commitment({ partyIds: [party.id] });
}
async function projectOfParty(commitmentIds: string[] = []) {
  return factory.project({ participantIds: [party.id], commitmentIds });
}
/** A country of its own, invited (not yet accepted) to the record: the cell's "party" PARTNER acts for it. */
async function invite(table: 'commitment_parties' | 'project_participants', column: string, recordId: string) {
  const invited = await factory.country();
  const role = table === 'commitment_parties' ? 'PARTY' : 'PARTNER';
  await api.db.query(`INSERT INTO ${table} (${column}, country_id, role, consent) VALUES ($1, $2, $3, 'INVITED')`, [
    recordId,
    invited.id,
    role,
  ]);
  // As createCommitment does it: the invited party's obligation waits, uncounted, for the answer.
  if (table === 'commitment_parties') {
    await api.db.query(`INSERT INTO obligations (commitment_id, country_id, status, consent) VALUES ($1, $2, 'ANNOUNCED', 'INVITED')`, [
      recordId,
      invited.id,
    ]);
  }
  return invited.code;
}

/** An organisation of its own country (a new one), recorded straight to the table. */
async function organisationOf(countryId: string | null) {
  const [row] = await api.db.query(
    `INSERT INTO organisations (iati_identifier, name, organisation_type, country_id) VALUES ($1, 'Matrix organisation', '70', $2) RETURNING id`,
    [`XI-MATRIX-${randomUUID()}`, countryId],
  );
  return { id: row.id as string, globalId: toGlobalId('Organisation', row.id) };
}
const DISBURSEMENT = { transactionType: 'DISBURSEMENT', transactionDate: '2025-06-30', value: { amount: '100.00', currency: 'USD' } };

const FUNDING_MUTATIONS: Record<string, MutationCase> = {
  createOrganisation: {
    partnerMayRun: true,
    document: `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { iatiIdentifier country { code } } } }`,
    prepare: async () => ({
      input: { iatiIdentifier: `XI-M-${randomUUID()}`, name: 'Matrix agency', organisationType: 'GOVERNMENT', countryCode: party.code },
      partyCode: party.code,
    }),
    delta: { organisations: 1 },
    accepted: (payload) => expect(payload.organisation.country).toEqual({ code: party.code }),
  },
  setProjectOrganisations: {
    partnerMayRun: true,
    document: `mutation($input: SetProjectOrganisationsInput!) { setProjectOrganisations(input: $input) { ${PROJECT} } }`,
    prepare: async () => {
      const project = await projectOfParty();
      const organisation = await organisationOf(party.id);
      return {
        input: {
          projectId: project.globalId,
          expectedVersion: 1,
          organisations: [{ organisationId: organisation.globalId, role: 'IMPLEMENTING' }],
        },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: { project_organisations: 1 },
    accepted: (payload) => expect(payload.project.version).toBe(2),
  },
  respondToOrganisationInvitation: {
    partnerMayRun: true,
    document: `mutation($input: RespondToOrganisationInvitationInput!) { respondToOrganisationInvitation(input: $input) { consent ${PROJECT} } }`,
    prepare: async () => {
      const project = await projectOfParty();
      const invited = await factory.country();
      const organisation = await organisationOf(invited.id);
      await api.db.query(
        `INSERT INTO project_organisations (project_id, organisation_id, role, consent, position) VALUES ($1, $2, '1', 'INVITED', 0)`,
        [project.id, organisation.id],
      );
      return {
        input: { projectId: project.globalId, organisationId: organisation.globalId, accept: true },
        subject: { table: 'projects', id: project.id },
        partyCode: invited.code,
      };
    },
    delta: {},
    accepted: (payload) => expect(payload.consent).toBe('ACCEPTED'),
  },
  setProjectBudgets: {
    partnerMayRun: true,
    document: `mutation($input: SetProjectBudgetsInput!) { setProjectBudgets(input: $input) { ${PROJECT} } }`,
    prepare: async () => {
      const project = await projectOfParty();
      const budget = { periodStart: '2026-01-01', periodEnd: '2026-12-31', value: { amount: '1000', currency: 'EUR' } };
      return {
        input: { projectId: project.globalId, expectedVersion: 1, budgets: [budget] },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: { budgets: 1 },
    accepted: (payload) => expect(payload.project.version).toBe(2),
  },
  setProjectResults: {
    partnerMayRun: true,
    document: `mutation($input: SetProjectResultsInput!) { setProjectResults(input: $input) { ${PROJECT} } }`,
    prepare: async () => {
      const project = await projectOfParty();
      const results = [{ resultType: 'OUTPUT', title: 'Matrix result', indicators: [{ title: 'Matrix indicator' }] }];
      return {
        input: { projectId: project.globalId, expectedVersion: 1, results },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: { results: 1 },
    accepted: (payload) => expect(payload.project.version).toBe(2),
  },
  recordTransaction: {
    partnerMayRun: true,
    document: `mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { transaction { transactionType value { amount } } } }`,
    prepare: async () => {
      const project = await projectOfParty();
      return { input: { projectId: project.globalId, ...DISBURSEMENT }, partyCode: party.code };
    },
    delta: { transactions: 1 },
    accepted: (payload) => expect(payload.transaction).toEqual({ transactionType: 'DISBURSEMENT', value: { amount: '100.00' } }),
  },
  correctTransaction: {
    partnerMayRun: true,
    document: `mutation($input: CorrectTransactionInput!) { correctTransaction(input: $input) { transaction { corrects { id } } corrected { id } } }`,
    prepare: async () => {
      const project = await projectOfParty();
      const recorded = dataOf(
        await api.graphql(
          `mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { transaction { id } } }`,
          { input: { projectId: project.globalId, ...DISBURSEMENT } },
          await authHeader(ADMIN),
        ),
      ).recordTransaction.transaction;
      return {
        input: { transactionId: recorded.id, reason: 'Matrix correction', ...DISBURSEMENT, value: { amount: '90', currency: 'USD' } },
        partyCode: party.code,
      };
    },
    delta: { transactions: 1 },
    accepted: (payload) => expect(payload.transaction.corrects).toEqual(payload.corrected),
  },
};

const MUTATIONS: Record<string, MutationCase> = {
  ...FUNDING_MUTATIONS,
  createCommitment: {
    partnerMayRun: true,
    document: `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { ${COMMITMENT} statusChange { toStatus version } } }`,
    prepare: async () => ({
      input: { title: 'Matrix commitment', kind: 'FUNDING', instrument: 'STATEMENT', parties: [{ countryCode: party.code, role: 'LEAD' }] },
      partyCode: party.code,
    }),
    delta: { commitments: 1, commitment_parties: 1, obligations: 1 },
    // The commitment's first entry and its one party's obligation's.
    events: 2,
    accepted: (payload) => {
      expect(payload.commitment).toMatchObject({
        title: 'Matrix commitment',
        status: 'PROPOSED',
        version: 1,
        parties: [{ country: { code: party.code } }],
      });
      expect(payload.statusChange).toEqual({ toStatus: 'PROPOSED', version: 1 });
    },
  },
  updateCommitment: {
    partnerMayRun: true,
    document: `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { ${COMMITMENT} } }`,
    prepare: async () => {
      const commitment = await commitmentOfParty();
      return {
        input: { commitmentId: commitment.globalId, expectedVersion: 1, title: 'Renamed by the matrix' },
        subject: { table: 'commitments', id: commitment.id },
        partyCode: party.code,
      };
    },
    delta: {},
    accepted: (payload, prepared) =>
      expect(payload.commitment).toMatchObject({ id: prepared.input.commitmentId, title: 'Renamed by the matrix', version: 2 }),
  },
  changeCommitmentStatus: {
    partnerMayRun: true,
    document: `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { ${COMMITMENT} statusChange { fromStatus toStatus version } } }`,
    prepare: async () => {
      const commitment = await commitmentOfParty();
      return {
        input: { commitmentId: commitment.globalId, expectedVersion: 1, status: 'IN_PROGRESS' },
        subject: { table: 'commitments', id: commitment.id },
        partyCode: party.code,
      };
    },
    delta: {},
    // The obligation's change and the commitment's roll-up.
    events: 2,
    accepted: (payload) => {
      expect(payload.commitment).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
      expect(payload.statusChange).toEqual({ fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', version: 2 });
    },
  },
  respondToCommitmentInvitation: {
    partnerMayRun: true,
    document: `mutation($input: RespondToCommitmentInvitationInput!) { respondToCommitmentInvitation(input: $input) { ${COMMITMENT} consent } }`,
    prepare: async () => {
      const commitment = await commitmentOfParty();
      const invitedCode = await invite('commitment_parties', 'commitment_id', commitment.id);
      return {
        // ADMIN names the country it answers for; the invited country's PARTNER may too.
        input: { commitmentId: commitment.globalId, accept: true, countryCode: invitedCode },
        subject: { table: 'commitments', id: commitment.id },
        partyCode: invitedCode,
      };
    },
    delta: {},
    // The answer, and the invited party's obligation, which counts from now on.
    events: 2,
    accepted: (payload, prepared) => {
      expect(payload.consent).toBe('ACCEPTED');
      expect(payload.commitment.version).toBe(2);
      expect(payload.commitment.parties.map((p: any) => p.country.code).sort()).toEqual([party.code, prepared.partyCode].sort());
    },
  },
  correctStatusChange: {
    partnerMayRun: true,
    document: `mutation($input: CorrectStatusChangeInput!) { correctStatusChange(input: $input) { obligation { status version } correction { toStatus note } } }`,
    prepare: async () => {
      // A change made by the party's own team, which that team (or ADMIN) may correct.
      const commitment = await commitmentOfParty();
      const made = dataOf(
        await api.graphql(
          `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { obligation { id } obligationStatusChange { id } } }`,
          { input: { commitmentId: commitment.globalId, expectedVersion: 1, status: 'IN_PROGRESS' } },
          await authHeader({ sub: `partner-${party.code}`, role: Role.PARTNER, country: party.code }),
        ),
      ).changeCommitmentStatus;
      const [obligation] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1', [commitment.id]);
      return {
        input: { statusChangeId: made.obligationStatusChange.id, reason: 'Recorded by mistake', expectedVersion: 2 },
        subject: { table: 'obligations', id: obligation.id },
        partyCode: party.code,
      };
    },
    delta: {},
    // The correction and the commitment's roll-up.
    events: 2,
    accepted: (payload) =>
      expect(payload).toEqual({
        obligation: { status: 'ANNOUNCED', version: 3 },
        correction: { toStatus: 'ANNOUNCED', note: 'Recorded by mistake' },
      }),
  },
  createProject: {
    partnerMayRun: true,
    document: `mutation($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT} statusChange { toStatus version } } }`,
    prepare: async () => ({
      input: { name: 'Matrix project', kind: 'RECYCLING', participants: [{ countryCode: party.code, role: 'LEAD' }] },
      partyCode: party.code,
    }),
    delta: { projects: 1, project_participants: 1 },
    accepted: (payload) => {
      expect(payload.project).toMatchObject({
        name: 'Matrix project',
        status: 'PIPELINE',
        version: 1,
        participants: [{ country: { code: party.code } }],
      });
      expect(payload.statusChange).toEqual({ toStatus: 'PIPELINE', version: 1 });
    },
  },
  updateProject: {
    partnerMayRun: true,
    document: `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { ${PROJECT} } }`,
    prepare: async () => {
      const project = await projectOfParty();
      return {
        input: { projectId: project.globalId, expectedVersion: 1, name: 'Renamed by the matrix' },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: {},
    accepted: (payload, prepared) =>
      expect(payload.project).toMatchObject({ id: prepared.input.projectId, name: 'Renamed by the matrix', version: 2 }),
  },
  changeProjectStatus: {
    partnerMayRun: true,
    document: `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { ${PROJECT} statusChange { fromStatus toStatus version } } }`,
    prepare: async () => {
      const project = await projectOfParty();
      return {
        input: { projectId: project.globalId, expectedVersion: 1, status: 'IMPLEMENTATION' },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: {},
    accepted: (payload) => {
      expect(payload.project).toMatchObject({ status: 'IMPLEMENTATION', version: 2 });
      expect(payload.statusChange).toEqual({ fromStatus: 'PIPELINE', toStatus: 'IMPLEMENTATION', version: 2 });
    },
  },
  respondToProjectInvitation: {
    partnerMayRun: true,
    document: `mutation($input: RespondToProjectInvitationInput!) { respondToProjectInvitation(input: $input) { ${PROJECT} consent } }`,
    prepare: async () => {
      const project = await projectOfParty();
      const invitedCode = await invite('project_participants', 'project_id', project.id);
      return {
        input: { projectId: project.globalId, accept: false, countryCode: invitedCode },
        subject: { table: 'projects', id: project.id },
        partyCode: invitedCode,
      };
    },
    delta: { project_participants: -1 },
    accepted: (payload) => {
      expect(payload.consent).toBeNull();
      expect(payload.project).toMatchObject({ version: 2, participants: [{ country: { code: party.code } }] });
    },
  },
  linkProjectToCommitment: {
    partnerMayRun: true,
    document: `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) {
      project { id version commitments { totalCount } } commitment { id projects { totalCount } } } }`,
    prepare: async () => {
      const commitment = await commitmentOfParty();
      const project = await projectOfParty();
      return {
        input: { projectId: project.globalId, commitmentId: commitment.globalId, expectedVersion: 1 },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: { project_commitments: 1 },
    accepted: (payload, prepared) => {
      expect(payload.project).toEqual({ id: prepared.input.projectId, version: 2, commitments: { totalCount: 1 } });
      expect(payload.commitment).toEqual({ id: prepared.input.commitmentId, projects: { totalCount: 1 } });
    },
  },
  unlinkProjectFromCommitment: {
    partnerMayRun: true,
    document: `mutation($input: UnlinkProjectFromCommitmentInput!) { unlinkProjectFromCommitment(input: $input) {
      project { id version commitments { totalCount } } commitment { id projects { totalCount } } } }`,
    prepare: async () => {
      const commitment = await commitmentOfParty();
      const project = await projectOfParty([commitment.id]);
      return {
        input: { projectId: project.globalId, commitmentId: commitment.globalId, expectedVersion: 1 },
        subject: { table: 'projects', id: project.id },
        partyCode: party.code,
      };
    },
    delta: { project_commitments: -1 },
    accepted: (payload, prepared) => {
      expect(payload.project).toEqual({ id: prepared.input.projectId, version: 2, commitments: { totalCount: 0 } });
      expect(payload.commitment).toEqual({ id: prepared.input.commitmentId, projects: { totalCount: 0 } });
    },
  },
  createMeeting: {
    partnerMayRun: false,
    document: `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ${MEETING} } }`,
    prepare: async () => ({
      input: {
        title: 'Matrix meeting',
        kind: 'WORKING_GROUP',
        hostCountryCode: party.code,
        participants: [{ countryCode: party.code, role: 'HOST' }],
      },
      partyCode: party.code,
    }),
    delta: { meetings: 1, meeting_participants: 1 },
    accepted: (payload) =>
      expect(payload.meeting).toMatchObject({
        title: 'Matrix meeting',
        version: 1,
        participants: [{ role: 'HOST', country: { code: party.code } }],
      }),
  },
  updateMeeting: {
    partnerMayRun: false,
    document: `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { ${MEETING} } }`,
    prepare: async () => {
      const meeting = await factory.meeting({ hostCountryId: party.id, participantIds: [party.id] });
      return {
        input: { meetingId: meeting.globalId, expectedVersion: 1, title: 'Renamed by the matrix' },
        subject: { table: 'meetings', id: meeting.id },
        partyCode: party.code,
      };
    },
    delta: {},
    accepted: (payload, prepared) =>
      expect(payload.meeting).toMatchObject({ id: prepared.input.meetingId, title: 'Renamed by the matrix', version: 2 }),
  },
  setMeetingParticipants: {
    partnerMayRun: false,
    document: `mutation($input: SetMeetingParticipantsInput!) { setMeetingParticipants(input: $input) { ${MEETING} } }`,
    prepare: async () => {
      const meeting = await factory.meeting({ hostCountryId: party.id, participantIds: [party.id] });
      return {
        input: {
          meetingId: meeting.globalId,
          expectedVersion: 1,
          participants: [
            { countryCode: party.code, role: 'HOST' },
            { countryCode: other.code, role: 'MEMBER' },
          ],
        },
        subject: { table: 'meetings', id: meeting.id },
        partyCode: party.code,
      };
    },
    delta: { meeting_participants: 1 },
    accepted: (payload) =>
      expect(payload.meeting).toMatchObject({
        version: 2,
        participants: [
          { role: 'HOST', country: { code: party.code } },
          { role: 'MEMBER', country: { code: other.code } },
        ],
      }),
  },
  addStatement: {
    partnerMayRun: true,
    document: `mutation($input: AddStatementInput!) { addStatement(input: $input) {
      statement { id speakerName text kind channel speakerCountry { code } } } }`,
    prepare: async () => ({
      input: {
        speakerName: 'Matrix speaker',
        speakerCountryCode: party.code,
        kind: 'QUOTE',
        text: 'Said in the matrix',
        channel: 'REMARKS',
      },
      partyCode: party.code,
    }),
    delta: { statements: 1 },
    accepted: (payload) =>
      expect(payload.statement).toMatchObject({
        speakerName: 'Matrix speaker',
        text: 'Said in the matrix',
        kind: 'QUOTE',
        channel: 'REMARKS',
        speakerCountry: { code: party.code },
      }),
  },
  setAllianceMembership: {
    partnerMayRun: false,
    document: `mutation($input: SetAllianceMembershipInput!) { setAllianceMembership(input: $input) {
      membership { id status version country { code } } statusChange { fromStatus toStatus version } } }`,
    prepare: async () => {
      // A country of its own, invited by an ADMIN: the cell then tries to admit it.
      const country = await factory.country();
      dataOf(
        await api.graphql(
          'mutation($input: SetAllianceMembershipInput!) { setAllianceMembership(input: $input) { membership { version } } }',
          { input: { allianceId: paxSilicaId, countryCode: country.code, status: 'INVITED' } },
          await authHeader(ADMIN),
        ),
      );
      const [row] = await api.db.query('SELECT id FROM alliance_memberships WHERE country_id = $1', [country.id]);
      return {
        input: { allianceId: paxSilicaId, countryCode: country.code, status: 'MEMBER', expectedVersion: 1 },
        subject: { table: 'alliance_memberships', id: row.id },
        partyCode: country.code,
      };
    },
    delta: {},
    accepted: (payload, prepared) => {
      expect(payload.membership).toMatchObject({ status: 'MEMBER', version: 2, country: { code: prepared.input.countryCode } });
      expect(payload.statusChange).toEqual({ fromStatus: 'INVITED', toStatus: 'MEMBER', version: 2 });
    },
  },
  registerEvidence: {
    partnerMayRun: true,
    anyPartnerMayRun: true,
    auditorMayRun: true,
    document: `mutation($input: RegisterEvidenceInput!) { registerEvidence(input: $input) { ${EVIDENCE} } }`,
    prepare: async () => ({
      input: {
        title: 'Matrix evidence',
        url: 'https://example.org/matrix.pdf',
        documentCategory: 'A08',
        language: 'en',
        publishedOn: '2026-02-01',
        sha256: 'ef'.repeat(32),
      },
      partyCode: party.code,
    }),
    delta: { evidence_documents: 1 },
    accepted: (payload) => expect(payload.evidence).toMatchObject({ hashBasis: 'DECLARED', superseded: false, version: 1 }),
  },
  supersedeEvidence: {
    partnerMayRun: true,
    auditorMayRun: true,
    document: `mutation($input: SupersedeEvidenceInput!) { supersedeEvidence(input: $input) { ${EVIDENCE} } }`,
    prepare: async () => {
      const evidence = await evidenceOfParty();
      return { input: { evidenceId: evidence.globalId, reason: 'Superseded by the matrix' }, subject: evidence, partyCode: party.code };
    },
    delta: {},
    accepted: (payload, prepared) =>
      expect(payload.evidence).toEqual({ id: prepared.input.evidenceId, hashBasis: 'DECLARED', superseded: true, version: 2 }),
  },
  attachEvidence: {
    partnerMayRun: true,
    auditorMayRun: true,
    document: `mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) { subjectId ${EVIDENCE} } }`,
    prepare: async () => {
      // Submitted by another country's partner: what decides is the project's countries.
      const evidence = { table: 'evidence_documents' as const, ...(await declaredEvidence(api.db, other.code)) };
      const project = await projectOfParty();
      return { input: { evidenceId: evidence.globalId, subjectId: project.globalId }, subject: evidence, partyCode: party.code };
    },
    delta: { evidence_attachments: 1 },
    accepted: (payload, prepared) => {
      expect(payload.subjectId).toBe(prepared.input.subjectId);
      expect(payload.evidence).toEqual({ id: prepared.input.evidenceId, hashBasis: 'DECLARED', superseded: false, version: 2 });
    },
  },
  assessObligation: {
    partnerMayRun: false,
    auditorMayRun: true,
    document: `mutation($input: AssessObligationInput!) { assessObligation(input: $input) { ${ASSESSMENT} } }`,
    prepare: async () => ({ input: assessment((await obligationOfParty()).globalId), partyCode: party.code }),
    delta: { assessments: 1 },
    accepted: (payload) => expect(payload.assessment).toEqual({ score: 0, kind: 'INTERIM', corrected: false, version: 1 }),
  },
  correctAssessment: {
    partnerMayRun: false,
    // Its assessor (the matrix's AUDITOR) or ADMIN.
    auditorMayRun: true,
    document: `mutation($input: CorrectAssessmentInput!) { correctAssessment(input: $input) { ${ASSESSMENT} } }`,
    prepare: async () => {
      const made = dataOf(
        await api.graphql(
          `mutation($input: AssessObligationInput!) { assessObligation(input: $input) { assessment { id } } }`,
          { input: assessment((await obligationOfParty()).globalId) },
          await authHeader(MATRIX_AUDITOR),
        ),
      ).assessObligation.assessment;
      const [row] = await api.db.query('SELECT id FROM assessments ORDER BY created_at DESC LIMIT 1');
      return {
        input: { assessmentId: made.id, reason: 'Scored by mistake' },
        subject: { table: 'assessments', id: row.id },
        partyCode: party.code,
      };
    },
    delta: {},
    accepted: (payload) => expect(payload.assessment).toEqual({ score: 0, kind: 'INTERIM', corrected: true, version: 2 }),
  },
  confirmDelivery: {
    // A PARTNER of another accepted party of the commitment (the party country); never of an uninvolved one.
    partnerMayRun: true,
    auditorMayRun: true,
    document: `mutation($input: ConfirmDeliveryInput!) { confirmDelivery(input: $input) { obligation { version delivery { state } } } }`,
    prepare: async () => {
      const claimer = await factory.country();
      const commitment = await factory.commitment({ status: 'DELIVERED', partyIds: [claimer.id, party.id] });
      const [row] = await api.db.query('SELECT id FROM obligations WHERE commitment_id = $1 AND country_id = $2', [
        commitment.id,
        claimer.id,
      ]);
      return {
        input: { obligationId: toGlobalId('Obligation', row.id), confirm: true, note: 'Checked by the matrix' },
        subject: { table: 'obligations', id: row.id },
        partyCode: party.code,
      };
    },
    delta: { delivery_reviews: 1 },
    accepted: (payload) => expect(payload.obligation.delivery).toEqual({ state: 'CONFIRMED' }),
  },
};

// ---------------------------------------------------------------------------
// The callers
// ---------------------------------------------------------------------------

type Outcome = 'ACCEPTED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

interface CallerCase {
  headers(prepared: Prepared): Promise<Record<string, string>>;
  /** Refused at the door, before any resolver runs: HTTP 401. */
  badToken: boolean;
  outcome(mutation: MutationCase): Outcome;
}

const CALLERS: Record<string, CallerCase> = {
  'no token': { headers: async () => ({}), badToken: false, outcome: () => 'UNAUTHENTICATED' },
  'a garbage token': { headers: async () => ({ authorization: 'Bearer garbage' }), badToken: true, outcome: () => 'UNAUTHENTICATED' },
  // Even an ADMIN's token is worthless once expired.
  'an expired ADMIN token': {
    headers: () => authHeader(ADMIN, Math.floor(Date.now() / 1000) - 60),
    badToken: true,
    outcome: () => 'UNAUTHENTICATED',
  },
  'a PARTNER of a party country': {
    headers: (prepared) => authHeader({ sub: `partner-${prepared.partyCode}`, role: Role.PARTNER, country: prepared.partyCode }),
    badToken: false,
    outcome: (mutation) => (mutation.partnerMayRun ? 'ACCEPTED' : 'FORBIDDEN'),
  },
  'a PARTNER of another country': {
    headers: () => authHeader({ sub: `partner-${other.code}`, role: Role.PARTNER, country: other.code }),
    badToken: false,
    outcome: (mutation) => (mutation.anyPartnerMayRun ? 'ACCEPTED' : 'FORBIDDEN'),
  },
  'an AUDITOR': {
    headers: () => authHeader(MATRIX_AUDITOR),
    badToken: false,
    outcome: (mutation) => (mutation.auditorMayRun ? 'ACCEPTED' : 'FORBIDDEN'),
  },
  'an ADMIN': { headers: () => authHeader(ADMIN), badToken: false, outcome: () => 'ACCEPTED' },
};

const CELLS: [string, string, Outcome][] = Object.entries(MUTATIONS).flatMap(([mutation, m]) =>
  Object.entries(CALLERS).map(([caller, c]): [string, string, Outcome] => [mutation, caller, c.outcome(m)]),
);

function expectRefused(response: GraphQLResponse, mutation: string, caller: CallerCase, code: Outcome) {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error.extensions?.code).toBe(code);
  if (caller.badToken) {
    // Refused before execution: no data at all, and 401.
    expect(response.status).toBe(401);
    expect(response.body.data).toBeUndefined();
  } else {
    // Refused by the mutation itself, whose (nullable) field answers null.
    expect(response.status).toBeLessThan(500);
    expect(error.path).toEqual([mutation]);
    expect(response.body.data).toEqual({ [mutation]: null });
  }
}

describe('authorization matrix', () => {
  it('covers every mutation of the schema with every caller', async () => {
    const { __schema } = dataOf(await api.graphql('{ __schema { mutationType { fields { name } } } }'));
    expect(__schema.mutationType.fields.map((f: any) => f.name).sort()).toEqual(Object.keys(MUTATIONS).sort());
    expect(CELLS).toHaveLength(203);
    // The 10 commitment/project mutations, correctStatusChange, addStatement, the 3 evidence mutations and confirmDelivery for a party
    // PARTNER, registerEvidence for another country's PARTNER, the 3 evidence mutations, the 2 assessment mutations and confirmDelivery
    // for an AUDITOR, and all 22 for ADMIN; the 7 organisation, budget, result and transaction mutations for the reporting country's
    // PARTNER (or the organisation's country's) and for ADMIN.
    expect(CELLS.filter(([, , outcome]) => outcome === 'ACCEPTED')).toHaveLength(59);
  });

  it.each(CELLS)('%s by %s: %s', async (mutationName, callerName, outcome) => {
    const mutation = MUTATIONS[mutationName];
    const caller = CALLERS[callerName];
    const prepared = await mutation.prepare();
    const headers = await caller.headers(prepared);
    const beforeCounts = await counts();
    const beforeRow = await subjectRow(prepared.subject);
    const idempotencyKey = `matrix-${randomUUID()}`;

    const response = await api.graphql(mutation.document, { input: { ...prepared.input, idempotencyKey } }, headers);

    if (outcome === 'ACCEPTED') {
      const data = dataOf(response);
      expect(response.status).toBe(200);
      mutation.accepted(data[mutationName], prepared);
      const expected = {
        ...beforeCounts,
        audit_events: beforeCounts.audit_events + (mutation.events ?? 1),
        idempotency_keys: beforeCounts.idempotency_keys + 1,
      };
      for (const [table, delta] of Object.entries(mutation.delta)) expected[table as Table] += delta;
      expect(await counts()).toEqual(expected);
      if (beforeRow) expect((await subjectRow(prepared.subject))!.version).toBe((beforeRow.version as number) + 1);
    } else {
      expectRefused(response, mutationName, caller, outcome);
      expect(await counts()).toEqual(beforeCounts);
      const afterRow = await subjectRow(prepared.subject);
      expect(afterRow?.version).toBe(beforeRow?.version);
      expect(afterRow).toEqual(beforeRow);
    }
  });
});

describe('evidence routes', () => {
  const ROUTE_CELLS = Object.entries(CALLERS).map(([name, caller]): [string, boolean, number, number] => {
    const anyToken = name !== 'no token';
    const refused = caller.badToken ? 401 : undefined;
    // Uploads need a PARTNER (of any country), AUDITOR or ADMIN token; downloads are public, but a bad token is refused as everywhere.
    return [name, caller.badToken, refused ?? (anyToken ? 201 : 401), refused ?? 200];
  });

  it('covers every caller', () => expect(ROUTE_CELLS).toHaveLength(Object.keys(CALLERS).length));

  it.each(ROUTE_CELLS)('POST /evidence and GET /evidence/:id by %s', async (callerName, _badToken, uploadStatus, downloadStatus) => {
    const headers = await CALLERS[callerName].headers({ input: {}, partyCode: party.code });
    const stored = await uploadEvidence(api.url, Buffer.from(`stored ${randomUUID()}`), { headers: await authHeader(ADMIN) });
    const before = await counts();
    const uploaded = await uploadEvidence(api.url, Buffer.from(`matrix ${randomUUID()}`), { headers });
    expect(uploaded.status).toBe(uploadStatus);
    if (uploadStatus === 201) {
      expect(await counts()).toEqual({
        ...before,
        evidence_documents: before.evidence_documents + 1,
        evidence_contents: before.evidence_contents + 1,
        audit_events: before.audit_events + 1,
      });
    } else {
      expect(uploaded.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(await counts()).toEqual(before);
    }
    const served = await fetch(new URL(`/evidence/${stored.body.id}`, api.url), { headers });
    expect(served.status).toBe(downloadStatus);
  });
});

describe('compliance report routes', () => {
  // Public like the assessments they are made of; a token that is sent must still be valid.
  const ROUTE_CELLS = Object.entries(CALLERS).map(([name, caller]): [string, number] => [name, caller.badToken ? 401 : 200]);
  it('covers every caller', () => expect(ROUTE_CELLS).toHaveLength(Object.keys(CALLERS).length));
  it.each(ROUTE_CELLS)('GET /export/compliance-report, its .sig and the signing key by %s: %s', async (callerName, status) => {
    const headers = await CALLERS[callerName].headers({ input: {}, partyCode: party.code });
    const meeting = await factory.meeting();
    const before = await counts();
    for (const route of [
      `/export/compliance-report?meeting=${encodeURIComponent(meeting.globalId)}&kind=FINAL`,
      `/export/compliance-report.sig?meeting=${encodeURIComponent(meeting.globalId)}`,
    ]) {
      const response = await fetch(new URL(route, api.url), { headers });
      expect([route, response.status]).toEqual([route, status]);
    }
    expect((await fetch(new URL('/export/audit-signing-key.pem', api.url))).status).toBe(200);
    expect(await counts()).toEqual(before);
  });
});

describe('analyst export routes', () => {
  // Public like the lists they export; a token that is sent must still be valid.
  const ROUTE_CELLS = Object.entries(CALLERS).map(([name, caller]): [string, number] => [name, caller.badToken ? 401 : 200]);
  it('covers every caller', () => expect(ROUTE_CELLS).toHaveLength(Object.keys(CALLERS).length));
  it.each(ROUTE_CELLS)('GET /export/{commitments,projects,transactions}.{csv,jsonl} by %s: %s', async (callerName, status) => {
    const headers = await CALLERS[callerName].headers({ input: {}, partyCode: party.code });
    const before = await counts();
    for (const list of ['commitments', 'projects', 'transactions']) {
      for (const extension of ['csv', 'jsonl']) {
        const route = `/export/${list}.${extension}?countryCodes=${party.code}`;
        const response = await fetch(new URL(route, api.url), { headers });
        await response.arrayBuffer();
        expect([route, response.status]).toEqual([route, status]);
      }
    }
    expect(await counts()).toEqual(before);
  });
});

describe('a PARTNER must take part in both sides of a project–commitment link', () => {
  const LINK = `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { project { version } } }`;
  const UNLINK = `mutation($input: UnlinkProjectFromCommitmentInput!) { unlinkProjectFromCommitment(input: $input) { project { version } } }`;

  it.each([
    ['link', 'the project only', LINK, false, true],
    ['link', 'the commitment only', LINK, true, false],
    ['unlink', 'the project only', UNLINK, false, true],
    ['unlink', 'the commitment only', UNLINK, true, false],
  ] as [string, string, string, boolean, boolean][])(
    '%s by a PARTNER of a country in %s is FORBIDDEN and writes nothing',
    async (operation, _side, document, inCommitment, inProject) => {
      const commitment = await factory.commitment({ partyIds: inCommitment ? [party.id, other.id] : [party.id] });
      const project = await factory.project({
        participantIds: inProject ? [party.id, other.id] : [party.id],
        commitmentIds: operation === 'unlink' ? [commitment.id] : [],
      });
      const subject: Subject = { table: 'projects', id: project.id };
      const beforeCounts = await counts();
      const beforeRow = await subjectRow(subject);
      const response = await api.graphql(
        document,
        {
          input: {
            projectId: project.globalId,
            commitmentId: commitment.globalId,
            expectedVersion: 1,
            idempotencyKey: `matrix-${randomUUID()}`,
          },
        },
        await authHeader({ sub: `partner-${other.code}`, role: Role.PARTNER, country: other.code }),
      );
      expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(response.body.errors?.[0].message).toMatch(new RegExp(`your country ${other.code} is not among`));
      expect(await counts()).toEqual(beforeCounts);
      expect(await subjectRow(subject)).toEqual(beforeRow);
    },
  );
});

describe('a PARTNER may not hand a record over to other countries', () => {
  it.each([
    ['updateCommitment', 'UpdateCommitmentInput', 'commitmentId', 'parties', 'commitments'],
    ['updateProject', 'UpdateProjectInput', 'projectId', 'participants', 'projects'],
  ] as [string, string, string, string, Subject['table']][])(
    '%s dropping its own country is FORBIDDEN and writes nothing',
    async (mutation, inputType, idField, listField, table) => {
      const record = table === 'commitments' ? await commitmentOfParty() : await projectOfParty();
      const subject: Subject = { table, id: record.id };
      const beforeCounts = await counts();
      const beforeRow = await subjectRow(subject);
      const response = await api.graphql(
        `mutation($input: ${inputType}!) { ${mutation}(input: $input) { __typename } }`,
        {
          input: {
            [idField]: record.globalId,
            expectedVersion: 1,
            [listField]: [{ countryCode: other.code, role: 'LEAD' }],
            idempotencyKey: `matrix-${randomUUID()}`,
          },
        },
        await authHeader({ sub: `partner-${party.code}`, role: Role.PARTNER, country: party.code }),
      );
      expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(beforeCounts);
      expect(await subjectRow(subject)).toEqual(beforeRow);
    },
  );
});

describe('rules declared on the resolvers', () => {
  it('refuses a caller the declared rule excludes before its input is judged', async () => {
    const beforeCounts = await counts();
    // An input class-validator would refuse: the refusal names the missing token, not the input.
    const response = await api.graphql(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { __typename } }`, {
      input: { title: ' ', kind: 'MINISTERIAL' },
    });
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0].message).toBe('Sign in with a bearer token to change meeting');
    expect(await counts()).toEqual(beforeCounts);
  });
});

describe('IATI routes', () => {
  // Imports are ADMIN's alone (they may create and change any country's projects); the export is public, as projects are.
  const ROUTE_CELLS = Object.entries(CALLERS).map(([name, caller]): [string, number, number] => {
    const importStatus = caller.badToken || name === 'no token' ? 401 : name === 'an ADMIN' ? 200 : 403;
    return [name, importStatus, caller.badToken ? 401 : 200];
  });

  it('covers every caller', () => expect(ROUTE_CELLS).toHaveLength(Object.keys(CALLERS).length));

  it.each(ROUTE_CELLS)(
    'POST /import/iati and GET /export/iati-activities.xml by %s: %s, %s',
    async (callerName, importStatus, exportStatus) => {
      const headers = await CALLERS[callerName].headers({ input: {}, partyCode: party.code });
      const identifier = `XM-DAC-MATRIX-${randomUUID().slice(0, 8)}`;
      const xml = withRealCodes('19-budget.xml').replace('XM-DAC-EXAMPLE-19-budget', identifier);
      const before = await counts();
      const imported = await fetch(new URL('/import/iati', api.url), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/xml' },
        body: xml,
      });
      expect(imported.status).toBe(importStatus);
      if (importStatus !== 200) expect(await counts()).toEqual(before);
      else expect((await api.db.query('SELECT 1 FROM projects WHERE iati_identifier = $1', [identifier])).length).toBe(1);
      const exported = await fetch(new URL('/export/iati-activities.xml', api.url), { headers });
      expect(exported.status).toBe(exportStatus);
      await exported.arrayBuffer();
    },
  );
});
