import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { fromGlobalId, toGlobalId } from '../../src/shared/global-id';
import { authHeader, dataOf, GraphQLResponse, startTestApi, TestApi } from '../helpers/test-api';

/**
 * The audit trail under a concurrent mixed workload: gap-free, one event per accepted change,
 * a chain that verifies, and a trail that pages and filters exactly.
 */

let api: TestApi;
type Headers = Record<string, string>;
const NO_TOKEN: Headers = {};
let auditor: Headers;
let admin: Headers;
let partnerIN: Headers;

// The partner writers' countries are parties of every commitment and participants of every project.
const WRITER_COUNTRIES = ['IN', 'DE', 'FR', 'JP', 'US', 'GB'];
const WRITERS: TokenClaims[] = [
  { sub: 'audit-writer-admin-1', role: Role.ADMIN },
  { sub: 'audit-writer-admin-2', role: Role.ADMIN },
  ...WRITER_COUNTRIES.map((country): TokenClaims => ({ sub: `audit-writer-${country.toLowerCase()}`, role: Role.PARTNER, country })),
];
const OPS_PER_WRITER = 70;

const BASE_PARTIES = WRITER_COUNTRIES.map((countryCode, index) => ({ countryCode, role: index === 0 ? 'LEAD' : 'PARTY' }));
// Two commitments bind one extra country each, so a country filter has something to narrow to.
const EXTRA_PARTY: Record<number, string> = { 0: 'KR', 1: 'AU' };
const COMMITMENTS = 6;
// One project per partner writer: project i is reported by WRITER_COUNTRIES[i], and only its reporting participant (or ADMIN) moves its status.
const PROJECTS = WRITER_COUNTRIES.length;

const CREATE_COMMITMENT = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version } } }`;
const CHANGE_COMMITMENT = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { id status version } statusChange { sequence version } } }`;
const UPDATE_COMMITMENT = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { id version } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id version } } }`;
const CHANGE_PROJECT = `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { project { id status version } statusChange { sequence version } } }`;
const UPDATE_PROJECT = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { id version } } }`;
const LINK = `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { project { id version } } }`;
const UNLINK = `mutation($input: UnlinkProjectFromCommitmentInput!) { unlinkProjectFromCommitment(input: $input) { project { id version } } }`;
const READ_COMMITMENT = `query($id: ID!) { commitment(id: $id) {
  status version parties { role country { code } } obligations(first: 10) { edges { node { status party { country { code } } } } }
} }`;
const READ_PROJECT = `query($id: ID!) { project(id: $id) { status version commitments(first: 100) { edges { node { id } } } } }`;

const EVENT_FIELDS =
  'sequence subjectType subjectGlobalId action actor { sub role country { code } } countryCodes occurredAt version prevHash hash';
const TRAIL = `query($filter: AuditTrailFilter, $first: Int, $after: String) {
  auditTrail(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVENT_FIELDS} } } }
}`;
const VERIFY = `query($from: Int, $to: Int) { verifyAuditTrail(fromSequence: $from, toSequence: $to) {
  ok checkedEvents firstBrokenSequence headSequence headHash checkpointSignatureValid checkpointIsPrefix } }`;

interface TrailEvent {
  sequence: number;
  subjectType: string;
  subjectGlobalId: string;
  action: string;
  actor: { sub: string; role: string; country: { code: string } | null };
  countryCodes: string[];
  occurredAt: string;
  version: number;
  prevHash: string;
  hash: string;
}

const q = (sql: string, params?: unknown[]) => api.db.query(sql, params);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every event matching the filter, paged with first/after; checks each page's totalCount and cursors on the way. */
async function wholeTrail(filter: Record<string, unknown> | null, headers: Headers = auditor, first = 100): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  let after: string | null = null;
  let total: number | null = null;
  for (let page = 0; page < 1000; page++) {
    const connection: any = dataOf(await api.graphql(TRAIL, { filter, first, after }, headers)).auditTrail;
    total ??= connection.totalCount;
    expect(connection.totalCount).toBe(total);
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    events.push(...connection.edges.map((edge: any) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    expect(connection.edges).toHaveLength(first);
    expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1].cursor);
    after = connection.pageInfo.endCursor;
  }
  expect(events).toHaveLength(total!);
  return events;
}

const sequencesOf = (events: { sequence: number }[]) => events.map((e) => e.sequence);

/** A deterministic pseudo-random sequence per writer (mulberry32), so a failing run can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const commitmentIds: string[] = [];
const projectIds: string[] = [];
let startSequence: number;
let accepted: Map<string, number>;
let conflicts = 0;
let unexpected: { op: string; errors: unknown }[] = [];
/** What each accepted status change answered its caller: the event it names. */
let answered: { sub: string; sequence: number; version: number }[] = [];
let fullTrail: TrailEvent[];

beforeAll(async () => {
  api = await startTestApi();
  auditor = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR });
  admin = await authHeader({ sub: 'admin-1', role: Role.ADMIN });
  partnerIN = await authHeader({ sub: 'partner-in-1', role: Role.PARTNER, country: 'IN' });

  for (let i = 0; i < COMMITMENTS; i++) {
    const parties = EXTRA_PARTY[i] ? [...BASE_PARTIES, { countryCode: EXTRA_PARTY[i], role: 'PARTY' }] : BASE_PARTIES;
    const created = dataOf(
      await api.graphql(
        CREATE_COMMITMENT,
        {
          input: {
            title: `Workload commitment ${i}`,
            kind: 'FUNDING',
            instrument: 'MOU',
            status: 'ANNOUNCED',
            parties,
            mineralCodes: ['LITHIUM'],
            amount: { amount: '1000.00', currency: 'EUR' },
          },
        },
        admin,
      ),
    ).createCommitment.commitment;
    // Every party's obligation under way, so the commitment is too.
    for (const [index, party] of parties.entries()) {
      const input = { commitmentId: created.id, expectedVersion: index + 1, status: 'IN_PROGRESS', partyCountryCode: party.countryCode };
      dataOf(await api.graphql(CHANGE_COMMITMENT, { input }, admin));
    }
    commitmentIds.push(created.id);
  }
  for (let i = 0; i < PROJECTS; i++) {
    const participants = WRITER_COUNTRIES.map((countryCode, index) => ({
      countryCode,
      role: index === 0 ? 'LEAD' : 'PARTNER',
      reporting: index === i,
    }));
    const created = dataOf(
      await api.graphql(
        CREATE_PROJECT,
        { input: { name: `Workload project ${i}`, kind: 'REFINING', participants, mineralCodes: ['COBALT'] } },
        admin,
      ),
    ).createProject.project;
    dataOf(await api.graphql(CHANGE_PROJECT, { input: { projectId: created.id, expectedVersion: 1, status: 'IMPLEMENTATION' } }, admin));
    projectIds.push(created.id);
  }
}, 60_000);
afterAll(() => api?.close());

/** One change by one writer: read the current version, write at it, and on CONFLICT read again and retry. */
async function change(
  writer: number,
  claims: TokenClaims,
  headers: Headers,
  kind: number,
  pick: (n: number) => number,
  step: number,
): Promise<void> {
  const isAdmin = claims.role === Role.ADMIN;
  const commitmentId = commitmentIds[pick(COMMITMENTS)];
  const picked = projectIds[pick(PROJECTS)];
  // A partner moves the status of the project its country reports.
  const projectId = kind === 2 && !isAdmin ? projectIds[WRITER_COUNTRIES.indexOf(claims.country!)] : picked;
  const linkTarget = commitmentIds[pick(COMMITMENTS)];
  for (let attempt = 1; attempt <= 200; attempt++) {
    let op: string;
    let query: string;
    let input: Record<string, unknown>;
    let subject: string;
    if (kind === 0 || kind === 1 || kind === 5) {
      const current = dataOf(await api.graphql(READ_COMMITMENT, { id: commitmentId })).commitment;
      subject = fromGlobalId('Commitment', commitmentId);
      if (kind === 0) {
        // A partner moves its own country's obligation; an admin names one party's.
        op = 'changeCommitmentStatus';
        query = CHANGE_COMMITMENT;
        const obligations = current.obligations.edges.map((edge: any) => edge.node);
        const party = isAdmin ? obligations[step % obligations.length].party.country.code : claims.country;
        const own = obligations.find((o: any) => o.party.country.code === party);
        const base = { commitmentId, expectedVersion: current.version, partyCountryCode: isAdmin ? party : undefined };
        input =
          own.status === 'IN_PROGRESS'
            ? { ...base, status: 'DELAYED', note: `w${writer} step ${step}: supplier late` }
            : { ...base, status: 'IN_PROGRESS' };
      } else if (kind === 5 && isAdmin) {
        // Admins add or remove Canada as a party, keeping everyone else.
        op = 'updateCommitment(parties)';
        query = UPDATE_COMMITMENT;
        const codes: { countryCode: string; role: string }[] = current.parties.map((p: any) => ({
          countryCode: p.country.code,
          role: p.role,
        }));
        const hasCanada = codes.some((p) => p.countryCode === 'CA');
        const parties = hasCanada ? codes.filter((p) => p.countryCode !== 'CA') : [...codes, { countryCode: 'CA', role: 'PARTY' }];
        input = { commitmentId, expectedVersion: current.version, parties };
      } else {
        op = 'updateCommitment';
        query = UPDATE_COMMITMENT;
        // Unique per attempt, so an update never changes nothing (which would record no event).
        input = {
          commitmentId,
          expectedVersion: current.version,
          title: `Workload commitment by w${writer} step ${step} try ${attempt}`,
          amount: { amount: `${1000 + writer * 100 + step}.${attempt % 100}`, currency: 'EUR' },
        };
      }
    } else {
      const current = dataOf(await api.graphql(READ_PROJECT, { id: projectId })).project;
      subject = fromGlobalId('Project', projectId);
      if (kind === 2) {
        op = 'changeProjectStatus';
        query = CHANGE_PROJECT;
        input =
          current.status === 'IMPLEMENTATION'
            ? { projectId, expectedVersion: current.version, status: 'SUSPENDED', note: `w${writer} step ${step}: permits pending` }
            : { projectId, expectedVersion: current.version, status: 'IMPLEMENTATION' };
      } else if (kind === 3) {
        const linked = current.commitments.edges.some((edge: any) => edge.node.id === linkTarget);
        op = linked ? 'unlinkProjectFromCommitment' : 'linkProjectToCommitment';
        query = linked ? UNLINK : LINK;
        input = { projectId, commitmentId: linkTarget, expectedVersion: current.version };
      } else {
        op = 'updateProject';
        query = UPDATE_PROJECT;
        input = { projectId, expectedVersion: current.version, name: `Workload project by w${writer} step ${step} try ${attempt}` };
      }
    }
    const response = await api.graphql(query, { input }, headers);
    const errors = response.body.errors;
    if (!errors?.length) {
      accepted.set(subject, (accepted.get(subject) ?? 0) + 1);
      const statusChange = Object.values(response.body.data as Record<string, any>)[0].statusChange;
      if (statusChange) answered.push({ sub: claims.sub, sequence: statusChange.sequence, version: statusChange.version });
      return;
    }
    if (errors.length === 1 && errors[0].extensions?.code === 'CONFLICT') {
      conflicts += 1;
      await sleep(pick(5));
      continue;
    }
    unexpected.push({ op, errors });
    return;
  }
  unexpected.push({ op: 'retries exhausted', errors: null });
}

describe('a mixed workload of 8 concurrent writers', () => {
  let elapsedMs: number;
  let eventCount: number;

  beforeAll(async () => {
    [{ max: startSequence }] = await q('SELECT max(sequence)::int AS max FROM audit_events');
    accepted = new Map();
    conflicts = 0;
    unexpected = [];
    answered = [];
    const headers = await Promise.all(WRITERS.map((claims) => authHeader(claims)));
    const started = Date.now();
    await Promise.all(
      WRITERS.map(async (claims, writer) => {
        const pick = rng(0x5eed + writer * 7919);
        for (let step = 0; step < OPS_PER_WRITER; step++)
          await change(writer, claims, headers[writer], (writer + step + pick(3)) % 6, pick, step);
      }),
    );
    elapsedMs = Date.now() - started;
    [{ n: eventCount }] = await q('SELECT count(*)::int AS n FROM audit_events WHERE sequence > $1', [startSequence]);
    console.info(
      `audit workload: ${WRITERS.length} writers, ${[...accepted.values()].reduce((a, b) => a + b, 0)} accepted changes (${conflicts} CONFLICT retries), ` +
        `${eventCount} events in ${elapsedMs} ms = ${((eventCount * 1000) / elapsedMs).toFixed(1)} events/s`,
    );
  }, 240_000);

  it('accepts at least 500 changes with no error other than CONFLICT', () => {
    expect(unexpected).toEqual([]);
    const total = [...accepted.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(WRITERS.length * OPS_PER_WRITER);
    expect(total).toBeGreaterThanOrEqual(500);
    // Every commitment and project was written to.
    expect(accepted.size).toBe(COMMITMENTS + PROJECTS);
  });

  it('answered each caller with its own change, though changes of several callers commit together', async () => {
    expect(answered.length).toBeGreaterThan(0);
    const events: { sequence: number; sub: string; version: number }[] = await q(
      'SELECT sequence::int, actor_sub AS sub, version FROM audit_events WHERE sequence = ANY($1) ORDER BY sequence',
      [answered.map((a) => a.sequence)],
    );
    expect(events).toEqual([...answered].sort((a, b) => a.sequence - b.sequence));
  });

  it('was a mixed workload: every kind of change, by every writer', async () => {
    const mix: { kind: string; n: number }[] = await q(
      `SELECT subject_type || ' ' || action AS kind, count(*)::int AS n FROM audit_events WHERE sequence > $1 GROUP BY 1 ORDER BY 1`,
      [startSequence],
    );
    // A commitment's status moves only when its roll-up does; each party's obligation records its own moves.
    expect(mix.map((m) => m.kind)).toEqual([
      'COMMITMENT STATUS_CHANGED',
      'COMMITMENT UPDATED',
      'OBLIGATION CREATED',
      'OBLIGATION STATUS_CHANGED',
      'OBLIGATION UPDATED',
      'PROJECT LINKED',
      'PROJECT STATUS_CHANGED',
      'PROJECT UNLINKED',
      'PROJECT UPDATED',
    ]);
    const frequent = [
      'COMMITMENT UPDATED',
      'OBLIGATION STATUS_CHANGED',
      'PROJECT LINKED',
      'PROJECT STATUS_CHANGED',
      'PROJECT UNLINKED',
      'PROJECT UPDATED',
    ];
    for (const { kind, n } of mix) expect(n).toBeGreaterThanOrEqual(frequent.includes(kind) ? 20 : 1);
    const actors: { actor_sub: string; n: number }[] = await q(
      `SELECT actor_sub, count(*)::int AS n FROM audit_events WHERE sequence > $1 AND subject_type IN ('COMMITMENT', 'PROJECT') GROUP BY 1 ORDER BY 1`,
      [startSequence],
    );
    expect(actors).toEqual(
      WRITERS.map((w) => ({ actor_sub: w.sub, n: OPS_PER_WRITER })).sort((a, b) => a.actor_sub.localeCompare(b.actor_sub)),
    );
    // Admins changed the parties: Canada was added to (and taken off) commitments.
    const [{ n: partyChanges }] = await q(`SELECT count(*)::int AS n FROM audit_events WHERE sequence > $1 AND changes ? 'parties'`, [
      startSequence,
    ]);
    expect(partyChanges).toBeGreaterThan(0);
  });

  it('records exactly one event per accepted change, per subject (besides the events of the obligations it moved)', async () => {
    const rows: { subject_id: string; n: number }[] = await q(
      `SELECT subject_id, count(*)::int AS n FROM audit_events WHERE sequence > $1 AND subject_type IN ('COMMITMENT', 'PROJECT') GROUP BY subject_id`,
      [startSequence],
    );
    expect(Object.fromEntries(rows.map((r) => [r.subject_id, r.n]))).toEqual(Object.fromEntries(accepted));
    const [{ n: own }] = await q(`SELECT count(*)::int AS n FROM audit_events WHERE sequence > $1 AND subject_type <> 'OBLIGATION'`, [
      startSequence,
    ]);
    expect(own).toBe([...accepted.values()].reduce((a, b) => a + b, 0));
    expect(eventCount).toBeGreaterThan(own);
  });

  it('numbers events 1..n with no gap, and each subject’s events carry versions 1..v in order', async () => {
    const [stats] = await q(
      'SELECT min(sequence)::int AS min, max(sequence)::int AS max, count(*)::int AS count, count(DISTINCT hash)::int AS hashes FROM audit_events',
    );
    expect(stats.min).toBe(1);
    expect(stats.max).toBe(stats.count);
    expect(stats.hashes).toBe(stats.count);
    const ids = [...commitmentIds.map((id) => fromGlobalId('Commitment', id)), ...projectIds.map((id) => fromGlobalId('Project', id))];
    const versions: { subject_id: string; versions: number[]; current: number }[] = await q(
      `SELECT e.subject_id, array_agg(e.version ORDER BY e.sequence) AS versions,
         coalesce((SELECT version FROM commitments WHERE id = e.subject_id), (SELECT version FROM projects WHERE id = e.subject_id)) AS current
       FROM audit_events e WHERE e.subject_id = ANY($1::uuid[]) GROUP BY e.subject_id`,
      [ids],
    );
    expect(versions).toHaveLength(ids.length);
    for (const row of versions) {
      expect(row.versions).toEqual(Array.from({ length: row.current }, (_, i) => i + 1));
    }
  });

  it('verifyAuditTrail (AUDITOR) is ok over every event', async () => {
    const [{ count, hash }] = await q(
      'SELECT count(*)::int AS count, (SELECT hash FROM audit_events ORDER BY sequence DESC LIMIT 1) AS hash FROM audit_events',
    );
    const result = dataOf(await api.graphql(VERIFY, {}, auditor)).verifyAuditTrail;
    expect(result).toEqual({
      ok: true,
      checkedEvents: count,
      firstBrokenSequence: null,
      headSequence: count,
      headHash: hash,
      checkpointSignatureValid: null,
      checkpointIsPrefix: null,
    });
    // A range checks just that range, linking to the event before it.
    const range = dataOf(await api.graphql(VERIFY, { from: startSequence + 1, to: startSequence + 100 }, admin)).verifyAuditTrail;
    expect(range).toMatchObject({ ok: true, checkedEvents: 100, firstBrokenSequence: null, headSequence: count });
  });

  describe('reading the trail', () => {
    beforeAll(async () => {
      fullTrail = await wholeTrail(null);
    }, 60_000);

    it('pages with first/after over the whole trail: every sequence once, in order, chained', async () => {
      const [{ count }] = await q('SELECT count(*)::int AS count FROM audit_events');
      expect(sequencesOf(fullTrail)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      fullTrail.forEach((event, index) => {
        expect(event.prevHash).toBe(index === 0 ? '0'.repeat(64) : fullTrail[index - 1].hash);
      });
      // Odd page sizes give the same trail.
      expect(sequencesOf(await wholeTrail(null, auditor, 37))).toEqual(sequencesOf(fullTrail));
    });

    const filterCases: [string, () => Record<string, unknown>, (e: TrailEvent) => boolean][] = [
      ['subjectTypes [PROJECT]', () => ({ subjectTypes: ['PROJECT'] }), (e) => e.subjectType === 'PROJECT'],
      [
        'subjectTypes [COMMITMENT, MEMBERSHIP]',
        () => ({ subjectTypes: ['COMMITMENT', 'MEMBERSHIP'] }),
        (e) => e.subjectType === 'COMMITMENT' || e.subjectType === 'MEMBERSHIP',
      ],
      ['subjectGlobalId of one commitment', () => ({ subjectGlobalId: commitmentIds[2] }), (e) => e.subjectGlobalId === commitmentIds[2]],
      ['subjectGlobalId of one project', () => ({ subjectGlobalId: projectIds[1] }), (e) => e.subjectGlobalId === projectIds[1]],
      ['countryCodes [kr] (case-insensitive)', () => ({ countryCodes: ['kr'] }), (e) => e.countryCodes.includes('KR')],
      [
        'countryCodes [AU, CA]',
        () => ({ countryCodes: ['AU', 'CA'] }),
        (e) => e.countryCodes.includes('AU') || e.countryCodes.includes('CA'),
      ],
      [
        'actors [two writers]',
        () => ({ actors: ['audit-writer-de', 'audit-writer-admin-2'] }),
        (e) => ['audit-writer-de', 'audit-writer-admin-2'].includes(e.actor.sub),
      ],
      ['actions [LINKED, UNLINKED]', () => ({ actions: ['LINKED', 'UNLINKED'] }), (e) => e.action === 'LINKED' || e.action === 'UNLINKED'],
      ['actions [STATUS_CHANGED]', () => ({ actions: ['STATUS_CHANGED'] }), (e) => e.action === 'STATUS_CHANGED'],
      [
        'occurredAtFrom/occurredAtTo between two events (inclusive)',
        () => ({
          occurredAtFrom: fullTrail[Math.floor(fullTrail.length / 3)].occurredAt,
          occurredAtTo: fullTrail[Math.floor((2 * fullTrail.length) / 3)].occurredAt,
        }),
        (e) =>
          Date.parse(e.occurredAt) >= Date.parse(fullTrail[Math.floor(fullTrail.length / 3)].occurredAt) &&
          Date.parse(e.occurredAt) <= Date.parse(fullTrail[Math.floor((2 * fullTrail.length) / 3)].occurredAt),
      ],
      [
        'occurredAtFrom only',
        () => ({ occurredAtFrom: fullTrail[fullTrail.length - 50].occurredAt }),
        (e) => Date.parse(e.occurredAt) >= Date.parse(fullTrail[fullTrail.length - 50].occurredAt),
      ],
      [
        'occurredAtTo only',
        () => ({ occurredAtTo: fullTrail[30].occurredAt }),
        (e) => Date.parse(e.occurredAt) <= Date.parse(fullTrail[30].occurredAt),
      ],
      [
        'all conditions together',
        () => ({
          subjectTypes: ['COMMITMENT'],
          actions: ['STATUS_CHANGED', 'UPDATED'],
          actors: ['audit-writer-in', 'audit-writer-admin-1'],
          countryCodes: ['KR', 'AU'],
          occurredAtFrom: fullTrail[startSequence].occurredAt,
        }),
        (e) =>
          e.subjectType === 'COMMITMENT' &&
          ['STATUS_CHANGED', 'UPDATED'].includes(e.action) &&
          ['audit-writer-in', 'audit-writer-admin-1'].includes(e.actor.sub) &&
          (e.countryCodes.includes('KR') || e.countryCodes.includes('AU')) &&
          Date.parse(e.occurredAt) >= Date.parse(fullTrail[startSequence].occurredAt),
      ],
    ];

    it.each(filterCases)('filter %s narrows to exactly the matching events', async (_name, filter, matches) => {
      const expected = sequencesOf(fullTrail.filter(matches));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(fullTrail.length);
      const got = await wholeTrail(filter(), auditor, 50);
      expect(sequencesOf(got)).toEqual(expected);
      // Each returned event is the same as in the unfiltered trail.
      for (const event of got) expect(event).toEqual(fullTrail[event.sequence - 1]);
    });

    it('a filter that matches nothing gives an empty trail', async () => {
      const nowhere = toGlobalId('Commitment', '00000000-0000-4000-8000-000000000000');
      const connection = dataOf(await api.graphql(TRAIL, { filter: { subjectGlobalId: nowhere }, first: 10 }, auditor)).auditTrail;
      expect(connection).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
      const future = dataOf(
        await api.graphql(TRAIL, { filter: { occurredAtFrom: '2999-01-01T00:00:00.000Z' }, first: 10 }, auditor),
      ).auditTrail;
      expect(future.totalCount).toBe(0);
    });

    /** A record's own auditTrail field, paged with first/after to the end. */
    async function recordTrail(field: 'commitment' | 'project', id: string): Promise<{ events: TrailEvent[]; totalCount: number }> {
      const query = `query($id: ID!, $after: String) {
        ${field}(id: $id) { auditTrail(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${EVENT_FIELDS} } } } }
      }`;
      const events: TrailEvent[] = [];
      let after: string | null = null;
      let connection: any;
      do {
        connection = dataOf(await api.graphql(query, { id, after }, auditor))[field].auditTrail;
        events.push(...connection.edges.map((edge: any) => edge.node));
        after = connection.pageInfo.endCursor;
      } while (connection.pageInfo.hasNextPage);
      return { events, totalCount: connection.totalCount };
    }

    it('Commitment.auditTrail and Project.auditTrail list that record’s events, in order', async () => {
      for (const [field, ids, subjectType] of [
        ['commitment', commitmentIds, 'COMMITMENT'],
        ['project', projectIds, 'PROJECT'],
      ] as const) {
        for (const id of ids) {
          const expected = fullTrail.filter((e) => e.subjectGlobalId === id);
          expect(expected.length).toBeGreaterThan(2);
          expect(expected[0]).toMatchObject({ action: 'CREATED', subjectType, version: 1 });
          expect(expected.map((e) => e.version)).toEqual(expected.map((_, i) => i + 1));
          const { events, totalCount } = await recordTrail(field, id);
          expect(events).toEqual(expected);
          expect(totalCount).toBe(expected.length);
        }
      }
    });

    it('Commitment.auditTrail is batched: many commitments in one request each get their own events', async () => {
      const query = `{ ${commitmentIds.map((id, i) => `c${i}: commitment(id: "${id}") { auditTrail(first: 5) { totalCount edges { node { sequence subjectGlobalId } } } }`).join(' ')} }`;
      const data = dataOf(await api.graphql(query, {}, admin));
      commitmentIds.forEach((id, i) => {
        const expected = fullTrail.filter((e) => e.subjectGlobalId === id);
        expect(data[`c${i}`].auditTrail.totalCount).toBe(expected.length);
        expect(data[`c${i}`].auditTrail.edges.map((edge: any) => edge.node)).toEqual(
          expected.slice(0, 5).map((e) => ({ sequence: e.sequence, subjectGlobalId: id })),
        );
      });
    });
  });
});

describe('the status an event recorded', () => {
  const EVENTS = `query($filter: AuditTrailFilter) { auditTrail(filter: $filter, first: 100) { edges { node {
    id uuid sequence action
    statusChange {
      __typename id sequence version
      ... on CommitmentStatusChange { commitmentFrom: fromStatus commitmentTo: toStatus }
      ... on ProjectStatusChange { projectFrom: fromStatus projectTo: toStatus }
    }
  } } } }`;
  const HISTORIES = `query($c: ID!, $p: ID!) {
    commitment(id: $c) { statusHistory(first: 100) { edges { node { __typename id sequence version commitmentFrom: fromStatus commitmentTo: toStatus } } } }
    project(id: $p) { statusHistory(first: 100) { edges { node { __typename id sequence version projectFrom: fromStatus projectTo: toStatus } } } }
  }`;

  it('is the typed status history entry, the same object (same id) that statusHistory lists; null for events that set no status', async () => {
    const histories = dataOf(await api.graphql(HISTORIES, { c: commitmentIds[0], p: projectIds[0] }));
    for (const [subjectGlobalId, history] of [
      [commitmentIds[0], histories.commitment.statusHistory],
      [projectIds[0], histories.project.statusHistory],
    ]) {
      const events = dataOf(await api.graphql(EVENTS, { filter: { subjectGlobalId } }, auditor)).auditTrail.edges.map((e: any) => e.node);
      const recorded = events.filter((event: any) => event.statusChange !== null).map((event: any) => event.statusChange);
      expect(recorded).toEqual(history.edges.map((e: any) => e.node));
      expect(recorded.length).toBeGreaterThanOrEqual(2);
      for (const event of events) expect(event.statusChange === null).toBe(!['CREATED', 'STATUS_CHANGED'].includes(event.action));
    }
  });

  it('keeps the hashed UUID as uuid, while id is a global id of the AuditEvent', async () => {
    const [event] = dataOf(await api.graphql(EVENTS, { filter: { subjectGlobalId: commitmentIds[0] } }, auditor)).auditTrail.edges.map(
      (e: any) => e.node,
    );
    const [row] = await q('SELECT id FROM audit_events WHERE sequence = $1', [event.sequence]);
    expect(event.uuid).toBe(row.id);
    expect(Buffer.from(event.id, 'base64url').toString('utf8')).toBe(`AuditEvent:${row.id}`);
  });
});

describe('who may read the trail', () => {
  const FORBIDDEN_QUERIES: [string, string, Record<string, unknown>][] = [
    ['auditTrail', `{ auditTrail(first: 5) { totalCount edges { node { sequence } } } }`, {}],
    ['verifyAuditTrail', `{ verifyAuditTrail { ok checkedEvents } }`, {}],
    ['auditCheckpoint', `{ auditCheckpoint { headSequence headHash signature } }`, {}],
  ];

  async function expectForbidden(response: GraphQLResponse, field: string) {
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]).toMatchObject({ path: [field], extensions: { code: 'FORBIDDEN' } });
    // The field is nullable, so a refusal nulls it alone, not the whole response.
    expect(response.body.data).toEqual({ [field]: null });
  }

  it.each(FORBIDDEN_QUERIES)('%s is FORBIDDEN to a PARTNER and to the public', async (field, query, variables) => {
    await expectForbidden(await api.graphql(query, variables, partnerIN), field);
    await expectForbidden(await api.graphql(query, variables, NO_TOKEN), field);
    expect((await api.graphql(query, variables, partnerIN)).body.errors![0].message).toMatch(/A PARTNER may not read audit trail/);
    expect((await api.graphql(query, variables, NO_TOKEN)).body.errors![0].message).toMatch(/The public may not read audit trail/);
  });

  it('a refused root field leaves the other root fields of the response', async () => {
    const response = await api.graphql('{ auditTrail(first: 1) { totalCount } country(code: "IN") { code } }', {}, NO_TOKEN);
    expect(response.body.data).toEqual({ auditTrail: null, country: { code: 'IN' } });
    expect(response.body.errors?.map((e) => ({ path: e.path, code: e.extensions?.code }))).toEqual([
      { path: ['auditTrail'], code: 'FORBIDDEN' },
    ]);
  });

  it.each(FORBIDDEN_QUERIES)('%s is allowed to an AUDITOR and an ADMIN', async (field, query, variables) => {
    for (const headers of [auditor, admin]) {
      const data = dataOf(await api.graphql(query, variables, headers));
      expect(data[field]).toBeTruthy();
    }
  });

  it('Commitment.auditTrail and Project.auditTrail are null with FORBIDDEN for a PARTNER and the public; the rest of the record still resolves', async () => {
    const query = `query($c: ID!, $p: ID!) {
      commitment(id: $c) { title auditTrail(first: 5) { totalCount } }
      project(id: $p) { name auditTrail(first: 5) { totalCount } }
    }`;
    for (const headers of [partnerIN, NO_TOKEN]) {
      const response = await api.graphql(query, { c: commitmentIds[0], p: projectIds[0] }, headers);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({
        commitment: { title: expect.any(String), auditTrail: null },
        project: { name: expect.any(String), auditTrail: null },
      });
      const errors = response.body.errors!.map((e) => ({ path: e.path, code: e.extensions?.code }));
      expect(errors).toEqual(
        expect.arrayContaining([
          { path: ['commitment', 'auditTrail'], code: 'FORBIDDEN' },
          { path: ['project', 'auditTrail'], code: 'FORBIDDEN' },
        ]),
      );
      expect(errors).toHaveLength(2);
    }
    const allowed = dataOf(await api.graphql(query, { c: commitmentIds[0], p: projectIds[0] }, auditor));
    expect(allowed.commitment.auditTrail.totalCount).toBeGreaterThan(1);
    expect(allowed.project.auditTrail.totalCount).toBeGreaterThan(1);
  });
});
