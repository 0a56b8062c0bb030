import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { fromGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
type TestCountry = { id: string; code: string };
let host: TestCountry;
let member: TestCountry;
let guest: TestCountry;
let newcomer: TestCountry;
let paxSilicaId: string;
let g7Id: string;

const ADMIN: TokenClaims = { sub: 'meeting-admin', role: Role.ADMIN };
const ACTOR = { sub: 'meeting-admin', role: 'ADMIN', country: null };

beforeAll(async () => {
  factory = new Factory(api.db);
  host = await factory.country();
  member = await factory.country();
  guest = await factory.country();
  newcomer = await factory.country();
  const alliances = dataOf(await api.graphql('{ alliances { edges { node { id code } } } }')).alliances.edges.map((e: any) => e.node);
  paxSilicaId = alliances.find((a: any) => a.code === 'PAX_SILICA').id;
  g7Id = alliances.find((a: any) => a.code === 'G7').id;
});

const today = () => new Date().toISOString().slice(0, 10);

const asAdmin = (query: string, input: Record<string, unknown>) => mutateAs(api, ADMIN, query, input);

/** Everything a meeting or membership mutation could write. */
const snapshot = () =>
  snapshotOf(api.db, {
    ...countsOf('audit_events', 'idempotency_keys', 'meetings', 'meeting_participants', 'alliance_memberships'),
    meeting_versions: 'SELECT coalesce(sum(version), 0) FROM meetings',
    membership_versions: 'SELECT coalesce(sum(version), 0) FROM alliance_memberships',
    meetings_updated: "SELECT coalesce(max(updated_at)::text, '') FROM meetings",
    memberships_updated: "SELECT coalesce(max(updated_at)::text, '') FROM alliance_memberships",
  });

async function auditOf(subjectId: string) {
  return api.db.query(
    'SELECT subject_type, action, version, actor_sub, actor_role, country_codes, from_status, to_status, note, effective_on, changes FROM audit_events WHERE subject_id = $1 ORDER BY sequence',
    [subjectId],
  );
}

// ---------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------

const MEETING_FIELDS = `id title kind startsOn endsOn city summary version
  hostCountry { code }
  participants { role delegateName delegateTitle country { code } }`;
const CREATE_MEETING = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { ${MEETING_FIELDS} } } }`;
const UPDATE_MEETING = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { ${MEETING_FIELDS} } } }`;
const SET_PARTICIPANTS = `mutation($input: SetMeetingParticipantsInput!) { setMeetingParticipants(input: $input) { meeting { ${MEETING_FIELDS} } } }`;

async function createMeeting(overrides: Record<string, unknown> = {}) {
  const input = {
    title: 'Critical minerals working group',
    kind: 'WORKING_GROUP',
    startsOn: '2026-03-10',
    endsOn: '2026-03-11',
    city: 'Ottawa',
    hostCountryCode: host.code,
    participants: [
      { countryCode: host.code, role: 'HOST' },
      { countryCode: member.code, role: 'MEMBER' },
      { countryCode: guest.code, role: 'INVITED_PARTNER' },
    ],
    ...overrides,
  };
  return dataOf(await asAdmin(CREATE_MEETING, input)).createMeeting.meeting;
}

describe('createMeeting', () => {
  it('records a meeting with its host and participants, host first, at version 1', async () => {
    const meeting = await createMeeting({
      summary: 'Agreed a shared stockpile study',
      hostCountryCode: host.code.toLowerCase(),
      participants: [
        { countryCode: guest.code, role: 'INVITED_PARTNER' },
        { countryCode: member.code, role: 'MEMBER' },
        { countryCode: host.code.toLowerCase(), role: 'HOST', delegateName: 'A. Minister', delegateTitle: 'Minister of Natural Resources' },
      ],
    });
    expect(meeting).toEqual({
      id: expect.any(String),
      title: 'Critical minerals working group',
      kind: 'WORKING_GROUP',
      startsOn: '2026-03-10',
      endsOn: '2026-03-11',
      city: 'Ottawa',
      summary: 'Agreed a shared stockpile study',
      version: 1,
      hostCountry: { code: host.code },
      participants: [
        { role: 'HOST', delegateName: 'A. Minister', delegateTitle: 'Minister of Natural Resources', country: { code: host.code } },
        { role: 'MEMBER', delegateName: null, delegateTitle: null, country: { code: member.code } },
        { role: 'INVITED_PARTNER', delegateName: null, delegateTitle: null, country: { code: guest.code } },
      ],
    });

    // Read back, and found by a participant's code.
    const read = dataOf(await api.graphql(`query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} } }`, { id: meeting.id }));
    expect(read.meeting).toEqual(meeting);
    const listed = dataOf(
      await api.graphql('query($f: MeetingFilter) { meetings(filter: $f) { edges { node { id } } } }', {
        f: { countryCodes: [guest.code] },
      }),
    );
    expect(listed.meetings.edges.map((e: any) => e.node.id)).toContain(meeting.id);

    const [event, ...more] = await auditOf(fromGlobalId('Meeting', meeting.id));
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      subject_type: 'MEETING',
      action: 'CREATED',
      version: 1,
      actor_sub: 'meeting-admin',
      actor_role: 'ADMIN',
      to_status: null,
    });
    expect(event.country_codes).toEqual([host.code, member.code, guest.code].sort());
    expect(event.changes).toMatchObject({ title: 'Critical minerals working group', city: 'Ottawa' });
  });

  it('needs only a title and a kind', async () => {
    const { createMeeting: payload } = dataOf(await asAdmin(CREATE_MEETING, { title: 'Bare meeting', kind: 'BILATERAL' }));
    expect(payload.meeting).toMatchObject({
      title: 'Bare meeting',
      kind: 'BILATERAL',
      version: 1,
      hostCountry: null,
      participants: [],
      startsOn: null,
      city: null,
      summary: '',
    });
  });

  it.each([
    ['endsOn before startsOn', () => ({ startsOn: '2026-03-10', endsOn: '2026-03-09' }), 'input.endsOn'],
    ['an unknown host', () => ({ hostCountryCode: 'ZZ' }), 'input.hostCountryCode'],
    ['an unknown participant', () => ({ participants: [{ countryCode: 'ZZ', role: 'MEMBER' }] }), 'input.participants'],
    [
      'a participant listed twice',
      () => ({
        participants: [
          { countryCode: host.code, role: 'HOST' },
          { countryCode: host.code, role: 'MEMBER' },
        ],
      }),
      'input.participants',
    ],
  ])('with %s is BAD_USER_INPUT naming the argument and writes nothing', async (name, change, argument) => {
    const before = await snapshot();
    const error = refusal(
      await asAdmin(CREATE_MEETING, { title: 'Refused meeting', kind: 'MINISTERIAL', ...change(), idempotencyKey: `create-${name}` }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe(argument);
    expect(await snapshot()).toEqual(before);
  });
});

describe('updateMeeting', () => {
  it('changes fields at the expected version, bumps the version and records the diff', async () => {
    const created = await createMeeting();
    const { meeting } = dataOf(
      await asAdmin(UPDATE_MEETING, {
        meetingId: created.id,
        expectedVersion: 1,
        title: 'Renamed working group',
        city: null,
        endsOn: '2026-03-12',
        kind: 'MINISTERIAL',
      }),
    ).updateMeeting;
    expect(meeting).toEqual({
      ...created,
      title: 'Renamed working group',
      city: null,
      endsOn: '2026-03-12',
      kind: 'MINISTERIAL',
      version: 2,
    });
    const events = await auditOf(fromGlobalId('Meeting', created.id));
    expect(events.map((e: any) => [e.action, e.version])).toEqual([
      ['CREATED', 1],
      ['UPDATED', 2],
    ]);
    expect(events[1].changes).toEqual({
      title: { old: 'Critical minerals working group', new: 'Renamed working group' },
      kind: { old: 'WORKING_GROUP', new: 'MINISTERIAL' },
      city: { old: 'Ottawa', new: null },
      endsOn: { old: '2026-03-11', new: '2026-03-12' },
    });
    expect(events[1].country_codes).toEqual([host.code, member.code, guest.code].sort());
  });

  it('moves the host to another country', async () => {
    const created = await createMeeting();
    const { meeting } = dataOf(
      await asAdmin(UPDATE_MEETING, { meetingId: created.id, expectedVersion: 1, hostCountryCode: member.code }),
    ).updateMeeting;
    expect(meeting.hostCountry).toEqual({ code: member.code });
    expect(meeting.version).toBe(2);
    const [, update] = await auditOf(fromGlobalId('Meeting', created.id));
    expect(update.changes).toEqual({ hostCountryCode: { old: host.code, new: member.code } });
  });

  it('answers a stale expectedVersion with CONFLICT and the current version, writing nothing', async () => {
    const created = await createMeeting();
    dataOf(await asAdmin(UPDATE_MEETING, { meetingId: created.id, expectedVersion: 1, summary: 'first' }));
    const before = await snapshot();
    const error = refusal(
      await asAdmin(UPDATE_MEETING, { meetingId: created.id, expectedVersion: 1, title: 'second', idempotencyKey: 'stale-meeting' }),
      'CONFLICT',
    );
    expect(error.extensions).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it('with nothing that differs keeps the version and records nothing', async () => {
    const created = await createMeeting();
    const before = await snapshot();
    const { meeting } = dataOf(
      await asAdmin(UPDATE_MEETING, { meetingId: created.id, expectedVersion: 1, title: created.title, city: created.city }),
    ).updateMeeting;
    expect(meeting.version).toBe(1);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a startsOn after the stored endsOn with BAD_USER_INPUT, writing nothing', async () => {
    const created = await createMeeting();
    const before = await snapshot();
    const error = refusal(
      await asAdmin(UPDATE_MEETING, { meetingId: created.id, expectedVersion: 1, startsOn: '2026-04-01' }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe('input.endsOn');
    expect(await snapshot()).toEqual(before);
  });
});

describe('setMeetingParticipants', () => {
  it('replaces the whole list, bumps the version and records old and new countries', async () => {
    const created = await createMeeting();
    const { meeting } = dataOf(
      await asAdmin(SET_PARTICIPANTS, {
        meetingId: created.id,
        expectedVersion: 1,
        participants: [
          { countryCode: newcomer.code, role: 'MEMBER', delegateName: 'B. Envoy' },
          { countryCode: member.code, role: 'HOST' },
        ],
      }),
    ).setMeetingParticipants;
    expect(meeting.version).toBe(2);
    expect(meeting.participants).toEqual([
      { role: 'HOST', delegateName: null, delegateTitle: null, country: { code: member.code } },
      { role: 'MEMBER', delegateName: 'B. Envoy', delegateTitle: null, country: { code: newcomer.code } },
    ]);
    // Replaced, not appended.
    const [{ count }] = await api.db.query('SELECT count(*) FROM meeting_participants WHERE meeting_id = $1', [
      fromGlobalId('Meeting', created.id),
    ]);
    expect(count).toBe(2);
    const [, event] = await auditOf(fromGlobalId('Meeting', created.id));
    expect(event).toMatchObject({ action: 'UPDATED', version: 2 });
    expect(event.changes).toEqual({
      participants: { old: [host.code, member.code, guest.code].sort(), new: [member.code, newcomer.code].sort() },
    });
    expect(event.country_codes.sort()).toEqual([host.code, member.code, guest.code, newcomer.code].sort());
  });

  it('with an empty list removes every participant', async () => {
    const created = await createMeeting();
    const { meeting } = dataOf(
      await asAdmin(SET_PARTICIPANTS, { meetingId: created.id, expectedVersion: 1, participants: [] }),
    ).setMeetingParticipants;
    expect(meeting).toMatchObject({ version: 2, participants: [] });
  });

  it('answers a stale expectedVersion with CONFLICT, writing nothing', async () => {
    const created = await createMeeting();
    dataOf(await asAdmin(UPDATE_MEETING, { meetingId: created.id, expectedVersion: 1, title: 'moved on' }));
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_PARTICIPANTS, {
        meetingId: created.id,
        expectedVersion: 1,
        participants: [{ countryCode: member.code, role: 'HOST' }],
      }),
      'CONFLICT',
    );
    expect(error.extensions).toMatchObject({ currentVersion: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown country with BAD_USER_INPUT and keeps the old list and version', async () => {
    const created = await createMeeting();
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_PARTICIPANTS, {
        meetingId: created.id,
        expectedVersion: 1,
        participants: [
          { countryCode: member.code, role: 'HOST' },
          { countryCode: 'ZZ', role: 'MEMBER' },
        ],
        idempotencyKey: 'unknown-participant',
      }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe('input.participants');
    expect(await snapshot()).toEqual(before);
    const read = dataOf(await api.graphql(`query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} } }`, { id: created.id }));
    expect(read.meeting).toEqual(created);
  });
});

// ---------------------------------------------------------------------------
// Alliance memberships
// ---------------------------------------------------------------------------

const SET_MEMBERSHIP = `mutation($input: SetAllianceMembershipInput!) {
  setAllianceMembership(input: $input) {
    membership { id status startsOn endsOn version note alliance { code } country { code } }
    statusChange { fromStatus toStatus version note effectiveOn actor { sub role country { code } } }
  }
}`;
const MEMBERSHIPS_OF = `query($code: String!) { country(code: $code) { memberships { edges { node {
  id status version startsOn endsOn alliance { code }
  statusHistory { totalCount edges { node { fromStatus toStatus version note effectiveOn actor { sub role country { code } } } } }
} } } } }`;

/** A country's memberships, unwrapped from their connection, read as the ADMIN: the public sees the actor's role and country, not its sub. */
async function membershipsOf(code: string): Promise<any[]> {
  return dataOf(await api.graphql(MEMBERSHIPS_OF, { code }, await authHeader(ADMIN))).country.memberships.edges.map(
    (edge: any) => edge.node,
  );
}

async function setMembership(input: Record<string, unknown>) {
  return dataOf(await asAdmin(SET_MEMBERSHIP, { allianceId: paxSilicaId, ...input })).setAllianceMembership;
}

/** A country of its own with a fresh INVITED membership of Pax Silica (version 1). */
async function invited() {
  const country = await factory.country();
  const { membership } = await setMembership({ countryCode: country.code, status: 'INVITED' });
  return { country, membership };
}

describe('setAllianceMembership', () => {
  it('invites without expectedVersion, admits at version 1, retires at version 2, and keeps the history', async () => {
    const country = await factory.country();

    const first = await setMembership({
      countryCode: country.code.toLowerCase(),
      status: 'INVITED',
      startsOn: '2026-01-12',
      note: 'Invited at the Washington ministerial',
    });
    expect(first.membership).toEqual({
      id: expect.any(String),
      status: 'INVITED',
      startsOn: '2026-01-12',
      endsOn: null,
      version: 1,
      note: 'Invited at the Washington ministerial',
      alliance: { code: 'PAX_SILICA' },
      country: { code: country.code },
    });
    expect(first.statusChange).toEqual({
      fromStatus: null,
      toStatus: 'INVITED',
      version: 1,
      note: 'Invited at the Washington ministerial',
      effectiveOn: '2026-01-12',
      actor: ACTOR,
    });

    const second = await setMembership({ countryCode: country.code, status: 'MEMBER', expectedVersion: 1, startsOn: '2026-02-01' });
    expect(second.membership).toMatchObject({
      id: first.membership.id,
      status: 'MEMBER',
      startsOn: '2026-02-01',
      endsOn: null,
      version: 2,
      note: '',
    });
    expect(second.statusChange).toMatchObject({ fromStatus: 'INVITED', toStatus: 'MEMBER', version: 2, effectiveOn: '2026-02-01' });

    const third = await setMembership({
      countryCode: country.code,
      status: 'FORMER',
      expectedVersion: 2,
      endsOn: '2026-03-01',
      note: 'Left the alliance',
    });
    // Leaving keeps when membership began and sets when it ended.
    expect(third.membership).toMatchObject({
      id: first.membership.id,
      status: 'FORMER',
      startsOn: '2026-02-01',
      endsOn: '2026-03-01',
      version: 3,
      note: 'Left the alliance',
    });
    expect(third.statusChange).toMatchObject({ fromStatus: 'MEMBER', toStatus: 'FORMER', version: 3, effectiveOn: '2026-03-01' });

    const memberships = await membershipsOf(country.code);
    expect(memberships).toHaveLength(1);
    const [membership] = memberships;
    expect(membership).toMatchObject({
      id: first.membership.id,
      status: 'FORMER',
      version: 3,
      startsOn: '2026-02-01',
      endsOn: '2026-03-01',
      alliance: { code: 'PAX_SILICA' },
    });
    expect(membership.statusHistory.totalCount).toBe(3);
    expect(membership.statusHistory.edges.map((e: any) => e.node)).toEqual([
      {
        fromStatus: null,
        toStatus: 'INVITED',
        version: 1,
        note: 'Invited at the Washington ministerial',
        effectiveOn: '2026-01-12',
        actor: ACTOR,
      },
      { fromStatus: 'INVITED', toStatus: 'MEMBER', version: 2, note: null, effectiveOn: '2026-02-01', actor: ACTOR },
      { fromStatus: 'MEMBER', toStatus: 'FORMER', version: 3, note: 'Left the alliance', effectiveOn: '2026-03-01', actor: ACTOR },
    ]);

    const events = await auditOf(fromGlobalId('AllianceMembership', first.membership.id));
    expect(events.map((e: any) => [e.subject_type, e.action, e.version])).toEqual([
      ['MEMBERSHIP', 'CREATED', 1],
      ['MEMBERSHIP', 'STATUS_CHANGED', 2],
      ['MEMBERSHIP', 'STATUS_CHANGED', 3],
    ]);
    expect(events.every((e: any) => e.country_codes.join() === country.code)).toBe(true);

    // Seen from the alliance too.
    const { alliances } = dataOf(
      await api.graphql(
        '{ alliances { edges { node { code memberships(first: 100) { edges { node { id status country { code } } } } } } } }',
      ),
    );
    const pax = alliances.edges.map((e: any) => e.node).find((a: any) => a.code === 'PAX_SILICA');
    expect(pax.memberships.edges.map((e: any) => e.node)).toContainEqual({
      id: first.membership.id,
      status: 'FORMER',
      country: { code: country.code },
    });
  });

  it('defaults startsOn to today when admitting and endsOn to today when retiring', async () => {
    const { country } = await invited();
    const admitted = await setMembership({ countryCode: country.code, status: 'MEMBER', expectedVersion: 1 });
    expect(admitted.membership).toMatchObject({ status: 'MEMBER', startsOn: today(), endsOn: null });
    const retired = await setMembership({ countryCode: country.code, status: 'FORMER', expectedVersion: 2 });
    expect(retired.membership).toMatchObject({ status: 'FORMER', startsOn: today(), endsOn: today(), version: 3 });
    expect(retired.statusChange.effectiveOn).toBe(today());
  });

  it('lets an invitation be declined, which is final', async () => {
    const { country } = await invited();
    const declined = await setMembership({ countryCode: country.code, status: 'DECLINED', expectedVersion: 1 });
    expect(declined.membership).toMatchObject({ status: 'DECLINED', version: 2 });
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, { allianceId: paxSilicaId, countryCode: country.code, status: 'MEMBER', expectedVersion: 2 }),
      'INVALID_TRANSITION',
    );
    expect(error.extensions).toMatchObject({ from: 'DECLINED', to: 'MEMBER', allowedTargets: [] });
  });

  it("keeps a country's memberships of different alliances apart", async () => {
    const { country } = await invited();
    const g7 = dataOf(
      await asAdmin(SET_MEMBERSHIP, { allianceId: g7Id, countryCode: country.code, status: 'MEMBER' }),
    ).setAllianceMembership;
    expect(g7.membership).toMatchObject({ status: 'MEMBER', version: 1, alliance: { code: 'G7' } });
    expect((await membershipsOf(country.code)).map((m: any) => [m.alliance.code, m.status, m.version]).sort()).toEqual([
      ['G7', 'MEMBER', 1],
      ['PAX_SILICA', 'INVITED', 1],
    ]);
  });

  it('refuses INVITED → FORMER with INVALID_TRANSITION and the allowed targets, writing nothing', async () => {
    const { country } = await invited();
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, {
        allianceId: paxSilicaId,
        countryCode: country.code,
        status: 'FORMER',
        expectedVersion: 1,
        idempotencyKey: 'invited-to-former',
      }),
      'INVALID_TRANSITION',
    );
    expect(error.extensions).toMatchObject({ from: 'INVITED', to: 'FORMER', allowedTargets: ['MEMBER', 'DECLINED'] });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a change to an existing membership without expectedVersion with BAD_USER_INPUT, writing nothing', async () => {
    const { country } = await invited();
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, { allianceId: paxSilicaId, countryCode: country.code, status: 'MEMBER', idempotencyKey: 'no-version' }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions).toMatchObject({ argument: 'input.expectedVersion', currentVersion: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a stale expectedVersion with CONFLICT, writing nothing', async () => {
    const { country } = await invited();
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, { allianceId: paxSilicaId, countryCode: country.code, status: 'MEMBER', expectedVersion: 2 }),
      'CONFLICT',
    );
    expect(error.extensions).toMatchObject({ expectedVersion: 2, currentVersion: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it.each(['DECLINED', 'FORMER'])('refuses a new membership as %s with BAD_USER_INPUT, writing nothing', async (status) => {
    const country = await factory.country();
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, { allianceId: paxSilicaId, countryCode: country.code, status, idempotencyKey: `new-${status}` }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe('input.status');
    expect(error.message).toMatch(/starts as INVITED or MEMBER/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown countryCode with BAD_USER_INPUT naming input.countryCode, writing nothing', async () => {
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, { allianceId: paxSilicaId, countryCode: 'ZZ', status: 'INVITED', idempotencyKey: 'unknown-country' }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions).toMatchObject({ argument: 'input.countryCode', unknown: ['ZZ'] });
    expect(error.message).toMatch(/input\.countryCode: ZZ/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses FORMER with endsOn before startsOn with BAD_USER_INPUT naming input.endsOn, writing nothing', async () => {
    const country = await factory.country();
    await setMembership({ countryCode: country.code, status: 'MEMBER', startsOn: '2026-02-01' });
    const before = await snapshot();
    const response = await asAdmin(SET_MEMBERSHIP, {
      allianceId: paxSilicaId,
      countryCode: country.code,
      status: 'FORMER',
      expectedVersion: 1,
      endsOn: '2026-01-01',
    });
    expect(await snapshot()).toEqual(before);
    const error = refusal(response, 'BAD_USER_INPUT');
    expect(error.extensions?.argument).toBe('input.endsOn');
  });

  it('refuses a startsOn date in the future', async () => {
    const country = await factory.country();
    const before = await snapshot();
    const response = await asAdmin(SET_MEMBERSHIP, {
      allianceId: paxSilicaId,
      countryCode: country.code,
      status: 'INVITED',
      startsOn: '2999-01-01',
    });
    expect(refusal(response, 'BAD_USER_INPUT').extensions?.argument).toBe('input.startsOn');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an alliance ID that matches nothing with BAD_USER_INPUT naming input.allianceId', async () => {
    const country = await factory.country();
    const missing = Buffer.from('Alliance:00000000-0000-4000-8000-000000000000').toString('base64url');
    const before = await snapshot();
    const error = refusal(
      await asAdmin(SET_MEMBERSHIP, { allianceId: missing, countryCode: country.code, status: 'INVITED' }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe('input.allianceId');
    expect(await snapshot()).toEqual(before);
  });
});
