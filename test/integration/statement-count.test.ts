import { Factory } from '../helpers/factories';
import { Role } from '../../src/modules/auth/caller';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';
import { AUDIT_PAGE, DASHBOARD as W1_DASHBOARD, DETAIL as W2_DETAIL } from '../../bench/workloads';

const api = useTestApi();
/** The countries of this file, which all have the same shape of data (the seeded ones differ from each other). */
const codes: string[] = [];
beforeAll(async () => {
  const factory = new Factory(api.db);
  const mineral = await factory.mineral();
  const meetings = [];
  for (let m = 0; m < 10; m++) meetings.push(await factory.meeting({ title: `Statement-count meeting ${m}` }));
  const countryIds: string[] = [];
  const commitmentIds: string[] = [];
  // 50 countries, each party to 3 commitments with parties, a mineral, a meeting and a history.
  for (let i = 0; i < 50; i++) {
    const country = await factory.country();
    countryIds.push(country.id);
    codes.push(country.code);
    for (let j = 0; j < 3; j++) {
      const commitment = await factory.commitment({
        title: `C${i}-${j}`,
        kind: j === 0 ? 'FUNDING' : 'RESEARCH_SHARING',
        // Every third commitment is joint with the previous country, so countries hold several obligations each.
        partyIds: j === 2 && countryIds.length > 1 ? [country.id, countryIds[countryIds.length - 2]] : [country.id],
        mineralIds: [mineral.id],
        meetingId: meetings[(i * 3 + j) % meetings.length].id,
        statusHistory: ['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS'],
      });
      commitmentIds.push(commitment.id);
    }
  }
  // Each country invited to its neighbour's first commitment, and to a project of one of them in five.
  for (let i = 0; i < 50; i++) {
    const invited = countryIds[(i + 1) % countryIds.length];
    await api.db.query(`INSERT INTO commitment_parties (commitment_id, country_id, role, consent) VALUES ($1, $2, 'PARTY', 'INVITED')`, [
      commitmentIds[i * 3],
      invited,
    ]);
    if (i % 5 === 0) {
      const project = await factory.project({ name: `P${i}`, participantIds: [countryIds[i]] });
      await api.db.query(`INSERT INTO project_participants (project_id, country_id, role, consent) VALUES ($1, $2, 'PARTNER', 'INVITED')`, [
        project.id,
        invited,
      ]);
    }
  }
  // 10 alliances of 8 countries each, overlapping, so countries belong to several.
  for (let a = 0; a < 10; a++) {
    const [alliance] = await api.db.query(`INSERT INTO alliances (code, name) VALUES ($1, $2) RETURNING id`, [
      `SC_${a}`,
      `Statement-count alliance ${a}`,
    ]);
    const members = Array.from({ length: 8 }, (_, k) => countryIds[(a * 4 + k) % countryIds.length]);
    await api.db.query(`INSERT INTO alliance_memberships (alliance_id, country_id, status) SELECT $1, unnest($2::uuid[]), 'MEMBER'`, [
      alliance.id,
      members,
    ]);
  }
});

const DASHBOARD = `query Dashboard($first: Int!, $codes: [String!]) {
  countries(first: $first, after: null, filter: { codes: $codes }) {
    totalCount
    edges { node {
      code name
      memberships(first: 5) { totalCount edges { node { status alliance { name } } } }
      commitments(first: 20) {
        totalCount
        edges { node {
          title status
          parties { role country { code name } }
          minerals { code name chinaRefiningShares { averagePercent } }
          meeting { title hostCountry { code } participants { role country { code } } }
          statusHistory(last: 3) { edges { node { fromStatus toStatus version actor { sub } } } }
          projects(first: 5) { totalCount edges { node { name } } }
          sources { source { title } excerpt }
          provenance { field basis }
          targetOnAsGiven { edtf }
          statements { text }
        } }
      }
    } }
  }
}`;

describe('SQL statements per request', () => {
  it('are the same for 5 countries as for 50 (DataLoader batches per field, not per row)', async () => {
    const small = await api.graphql(DASHBOARD, { first: 5, codes });
    const large = await api.graphql(DASHBOARD, { first: 50, codes });
    const smallData = dataOf(small);
    const largeData = dataOf(large);
    expect(smallData.countries.edges).toHaveLength(5);
    expect(largeData.countries.edges).toHaveLength(50);
    const rowsReturned = largeData.countries.edges.reduce((sum: number, e: any) => sum + e.node.commitments.edges.length, 0);
    expect(rowsReturned).toBeGreaterThanOrEqual(150);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
    // One statement per field that touches the database, whatever the row count.
    expect(large.statements).toBeLessThanOrEqual(20);
  });
});

const INVITATIONS = `query Invitations($first: Int!) {
  countries(first: $first) { edges { node {
    code
    pendingCommitmentInvitations(first: 5) { totalCount edges { node { title parties { consent country { code } } } } }
    pendingProjectInvitations(first: 5) { totalCount edges { node { name participants { consent reporting country { code } } } } }
  } } }
}`;

describe("each team's pending invitations", () => {
  // Both pages hold invitations of both kinds, so the same fields reach the database.
  it('are the same statements for 50 countries as for all of them', async () => {
    const small = await api.graphql(INVITATIONS, { first: 50 });
    const large = await api.graphql(INVITATIONS, { first: 100 });
    const nodes = dataOf(large).countries.edges.map((e: any) => e.node);
    const invited = (field: string) => nodes.reduce((sum: number, node: any) => sum + node[field].totalCount, 0);
    expect(nodes.length).toBeGreaterThan(50);
    expect(invited('pendingCommitmentInvitations')).toBe(50);
    expect(invited('pendingProjectInvitations')).toBe(10);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(8);
  });
});

describe('the dashboard with obligations and scorecards', () => {
  const OBLIGATIONS = `query Obligations($first: Int!, $validOn: LocalDate) {
    countries(first: $first) { edges { node {
      code
      scorecard(validOn: $validOn) { overdueCount complianceScore pledged { amount currency } assessed { averageScore percent assessedCount } disagreements { assessedScore } }
      commitments(first: 4) { edges { node {
        status
        obligations(first: 3) { totalCount edges { node {
          status version overdue amount { amount } party { role country { code } }
          statusHistory(last: 2) { edges { node { toStatus effectiveOn correctedBy { note } } } }
        } } }
      } } }
    } } }
  }`;
  const LIST = `query List($first: Int!, $validOn: LocalDate) {
    commitments(first: $first, validOn: $validOn) { totalCount edges { node {
      status obligations(first: 5) { edges { node { status party { country { code } } } } }
    } } }
    commitmentStats(groupBy: [COUNTRY, STATUS], validOn: $validOn) { count }
  }`;

  it('are the same for 5 countries as for 50, now and on a day in valid time', async () => {
    for (const validOn of [undefined, '2030-01-01']) {
      const small = await api.graphql(OBLIGATIONS, { first: 5, validOn });
      const large = await api.graphql(OBLIGATIONS, { first: 50, validOn });
      const obligations = dataOf(large).countries.edges.flatMap((e: any) =>
        e.node.commitments.edges.flatMap((c: any) => c.node.obligations.edges),
      );
      expect(obligations.length).toBeGreaterThanOrEqual(190);
      expect(obligations.some((o: any) => o.node.party.role === 'PARTY')).toBe(true);
      expect(large.statements).toBe(small.statements);
      console.info(`dashboard with obligations and scorecards (validOn ${validOn ?? 'none'}): ${large.statements} statements`);
      expect(large.statements).toBeLessThanOrEqual(12);
    }
  });

  it("are the same for a page of 5 commitments as for 100, with their members' assessments and the assessed averages", async () => {
    const ASSESSED = `query Assessed($first: Int!, $validOn: LocalDate) {
      commitments(first: $first, validOn: $validOn) { edges { node {
        assessment { averageScore percent assessedCount }
        obligations(first: 5) { edges { node { assessments(first: 3) { totalCount edges { node { score kind corrected } } } } } }
      } } }
    }`;
    for (const validOn of [undefined, '2030-01-01']) {
      const small = await api.graphql(ASSESSED, { first: 5, validOn });
      const large = await api.graphql(ASSESSED, { first: 100, validOn });
      expect(dataOf(large).commitments.edges).toHaveLength(100);
      expect(large.statements).toBe(small.statements);
      console.info(`commitments with assessments (validOn ${validOn ?? 'none'}): ${large.statements} statements`);
      expect(large.statements).toBeLessThanOrEqual(6);
    }
  });

  it('are the same for a page of 5 commitments as for 100, with their obligations and the stats', async () => {
    for (const validOn of [undefined, '2030-01-01']) {
      const small = await api.graphql(LIST, { first: 5, validOn });
      const large = await api.graphql(LIST, { first: 100, validOn });
      expect(dataOf(large).commitments.edges).toHaveLength(100);
      expect(large.statements).toBe(small.statements);
      console.info(`commitments with obligations and stats (validOn ${validOn ?? 'none'}): ${large.statements} statements`);
      expect(large.statements).toBeLessThanOrEqual(6);
    }
  });
});

describe('alliances, minerals and meetings with their nested connections', () => {
  const LISTS = `query Lists($first: Int!) {
    alliances(first: $first) { totalCount edges { node {
      code
      memberships(first: 5) { totalCount edges { node {
        status statusHistory(last: 1) { totalCount }
        country { code memberships(first: 3) { totalCount edges { node { status } } } }
      } } }
    } } }
    minerals(first: $first) { totalCount edges { node { code chinaRefiningShares { averagePercent } } } }
    meetings(first: $first) { edges { node {
      title startsOnAsGiven { edtf } topics { name } statements { text } provenance { field }
      commitments(first: 2, filter: { kinds: [FUNDING] }, orderBy: { field: TITLE }) { totalCount edges { node { title kind } } }
    } } }
  }`;

  it('are the same for 2 parents as for 12, whatever the page sizes inside', async () => {
    const small = await api.graphql(LISTS, { first: 2 });
    const large = await api.graphql(LISTS, { first: 12 });
    const data = dataOf(large);
    expect(dataOf(small).alliances.edges).toHaveLength(2);
    expect(data.alliances.edges).toHaveLength(12);
    const ours = data.alliances.edges.map((e: any) => e.node).filter((a: any) => a.code.startsWith('SC_'));
    expect(ours).toHaveLength(10);
    for (const alliance of ours) {
      expect(alliance.memberships.totalCount).toBe(8);
      expect(alliance.memberships.edges).toHaveLength(5);
      for (const { node } of alliance.memberships.edges) expect(node.country.memberships.totalCount).toBeGreaterThanOrEqual(1);
    }
    // The six seeded minerals and the one of this file.
    expect(data.minerals.edges.length).toBeGreaterThanOrEqual(7);
    const meetings = data.meetings.edges.map((e: any) => e.node).filter((m: any) => m.title.startsWith('Statement-count'));
    expect(meetings).toHaveLength(10);
    for (const meeting of meetings) {
      expect(meeting.commitments.totalCount).toBe(5);
      expect(meeting.commitments.edges).toHaveLength(2);
      expect(meeting.commitments.edges.every((e: any) => e.node.kind === 'FUNDING')).toBe(true);
    }
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
    // 15 for the lists and their connections, and 5 for a meeting's topics, statements and provenance (its entries, participants and host).
    expect(large.statements).toBeLessThanOrEqual(20);
  });
});

describe("status changes' actors", () => {
  const CREATE = 'mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }';
  const HISTORIES = (actor: string) =>
    `{ commitments(first: 100, filter: { search: "actorcount" }) { edges { node { statusHistory { edges { node { actor { ${actor} } } } } } } } }`;

  it('load their countries in one statement, however many actors and countries', async () => {
    for (const [i, country] of ['IN', 'DE', 'FR', 'IN', 'DE', 'FR', 'JP', 'JP'].entries()) {
      const input = { title: `actorcount ${i}`, kind: 'FUNDING', instrument: 'MOU', parties: [{ countryCode: country, role: 'LEAD' }] };
      dataOf(await api.graphql(CREATE, { input }, await authHeader({ sub: `partner-${i}`, role: Role.PARTNER, country })));
    }
    const without = await api.graphql(HISTORIES('sub'));
    const withCountry = await api.graphql(HISTORIES('sub country { code name }'));
    const actors = dataOf(withCountry).commitments.edges.flatMap((e: any) => e.node.statusHistory.edges.map((h: any) => h.node.actor));
    expect(actors).toHaveLength(8);
    expect(new Set(actors.map((a: any) => a.country.code))).toEqual(new Set(['IN', 'DE', 'FR', 'JP']));
    expect(withCountry.statements).toBe(without.statements + 1);
  });
});

describe('an audit trail page', () => {
  const PAGE = (fields: string) => `query($first: Int!) { auditTrail(first: $first) { edges { node { sequence hash ${fields} } } } }`;
  let auditor: Record<string, string>;
  beforeAll(async () => {
    auditor = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR });
  });

  it('reads each event once without its changes and state, and one statement more for any number of events that ask for them', async () => {
    const bare = await api.graphql(PAGE(''), { first: 100 }, auditor);
    const withPayload = await api.graphql(PAGE('changes state'), { first: 100 }, auditor);
    const small = await api.graphql(PAGE('changes state'), { first: 3 }, auditor);
    expect(dataOf(bare).auditTrail.edges).toHaveLength(100);
    const events = dataOf(withPayload).auditTrail.edges.map((e: any) => e.node);
    expect(events).toHaveLength(100);
    expect(events.every((event: any) => event.changes !== null && typeof event.changes === 'object')).toBe(true);
    expect(events.some((event: any) => event.state !== null)).toBe(true);
    expect(bare.statements).toBe(1);
    expect(withPayload.statements).toBe(2);
    expect(small.statements).toBe(2);
    // The payload belongs to its own event: the same as the database holds for that sequence.
    const [row] = await api.db.query('SELECT changes, state FROM audit_events WHERE sequence = $1', [events[42].sequence]);
    expect({ changes: events[42].changes, state: events[42].state }).toEqual(row);
  });
});

describe('projects with their organisations, budgets, results, transactions and funding', () => {
  const FUNDING = `query Funding($first: Int!) {
    projects(first: $first) { edges { node {
      name iatiIdentifier
      reportingOrganisation { iatiIdentifier country { code } }
      organisations { role consent organisation { iatiIdentifier } }
      budgets { budgetType value { amount currency } }
      results { resultType indicators { measure periods { target { value } } } }
      transactions(first: 3) { totalCount edges { node { transactionType value { amount } correctedBy { id } providerOrganisation { name } } } }
      funding { currency committed disbursed spent }
      commitments(first: 3) { edges { node { funding { currency pledged committed } } } }
    } } }
    countries(first: $first) { edges { node { scorecard { funding { currency pledged spent } } } } }
  }`;

  it('are the same for 2 projects as for 10', async () => {
    const small = await api.graphql(FUNDING, { first: 2 });
    const large = await api.graphql(FUNDING, { first: 10 });
    expect(dataOf(large).projects.edges.length).toBeGreaterThanOrEqual(10);
    expect(large.statements).toBe(small.statements);
    console.info(`projects with funding: ${large.statements} statements`);
    expect(large.statements).toBeLessThanOrEqual(11);
  });
});

describe('the benchmark reads (bench/workloads.ts), compiled into SQL that builds the response', () => {
  it('W1 dashboard takes at most 2 statements, W2 detail 1, W3 audit pages 1, the first as the deep', async () => {
    const w1 = await api.graphql(W1_DASHBOARD);
    expect(dataOf(w1).countries.edges.length).toBeGreaterThanOrEqual(50);
    expect(w1.statements).toBeLessThanOrEqual(2);
    const [commitment] = dataOf(await api.graphql('{ commitments(first: 1) { edges { node { id } } } }')).commitments.edges;
    const w2 = await api.graphql(W2_DETAIL, { id: commitment.node.id });
    expect(dataOf(w2).commitment.statusHistory.edges.length).toBeGreaterThan(0);
    expect(w2.statements).toBe(1);
    const auditor = await authHeader({ sub: 'auditor-w3', role: Role.AUDITOR });
    const first = await api.graphql(AUDIT_PAGE, { after: null }, auditor);
    const { edges } = dataOf(first).auditTrail;
    const deep = await api.graphql(AUDIT_PAGE, { after: edges[90].cursor }, auditor);
    expect(dataOf(deep).auditTrail.edges[0].node.sequence).toBe(edges[91].node.sequence);
    expect([first.statements, deep.statements]).toEqual([1, 1]);
  });
});

describe('the benchmark write (W4, changeCommitmentStatus)', () => {
  it("takes 4 statements of its own: the commitment, its parties with their obligations, both updates; its events go in with its group's", async () => {
    const admin = await authHeader({ sub: 'admin-w4', role: Role.ADMIN });
    const page = await api.graphql(
      'query Mine($codes: [String!]) { commitments(first: 10, filter: { countryCodes: $codes }) { edges { node { id version status parties { role } } } } }',
      { codes: [codes[0]] },
    );
    // One party, so ADMIN moves its obligation without naming it.
    const edge = dataOf(page).commitments.edges.find((e: { node: { parties: unknown[] } }) => e.node.parties.length === 1);
    expect(edge.node.status).toBe('ANNOUNCED');
    const changed = await api.graphql(
      `mutation Change($input: ChangeCommitmentStatusInput!) {
        changeCommitmentStatus(input: $input) {
          commitment { status version } obligationStatusChange { toStatus sequence recordedAt } statusChange { toStatus sequence }
        }
      }`,
      { input: { commitmentId: edge.node.id, status: 'IN_PROGRESS', expectedVersion: edge.node.version } },
      admin,
    );
    expect(dataOf(changed).changeCommitmentStatus.commitment).toEqual({ status: 'IN_PROGRESS', version: edge.node.version + 1 });
    // Held back and appended at the group's end, its events still come back numbered and timed.
    const { obligationStatusChange, statusChange } = dataOf(changed).changeCommitmentStatus;
    expect(statusChange).toEqual({ toStatus: 'IN_PROGRESS', sequence: obligationStatusChange.sequence + 1 });
    expect(obligationStatusChange.toStatus).toBe('IN_PROGRESS');
    expect(Date.parse(obligationStatusChange.recordedAt)).not.toBeNaN();
    // Was 11: three reads before the obligation's update, a roll-up read before the commitment's, and a head read and an insert per event;
    // then 7, with both events in one head read and one insert; then 5, those two being the group's, once for all its changes;
    // then 4, the obligation read with the parties; now the same 4 serve every status change of its group (set-based),
    // and count for each request they served.
    expect(changed.statements).toBe(4);
  });
});
