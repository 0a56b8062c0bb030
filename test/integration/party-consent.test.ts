import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { fromGlobalId } from '../../src/shared/global-id';
import { authHeader, dataOf, GraphQLResponse, useTestApi } from '../helpers/test-api';

/**
 * Consent to be named (issue #14, item 3): a PARTNER names other countries only as invited
 * parties or participants; they count for their country once its team accepts, a decline
 * removes them, only their own team or ADMIN removes a country that has accepted, and a
 * project's status belongs to its reporting participant. Fixtures are made through the API.
 */

const api = useTestApi();
type Headers = Record<string, string>;
const as: Record<'admin' | 'IN' | 'US' | 'DE' | 'JP', Headers> = {} as any;
const ADMIN: TokenClaims = { sub: 'consent-admin', role: Role.ADMIN };

beforeAll(async () => {
  as.admin = await authHeader(ADMIN);
  for (const code of ['IN', 'US', 'DE', 'JP'] as const) {
    as[code] = await authHeader({ sub: `consent-partner-${code.toLowerCase()}`, role: Role.PARTNER, country: code });
  }
});

const PARTIES = 'parties { role consent country { code } }';
const PARTICIPANTS = 'participants { role consent reporting country { code } }';
const CREATE_COMMITMENT = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version ${PARTIES} } } }`;
const UPDATE_COMMITMENT = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { id version ${PARTIES} } } }`;
const RESPOND_COMMITMENT = `mutation($input: RespondToCommitmentInvitationInput!) {
  respondToCommitmentInvitation(input: $input) { consent commitment { id version ${PARTIES} } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id version ${PARTICIPANTS} } } }`;
const UPDATE_PROJECT = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { id version ${PARTICIPANTS} } } }`;
const RESPOND_PROJECT = `mutation($input: RespondToProjectInvitationInput!) {
  respondToProjectInvitation(input: $input) { consent project { id version ${PARTICIPANTS} } } }`;
const CHANGE_PROJECT_STATUS = `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { project { status version } } }`;

/** Everything a country's team sees of its standing: scorecard, lists, totals, stats and pending invitations. */
const STANDING = `query($code: String!) { country(code: $code) {
  scorecard { countsByStatus { status count } overdueCount pledged { amount currency } complianceScore scoredCommitments }
  commitments(first: 100) { totalCount }
  projects(first: 100) { totalCount }
  pendingCommitmentInvitations(first: 10) { totalCount edges { node { title } } }
  pendingProjectInvitations(first: 10) { totalCount edges { node { name } } }
}
  commitments(filter: { countryCodes: [$code] }) { totalCount }
  projects(filter: { countryCodes: [$code] }) { totalCount }
}`;

async function standing(code: string) {
  const data = dataOf(await api.graphql(STANDING, { code }));
  const [commitmentTotals, projectTotals] = await Promise.all([
    api.graphql(
      `query($code: String!) { commitmentStats(filter: { countryCodes: [$code] }, groupBy: [COUNTRY]) { key { country { code } } count amounts { amount currency } } }`,
      { code },
    ),
    api.graphql(
      `query($code: String!) { projectStats(filter: { countryCodes: [$code] }, groupBy: [COUNTRY]) { key { country { code } } count budgets { amount currency } } }`,
      { code },
    ),
  ]);
  const own = (groups: any[]) => groups.filter((g) => g.key.country?.code === code);
  const { pendingCommitmentInvitations, pendingProjectInvitations, ...country } = data.country;
  return {
    pendingCommitmentInvitations,
    pendingProjectInvitations,
    /** What counts for the country: none of it may change while it is only invited. */
    counted: {
      country,
      commitments: data.commitments,
      projects: data.projects,
      commitmentStats: own(dataOf(commitmentTotals).commitmentStats),
      projectStats: own(dataOf(projectTotals).projectStats),
    },
  };
}

/** What any refused change could have written. */
async function tables() {
  const [row] = await api.db.query(`SELECT
    (SELECT count(*)::int FROM audit_events) AS events,
    (SELECT count(*)::int FROM commitment_parties) AS parties,
    (SELECT count(*)::int FROM project_participants) AS participants,
    (SELECT coalesce(sum(version), 0)::int FROM commitments) AS commitment_versions,
    (SELECT coalesce(sum(version), 0)::int FROM projects) AS project_versions,
    (SELECT string_agg(consent || reporting::text, ',' ORDER BY project_id, country_id) FROM project_participants) AS participant_flags`);
  return row;
}

function refused(response: GraphQLResponse, code: string): { message: string; extensions?: Record<string, unknown> } {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error.extensions?.code).toBe(code);
  return error as any;
}

/** The audit events of a record, oldest first, with what each changed. */
async function events(globalId: string, type: 'Commitment' | 'Project') {
  return api.db.query(
    'SELECT action, version, actor_country, note, country_codes, changes FROM audit_events WHERE subject_id = $1 ORDER BY sequence',
    [fromGlobalId(type, globalId)],
  );
}

const consentOf = (parties: any[], code: string) => parties.find((p) => p.country.code === code)?.consent;

function pledge(title: string, usRole: 'LEAD' | 'PARTY') {
  return {
    title,
    kind: 'FUNDING',
    instrument: 'STATEMENT',
    status: 'ANNOUNCED',
    amount: { amount: '5000000000', currency: 'USD' },
    // Already past due: once counted, it would weigh on the US score too.
    announcedOn: '2025-01-01',
    targetOn: '2025-06-30',
    // The pledge is the US's own: once it accepts, the amount counts for the US and no other party.
    parties: [
      { countryCode: 'IN', role: 'PARTY' },
      { countryCode: 'US', role: usRole, amount: { amount: '5000000000', currency: 'USD' } },
      { countryCode: 'CN', role: 'PARTY' },
    ],
  };
}

describe('commitment parties', () => {
  let usBefore: Awaited<ReturnType<typeof standing>>;
  let invitation: { id: string; version: number };

  beforeAll(async () => {
    usBefore = await standing('US');
  });

  it('India naming the US as LEAD is FORBIDDEN and writes nothing: an invited country can only be PARTY', async () => {
    const before = await tables();
    const error = refused(await api.graphql(CREATE_COMMITMENT, { input: pledge('US pledges 5bn', 'LEAD') }, as.IN), 'FORBIDDEN');
    expect(error.message).toMatch(/make another country LEAD before it has accepted/);
    expect(error.extensions).toMatchObject({ action: 'NAME_INVITED_LEAD' });
    expect(await tables()).toEqual(before);
  });

  it('India naming the US as PARTY invites it: the US sees a pending invitation, its scorecard, lists and totals are unchanged', async () => {
    const { commitment } = dataOf(
      await api.graphql(CREATE_COMMITMENT, { input: pledge('US pledges 5bn', 'PARTY') }, as.IN),
    ).createCommitment;
    invitation = { id: commitment.id, version: commitment.version };
    expect(consentOf(commitment.parties, 'IN')).toBe('ACCEPTED');
    expect(consentOf(commitment.parties, 'US')).toBe('INVITED');
    expect(consentOf(commitment.parties, 'CN')).toBe('INVITED');

    const usNow = await standing('US');
    expect(usNow.pendingCommitmentInvitations).toEqual({ totalCount: 1, edges: [{ node: { title: 'US pledges 5bn' } }] });
    expect(usNow.counted).toEqual(usBefore.counted);

    const [created] = await events(commitment.id, 'Commitment');
    expect(created).toMatchObject({ action: 'CREATED', actor_country: 'IN', changes: expect.objectContaining({ invited: ['US', 'CN'] }) });
    expect(created.country_codes).toEqual(['CN', 'IN', 'US']);
  });

  it('the invited US cannot change the commitment before accepting, and India cannot make it LEAD afterwards either', async () => {
    const before = await tables();
    refused(
      await api.graphql(
        UPDATE_COMMITMENT,
        { input: { commitmentId: invitation.id, expectedVersion: 1, title: 'Renamed by the US' } },
        as.US,
      ),
      'FORBIDDEN',
    );
    const lead = refused(
      await api.graphql(
        UPDATE_COMMITMENT,
        {
          input: {
            commitmentId: invitation.id,
            expectedVersion: 1,
            parties: [
              { countryCode: 'IN', role: 'PARTY' },
              { countryCode: 'US', role: 'LEAD' },
              { countryCode: 'CN', role: 'PARTY' },
            ],
          },
        },
        as.IN,
      ),
      'FORBIDDEN',
    );
    expect(lead.extensions).toMatchObject({ action: 'NAME_INVITED_LEAD' });
    expect(await tables()).toEqual(before);
  });

  it('another country cannot answer for the US, nor ADMIN without naming it', async () => {
    const before = await tables();
    refused(await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: invitation.id, accept: true } }, as.DE), 'FORBIDDEN');
    refused(
      await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: invitation.id, accept: true, countryCode: 'US' } }, as.IN),
      'FORBIDDEN',
    );
    refused(await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: invitation.id, accept: true } }, as.admin), 'BAD_USER_INPUT');
    refused(
      await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: invitation.id, accept: true, expectedVersion: 7 } }, as.US),
      'CONFLICT',
    );
    expect(await tables()).toEqual(before);
  });

  it('the US accepts: it is counted in its scorecard, lists and totals, and the answer is a history event', async () => {
    const { respondToCommitmentInvitation: answer } = dataOf(
      await api.graphql(
        RESPOND_COMMITMENT,
        {
          input: {
            commitmentId: invitation.id,
            accept: true,
            note: 'Confirmed by Treasury',
            expectedVersion: 1,
            idempotencyKey: 'us-accepts',
          },
        },
        as.US,
      ),
    );
    expect(answer.consent).toBe('ACCEPTED');
    expect(answer.commitment.version).toBe(2);
    expect(consentOf(answer.commitment.parties, 'US')).toBe('ACCEPTED');

    const usNow = await standing('US');
    expect(usNow.pendingCommitmentInvitations.totalCount).toBe(0);
    expect(usNow.counted.country.commitments.totalCount).toBe(usBefore.counted.country.commitments.totalCount + 1);
    expect(usNow.counted.commitments.totalCount).toBe(usBefore.counted.commitments.totalCount + 1);
    expect(usNow.counted.country.scorecard.overdueCount).toBe(usBefore.counted.country.scorecard.overdueCount + 1);
    expect(usNow.counted.country.scorecard.scoredCommitments).toBe(usBefore.counted.country.scorecard.scoredCommitments + 1);
    const usd = (list: { amount: string; currency: string }[]) => Number(list.find((m) => m.currency === 'USD')?.amount ?? 0);
    expect(usd(usNow.counted.country.scorecard.pledged)).toBe(usd(usBefore.counted.country.scorecard.pledged) + 5_000_000_000);
    expect(usNow.counted.commitmentStats[0].count).toBe((usBefore.counted.commitmentStats[0]?.count ?? 0) + 1);

    const answered = (await events(invitation.id, 'Commitment')).at(-1);
    expect(answered).toMatchObject({
      action: 'UPDATED',
      version: 2,
      actor_country: 'US',
      note: 'Confirmed by Treasury',
      changes: { consent: { US: { old: 'INVITED', new: 'ACCEPTED' } } },
    });

    // Answering again: there is no invitation left.
    const again = refused(
      await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: invitation.id, accept: false } }, as.US),
      'INVALID_TRANSITION',
    );
    expect(again.message).toMatch(/US has already accepted/);
  });

  it('once the US has accepted, India cannot remove it; China may still decline', async () => {
    const before = await tables();
    const error = refused(
      await api.graphql(
        UPDATE_COMMITMENT,
        {
          input: { commitmentId: invitation.id, expectedVersion: 2, parties: [{ countryCode: 'IN', role: 'LEAD' }, { countryCode: 'CN' }] },
        },
        as.IN,
      ),
      'FORBIDDEN',
    );
    expect(error.extensions).toMatchObject({ action: 'REMOVE_ACCEPTED_COUNTRY' });
    expect(await tables()).toEqual(before);
  });

  it('declining removes the country; the history keeps the invitation and the decline', async () => {
    const usBeforeDecline = await standing('US');
    const { commitment } = dataOf(
      await api.graphql(CREATE_COMMITMENT, { input: pledge('US pledges another 5bn', 'PARTY') }, as.IN),
    ).createCommitment;
    expect((await standing('US')).pendingCommitmentInvitations.totalCount).toBe(1);

    const { respondToCommitmentInvitation: answer } = dataOf(
      await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: commitment.id, accept: false, note: 'Not our pledge' } }, as.US),
    );
    expect(answer.consent).toBeNull();
    expect(answer.commitment.parties.map((p: any) => p.country.code).sort()).toEqual(['CN', 'IN']);
    expect(await standing('US')).toEqual(usBeforeDecline);

    const history = await events(commitment.id, 'Commitment');
    expect(history.map((e: any) => [e.action, e.version])).toEqual([
      ['CREATED', 1],
      ['UPDATED', 2],
    ]);
    expect(history[0].changes.invited).toEqual(['US', 'CN']);
    expect(history[1]).toMatchObject({
      actor_country: 'US',
      note: 'Not our pledge',
      changes: {
        consent: { US: { old: 'INVITED', new: null } },
        parties: { old: ['CN:PARTY', 'IN:PARTY', 'US:PARTY'], new: ['CN:PARTY', 'IN:PARTY'] },
      },
    });
    // No longer a party: nothing left to answer.
    refused(await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: commitment.id, accept: true } }, as.US), 'FORBIDDEN');
  });

  it('a scorecard as of a time the US was only invited leaves the commitment out', async () => {
    const { commitment } = dataOf(
      await api.graphql(CREATE_COMMITMENT, { input: pledge('Invited, then accepted', 'PARTY') }, as.IN),
    ).createCommitment;
    const [{ at }] = await api.db.query(`SELECT max(occurred_at) + interval '1 millisecond' AS at FROM audit_events`);
    const invitedThen = dataOf(await api.graphql(STANDING, { code: 'US' })).country.scorecard;
    dataOf(await api.graphql(RESPOND_COMMITMENT, { input: { commitmentId: commitment.id, accept: true } }, as.US));
    const query = `query($asOf: DateTime) { country(code: "US") { scorecard(asOf: $asOf) { scoredCommitments pledged { amount currency } } } }`;
    const then = dataOf(await api.graphql(query, { asOf: at }, as.admin)).country.scorecard;
    const now = dataOf(await api.graphql(query, {}, as.admin)).country.scorecard;
    expect(then).toEqual({ scoredCommitments: invitedThen.scoredCommitments, pledged: invitedThen.pledged });
    expect(now.scoredCommitments).toBe(then.scoredCommitments + 1);
  });
});

describe('the India–Germany MoU', () => {
  let mou: { id: string; version: number; parties: any[] };

  beforeAll(async () => {
    const { commitments } = dataOf(
      await api.graphql(
        `{ commitments(first: 1, filter: { search: "\\"India–Germany MoU\\"" }) { edges { node { id title version ${PARTIES} } } } }`,
      ),
    );
    mou = commitments.edges[0].node;
    expect(mou).toMatchObject({ title: 'India–Germany MoU on critical minerals, semiconductors and renewables' });
    expect(consentOf(mou.parties, 'DE')).toBe('ACCEPTED');
  });

  it('India cannot remove Germany: FORBIDDEN, nothing written', async () => {
    const before = await tables();
    const error = refused(
      await api.graphql(
        UPDATE_COMMITMENT,
        { input: { commitmentId: mou.id, expectedVersion: mou.version, parties: [{ countryCode: 'IN', role: 'PARTY' }] } },
        as.IN,
      ),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/may not remove another country that has accepted/);
    expect(await tables()).toEqual(before);
    // Germany is still a party, and its team may still act on it.
    const { commitment } = dataOf(await api.graphql(`query($id: ID!) { commitment(id: $id) { version ${PARTIES} } }`, { id: mou.id }));
    expect(commitment.parties.map((p: any) => p.country.code).sort()).toEqual(['DE', 'IN']);
  });

  it("Germany can leave: its own obligation becomes WITHDRAWN with its note, India's is untouched", async () => {
    const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) {
      commitment { version status obligations { edges { node { status note party { country { code } } } } } }
      obligationStatusChange { toStatus note actor { country { code } } }
    } }`;
    const input = { commitmentId: mou.id, expectedVersion: mou.version, status: 'WITHDRAWN', note: 'Germany leaves the MoU' };
    const { changeCommitmentStatus: left } = dataOf(await api.graphql(CHANGE, { input }, as.DE));
    expect(left.obligationStatusChange).toEqual({
      toStatus: 'WITHDRAWN',
      note: 'Germany leaves the MoU',
      actor: { country: { code: 'DE' } },
    });
    const byCode = Object.fromEntries(left.commitment.obligations.edges.map((e: any) => [e.node.party.country.code, e.node]));
    expect(byCode.DE).toMatchObject({ status: 'WITHDRAWN', note: 'Germany leaves the MoU' });
    expect(byCode.IN.status).toBe('IN_PROGRESS');
    // India's open obligation decides the roll-up.
    expect(left.commitment.status).toBe('IN_PROGRESS');
    mou.version = left.commitment.version;
  });

  it('ADMIN can remove Germany, and the removal is a history event', async () => {
    const eventsBefore = (await events(mou.id, 'Commitment')).length;
    const { updateCommitment } = dataOf(
      await api.graphql(
        UPDATE_COMMITMENT,
        { input: { commitmentId: mou.id, expectedVersion: mou.version, parties: [{ countryCode: 'IN', role: 'PARTY' }] } },
        as.admin,
      ),
    );
    expect(updateCommitment.commitment.parties).toEqual([{ role: 'PARTY', consent: 'ACCEPTED', country: { code: 'IN' } }]);
    const history = await events(mou.id, 'Commitment');
    expect(history).toHaveLength(eventsBefore + 1);
    expect(history.at(-1)).toMatchObject({
      action: 'UPDATED',
      actor_country: null,
      changes: { parties: { old: ['DE:PARTY', 'IN:PARTY'], new: ['IN:PARTY'] } },
    });
    expect(history.at(-1).country_codes).toEqual(['DE', 'IN']);
  });
});

describe('project participants', () => {
  let project: { id: string; version: number };
  let usBefore: Awaited<ReturnType<typeof standing>>;

  const newProject = (name: string, participants: Record<string, unknown>[]) => ({
    name,
    kind: 'REFINING',
    budget: { amount: '250000000', currency: 'USD' },
    participants,
  });

  beforeAll(async () => {
    usBefore = await standing('US');
  });

  it('India names the US: invited, not LEAD, not counted in US project lists or stats; India reports', async () => {
    const before = await tables();
    refused(
      await api.graphql(
        CREATE_PROJECT,
        {
          input: newProject('Rare-earth separation', [
            { countryCode: 'IN', role: 'FUNDER' },
            { countryCode: 'US', role: 'LEAD' },
          ]),
        },
        as.IN,
      ),
      'FORBIDDEN',
    );
    expect(await tables()).toEqual(before);

    const { createProject } = dataOf(
      await api.graphql(
        CREATE_PROJECT,
        {
          input: newProject('Rare-earth separation', [
            { countryCode: 'IN', role: 'LEAD' },
            { countryCode: 'US', role: 'FUNDER' },
          ]),
        },
        as.IN,
      ),
    );
    project = { id: createProject.project.id, version: 1 };
    expect(createProject.project.participants).toEqual([
      { role: 'FUNDER', consent: 'INVITED', reporting: false, country: { code: 'US' } },
      { role: 'LEAD', consent: 'ACCEPTED', reporting: true, country: { code: 'IN' } },
    ]);
    const usNow = await standing('US');
    expect(usNow.pendingProjectInvitations).toEqual({ totalCount: 1, edges: [{ node: { name: 'Rare-earth separation' } }] });
    expect(usNow.counted).toEqual(usBefore.counted);
    expect((await events(project.id, 'Project'))[0].changes.invited).toEqual(['US']);
  });

  it('the US accepts and is counted; it still cannot change the status, which belongs to the reporting participant', async () => {
    const { respondToProjectInvitation: answer } = dataOf(
      await api.graphql(RESPOND_PROJECT, { input: { projectId: project.id, accept: true, expectedVersion: 1 } }, as.US),
    );
    expect(answer).toMatchObject({ consent: 'ACCEPTED', project: { version: 2 } });
    project.version = 2;
    const usNow = await standing('US');
    expect(usNow.pendingProjectInvitations.totalCount).toBe(0);
    expect(usNow.counted.country.projects.totalCount).toBe(usBefore.counted.country.projects.totalCount + 1);
    expect(usNow.counted.projects.totalCount).toBe(usBefore.counted.projects.totalCount + 1);
    expect(usNow.counted.projectStats[0].count).toBe((usBefore.counted.projectStats[0]?.count ?? 0) + 1);
    expect((await events(project.id, 'Project')).at(-1)).toMatchObject({
      actor_country: 'US',
      changes: { consent: { US: { old: 'INVITED', new: 'ACCEPTED' } } },
    });

    const before = await tables();
    const error = refused(
      await api.graphql(CHANGE_PROJECT_STATUS, { input: { projectId: project.id, expectedVersion: 2, status: 'IMPLEMENTATION' } }, as.US),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/only its reporting participant/);
    expect(await tables()).toEqual(before);
  });

  it('the reporting participant changes the status, and so may ADMIN', async () => {
    const byIndia = dataOf(
      await api.graphql(CHANGE_PROJECT_STATUS, { input: { projectId: project.id, expectedVersion: 2, status: 'IMPLEMENTATION' } }, as.IN),
    );
    expect(byIndia.changeProjectStatus.project).toEqual({ status: 'IMPLEMENTATION', version: 3 });
    const byAdmin = dataOf(
      await api.graphql(
        CHANGE_PROJECT_STATUS,
        { input: { projectId: project.id, expectedVersion: 3, status: 'SUSPENDED', note: 'Paused by the steward' } },
        as.admin,
      ),
    );
    expect(byAdmin.changeProjectStatus.project).toEqual({ status: 'SUSPENDED', version: 4 });
    project.version = 4;
  });

  it('only the reporting participant hands reporting over; then the status is the new one’s', async () => {
    const participants = (reporting: 'IN' | 'US') => [
      { countryCode: 'IN', role: 'LEAD', reporting: reporting === 'IN' },
      { countryCode: 'US', role: 'FUNDER', reporting: reporting === 'US' },
    ];
    const before = await tables();
    refused(
      await api.graphql(UPDATE_PROJECT, { input: { projectId: project.id, expectedVersion: 4, participants: participants('US') } }, as.US),
      'FORBIDDEN',
    );
    expect(await tables()).toEqual(before);
    const { updateProject } = dataOf(
      await api.graphql(UPDATE_PROJECT, { input: { projectId: project.id, expectedVersion: 4, participants: participants('US') } }, as.IN),
    );
    expect(updateProject.project.participants.map((p: any) => [p.country.code, p.reporting])).toEqual([
      ['US', true],
      ['IN', false],
    ]);
    expect((await events(project.id, 'Project')).at(-1).changes).toMatchObject({ reporting: { old: 'IN', new: 'US' } });
    refused(
      await api.graphql(
        CHANGE_PROJECT_STATUS,
        { input: { projectId: project.id, expectedVersion: 5, status: 'IMPLEMENTATION', note: 'Resumed' } },
        as.IN,
      ),
      'FORBIDDEN',
    );
    dataOf(
      await api.graphql(
        CHANGE_PROJECT_STATUS,
        { input: { projectId: project.id, expectedVersion: 5, status: 'IMPLEMENTATION', note: 'Resumed' } },
        as.US,
      ),
    );
    project.version = 6;
  });

  it('India cannot remove the US, which has accepted; ADMIN can', async () => {
    const before = await tables();
    refused(
      await api.graphql(
        UPDATE_PROJECT,
        { input: { projectId: project.id, expectedVersion: 6, participants: [{ countryCode: 'IN', role: 'LEAD', reporting: true }] } },
        as.IN,
      ),
      'FORBIDDEN',
    );
    expect(await tables()).toEqual(before);
    const { updateProject } = dataOf(
      await api.graphql(
        UPDATE_PROJECT,
        { input: { projectId: project.id, expectedVersion: 6, participants: [{ countryCode: 'IN', role: 'LEAD', reporting: true }] } },
        as.admin,
      ),
    );
    expect(updateProject.project.participants).toEqual([{ role: 'LEAD', consent: 'ACCEPTED', reporting: true, country: { code: 'IN' } }]);
    expect((await events(project.id, 'Project')).at(-1).changes).toMatchObject({
      participants: { old: ['IN:LEAD', 'US:FUNDER'], new: ['IN:LEAD'] },
      reporting: { old: 'US', new: 'IN' },
    });
  });

  it('a declined invitation leaves the project; a pending one may be withdrawn by the inviter', async () => {
    const { createProject } = dataOf(
      await api.graphql(
        CREATE_PROJECT,
        {
          input: newProject('Graphite anodes', [
            { countryCode: 'IN', role: 'LEAD' },
            { countryCode: 'US', role: 'PARTNER' },
            { countryCode: 'JP', role: 'PARTNER' },
          ]),
        },
        as.IN,
      ),
    );
    const id = createProject.project.id;
    const { respondToProjectInvitation } = dataOf(await api.graphql(RESPOND_PROJECT, { input: { projectId: id, accept: false } }, as.US));
    expect(respondToProjectInvitation.consent).toBeNull();
    expect(respondToProjectInvitation.project.participants.map((p: any) => p.country.code)).toEqual(['IN', 'JP']);
    const { updateProject } = dataOf(
      await api.graphql(
        UPDATE_PROJECT,
        { input: { projectId: id, expectedVersion: 2, participants: [{ countryCode: 'IN', role: 'LEAD' }] } },
        as.IN,
      ),
    );
    expect(updateProject.project.participants.map((p: any) => p.country.code)).toEqual(['IN']);
    expect((await standing('JP')).pendingProjectInvitations.totalCount).toBe(0);
  });

  it('the database keeps one reporting participant per project, and never an invited one', async () => {
    const projectId = fromGlobalId('Project', project.id);
    const [jp] = await api.db.query("SELECT id FROM countries WHERE code = 'JP'");
    await expect(
      api.db.query("INSERT INTO project_participants (project_id, country_id, role, reporting) VALUES ($1, $2, 'PARTNER', true)", [
        projectId,
        jp.id,
      ]),
    ).rejects.toThrow(/project_participants_one_reporting/);
    await expect(
      api.db.query("INSERT INTO project_participants (project_id, country_id, role, consent) VALUES ($1, $2, 'LEAD', 'INVITED')", [
        projectId,
        jp.id,
      ]),
    ).rejects.toThrow(/project_participants_invited_lead_check/);
  });
});
