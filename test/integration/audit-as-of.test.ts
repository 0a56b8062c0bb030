import { Role } from '../../src/modules/auth/caller';
import { Factory } from '../helpers/factories';
import { authHeader, dataOf, startTestApi, TestApi } from '../helpers/test-api';

/**
 * Point-in-time reads (asOf) rebuilt from the audit trail: a scripted history, then every
 * intermediate instant must answer exactly what a read at that instant would have answered.
 * Every read is an AUDITOR's: past states and actors' subs are not public (history-access.test.ts).
 */

let api: TestApi;
let factory: Factory;
type Headers = Record<string, string>;
let admin: Headers;
let auditor: Headers;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (ms: number) => new Date(ms).toISOString();
const GAP_MS = 20;

const COMMITMENT_FIELDS = `id title description kind instrument status version announcedOn targetOn valueChainStages createdAt updatedAt
  amount { amount currency }
  parties { role country { code } }
  minerals { code }
  statusHistory(first: 100) { totalCount edges { node { sequence fromStatus toStatus version note evidenceUrl effectiveOn recordedAt actor { sub role country { code } } } } }`;

const PROJECT_FIELDS = `id name description kind status version startsOn endsOn location createdAt updatedAt
  budget { amount currency }
  participants { role country { code } }
  minerals { code }
  statusHistory(first: 100) { totalCount edges { node { sequence fromStatus toStatus version note recordedAt actor { sub } } } }`;

const COMMITMENT_AS_OF = `query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { ${COMMITMENT_FIELDS} } }`;
const PROJECT_AS_OF = `query($id: ID!, $asOf: DateTime) { project(id: $id, asOf: $asOf) { ${PROJECT_FIELDS} } }`;
const LAST_EVENT = `query($id: ID!) { node(id: $id) {
  ... on Commitment { auditTrail(last: 1) { edges { node { sequence occurredAt action version } } } }
  ... on Project { auditTrail(last: 1) { edges { node { sequence occurredAt action version } } } }
} }`;

/** When the server recorded the latest change of a record: its last audit event's occurredAt. */
async function lastEventAt(id: string, expectedVersion: number): Promise<number> {
  const [edge] = dataOf(await api.graphql(LAST_EVENT, { id }, auditor)).node.auditTrail.edges;
  expect(edge.node.version).toBe(expectedVersion);
  return Date.parse(edge.node.occurredAt);
}

/** Answers a read of `query` with `asOf` at every instant of a recorded history: each step, between steps, and just before each. */
async function expectHistory(query: string, field: 'commitment' | 'project', id: string, steps: { at: number; state: any }[]) {
  const read = async (asOf: number) => api.graphql(query, { id, asOf: iso(asOf) }, auditor);
  for (const [index, { at, state }] of steps.entries()) {
    const label = `step ${index} at ${iso(at)}`;
    // At the instant of the change, and in the middle of the gap to the next one: the state after it.
    expect({ label, state: dataOf(await read(at))[field] }).toEqual({ label, state });
    const next = steps[index + 1]?.at ?? at + GAP_MS;
    expect(next - at).toBeGreaterThanOrEqual(2);
    const between = at + Math.floor((next - at) / 2);
    expect({ label: `${label} (+${between - at} ms)`, state: dataOf(await read(between))[field] }).toEqual({
      label: `${label} (+${between - at} ms)`,
      state,
    });
    // One millisecond before it: the state after the previous step.
    if (index > 0)
      expect({ label: `${label} (-1 ms)`, state: dataOf(await read(at - 1))[field] }).toEqual({
        label: `${label} (-1 ms)`,
        state: steps[index - 1].state,
      });
  }
}

beforeAll(async () => {
  api = await startTestApi();
  factory = new Factory(api.db);
  admin = await authHeader({ sub: 'admin-1', role: Role.ADMIN });
  auditor = await authHeader({ sub: 'auditor-1', role: Role.AUDITOR });
});
afterAll(() => api?.close());

describe('commitment(id, asOf) over a scripted history', () => {
  const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { ${COMMITMENT_FIELDS} } statusChange { recordedAt } } }`;
  const UPDATE = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { ${COMMITMENT_FIELDS} } } }`;
  const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { ${COMMITMENT_FIELDS} } statusChange { recordedAt sequence } } }`;

  // Each step's input, applied in order; updates and status changes take the version the previous step returned.
  const SCRIPT: [string, 'update' | 'status', Record<string, unknown>][] = [
    [
      'retitle and re-price in USD',
      'update',
      { title: 'As-of: lithium and cobalt refinery', amount: { amount: '250000.50', currency: 'USD' } },
    ],
    ['announce', 'status', { status: 'ANNOUNCED', effectiveOn: '2026-01-20' }],
    [
      'swap Germany for France, add cobalt',
      'update',
      {
        parties: [
          { countryCode: 'IN', role: 'LEAD' },
          { countryCode: 'FR', role: 'PARTY' },
        ],
        mineralCodes: ['LITHIUM', 'COBALT'],
      },
    ],
    ['start', 'status', { status: 'IN_PROGRESS', effectiveOn: '2026-02-01' }],
    [
      'drop the amount, describe, move the target',
      'update',
      { amount: null, description: 'Scaled back after the feasibility study.', targetOn: '2029-06-30' },
    ],
    ['delay', 'status', { status: 'DELAYED', note: 'Permits pending' }],
    [
      'graphite plant with Japan',
      'update',
      {
        title: 'As-of: graphite anode plant',
        parties: [
          { countryCode: 'IN', role: 'LEAD' },
          { countryCode: 'FR', role: 'PARTY' },
          { countryCode: 'JP', role: 'PARTY' },
        ],
        mineralCodes: ['GRAPHITE'],
      },
    ],
    ['deliver', 'status', { status: 'DELIVERED', evidenceUrl: 'https://example.org/commissioned.pdf' }],
  ];

  let id: string;
  /** Every recorded change; `name` is the script's step it ends (a status step moves each party's obligation in turn, the lead last). */
  const steps: { at: number; state: any; name?: string }[] = [];
  const named = () => steps.filter((step) => step.name);
  const step = (name: string) => steps.find((s) => s.name === name)!;

  beforeAll(async () => {
    const created = dataOf(
      await api.graphql(
        CREATE,
        {
          input: {
            title: 'As-of: lithium refinery',
            description: 'Joint refinery.',
            kind: 'FUNDING',
            instrument: 'MOU',
            parties: [
              { countryCode: 'IN', role: 'LEAD' },
              { countryCode: 'DE', role: 'PARTY' },
            ],
            mineralCodes: ['LITHIUM'],
            valueChainStages: ['PROCESSING_REFINING'],
            amount: { amount: '100000', currency: 'EUR' },
            announcedOn: '2026-01-10',
            targetOn: '2028-12-31',
          },
        },
        admin,
      ),
    ).createCommitment;
    id = created.commitment.id;
    steps.push({ at: Date.parse(created.statusChange.recordedAt), state: created.commitment, name: 'create' });
    for (const [name, kind, fields] of SCRIPT) {
      await sleep(GAP_MS);
      const input = { commitmentId: id, expectedVersion: steps[steps.length - 1].state.version, ...fields };
      if (kind === 'status') {
        const codes: string[] = steps[steps.length - 1].state.parties.map((p: any) => p.country.code);
        const order = [...codes.filter((code) => code !== 'IN'), 'IN'];
        for (const [index, partyCountryCode] of order.entries()) {
          if (index > 0) await sleep(GAP_MS);
          const expectedVersion = steps[steps.length - 1].state.version;
          const payload = dataOf(
            await api.graphql(CHANGE, { input: { ...input, expectedVersion, partyCountryCode } }, admin),
          ).changeCommitmentStatus;
          const last = index === order.length - 1;
          steps.push({ at: await lastEventAt(id, payload.commitment.version), state: payload.commitment, name: last ? name : undefined });
        }
      } else {
        const payload = dataOf(await api.graphql(UPDATE, { input }, admin)).updateCommitment;
        steps.push({ at: await lastEventAt(id, payload.commitment.version), state: payload.commitment, name });
      }
    }
  });

  it('the script produced one version per step, each recorded later than the one before', () => {
    expect(steps.map((s) => s.state.version)).toEqual(steps.map((_, i) => i + 1));
    for (let i = 1; i < steps.length; i++) expect(steps[i].at - steps[i - 1].at).toBeGreaterThanOrEqual(GAP_MS - 2);
    expect(named().map((s) => s.state.status)).toEqual([
      'PROPOSED',
      'PROPOSED',
      'ANNOUNCED',
      'ANNOUNCED',
      'IN_PROGRESS',
      'IN_PROGRESS',
      'DELAYED',
      'DELAYED',
      'DELIVERED',
    ]);
    // The states really differ where the script says so.
    expect(steps[0].state).toMatchObject({ title: 'As-of: lithium refinery', amount: { amount: '100000.00', currency: 'EUR' } });
    expect(step('drop the amount, describe, move the target').state.amount).toBeNull();
    expect(step('graphite plant with Japan').state.parties.map((p: any) => p.country.code)).toEqual(['IN', 'FR', 'JP']);
  });

  it('before its creation: null, without an error (it did not exist then)', async () => {
    for (const before of [steps[0].at - 1, steps[0].at - 60_000]) {
      const response = await api.graphql(COMMITMENT_AS_OF, { id, asOf: iso(before) }, auditor);
      expect(response.body).toEqual({ data: { commitment: null } });
    }
  });

  it('at every recorded instant, between steps and 1 ms before each: exactly the state then (title, status, version, amount, parties, minerals, statusHistory)', async () => {
    await expectHistory(COMMITMENT_AS_OF, 'commitment', id, steps);
  });

  it('after the last change, and without asOf: the current state', async () => {
    const current = dataOf(await api.graphql(COMMITMENT_AS_OF, { id }, auditor)).commitment;
    expect(current).toEqual(steps[steps.length - 1].state);
    expect(dataOf(await api.graphql(COMMITMENT_AS_OF, { id, asOf: iso(Date.now() + 60_000) }, auditor)).commitment).toEqual(current);
  });

  it('several instants in one request (aliases) each get their own state and history', async () => {
    const query = `query($id: ID!, ${steps.map((_, i) => `$t${i}: DateTime`).join(', ')}) {
      ${steps.map((_, i) => `s${i}: commitment(id: $id, asOf: $t${i}) { ${COMMITMENT_FIELDS} }`).join('\n')}
    }`;
    const variables = Object.fromEntries([['id', id], ...steps.map((s, i) => [`t${i}`, iso(s.at)])]);
    const data = dataOf(await api.graphql(query, variables, auditor));
    steps.forEach((s, i) => expect(data[`s${i}`]).toEqual(s.state));
  });

  it('statusHistory at an instant lists only the statuses recorded by then', async () => {
    const counts = named().map((s) => s.state.statusHistory.totalCount);
    expect(counts).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
    const started = step('start');
    const read = dataOf(await api.graphql(COMMITMENT_AS_OF, { id, asOf: iso(started.at) }, auditor)).commitment.statusHistory;
    expect(read.edges.map((e: any) => e.node.toStatus)).toEqual(['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS']);
    expect(read.edges[2].node).toMatchObject({ fromStatus: 'ANNOUNCED', effectiveOn: '2026-02-01', version: started.state.version });
  });

  it('country(code){ commitments(asOf) }: a party removed later is still listed at the earlier instant; one added later is not', async () => {
    const query = `query($code: String!, $asOf: DateTime) { country(code: $code) { commitments(asOf: $asOf, first: 100) { edges { node { id title parties { country { code } } } } } } }`;
    const listed = async (code: string, at: number | null) => {
      const edges = dataOf(await api.graphql(query, { code, asOf: at === null ? null : iso(at) }, auditor)).country.commitments.edges;
      return edges.find((e: any) => e.node.id === id)?.node ?? null;
    };
    // Germany is a party until France takes its place; Japan from the graphite plant on.
    const swapped = steps.indexOf(step('swap Germany for France, add cobalt'));
    const japan = steps.indexOf(step('graphite plant with Japan'));
    for (const [index, step] of steps.entries()) {
      const de = await listed('DE', step.at);
      const fr = await listed('FR', step.at);
      const jp = await listed('JP', step.at);
      expect({ index, de: de !== null, fr: fr !== null, jp: jp !== null }).toEqual({
        index,
        de: index < swapped,
        fr: index >= swapped,
        jp: index >= japan,
      });
      // Listed as it stood then.
      for (const node of [de, fr, jp].filter(Boolean)) {
        expect(node).toEqual({
          id,
          title: step.state.title,
          parties: step.state.parties.map((p: any) => ({ country: { code: p.country.code } })),
        });
      }
    }
    expect(await listed('DE', null)).toBeNull();
    expect(await listed('JP', null)).not.toBeNull();
  });
});

describe('commitments(filter, asOf) and country(code){ commitments(asOf) }: the set as it was', () => {
  const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id version } statusChange { recordedAt } } }`;
  const CHANGE = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { commitment { status version } } }`;
  const UPDATE = `mutation($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { commitment { id version } } }`;

  interface Model {
    [name: string]: { status: string; parties: string[]; version: number };
  }
  let x: string;
  let y: string;
  const ids: Record<string, string> = {};
  const instants: { at: number; model: Model }[] = [];

  beforeAll(async () => {
    x = (await factory.country()).code;
    y = (await factory.country()).code;
    const model: Model = {};
    const record = (at: number) => instants.push({ at, model: JSON.parse(JSON.stringify(model)) });

    const create = async (name: string, status: string, parties: string[]) => {
      await sleep(GAP_MS);
      const payload = dataOf(
        await api.graphql(
          CREATE,
          {
            input: {
              title: `Set ${name}`,
              kind: 'POLICY',
              instrument: 'STATEMENT',
              status,
              parties: parties.map((countryCode, i) => ({ countryCode, role: i === 0 ? 'LEAD' : 'PARTY' })),
            },
          },
          admin,
        ),
      ).createCommitment;
      ids[name] = payload.commitment.id;
      model[name] = { status, parties, version: 1 };
      record(Date.parse(payload.statusChange.recordedAt));
    };
    // Every party's obligation moves in turn; the commitment's status is what the roll-up made of it.
    const change = async (name: string, status: string, note: string | null = null) => {
      for (const partyCountryCode of model[name].parties) {
        await sleep(GAP_MS);
        const input = { commitmentId: ids[name], expectedVersion: model[name].version, status, note, partyCountryCode };
        const payload = dataOf(await api.graphql(CHANGE, { input }, admin)).changeCommitmentStatus;
        model[name] = { ...model[name], status: payload.commitment.status, version: payload.commitment.version };
        record(await lastEventAt(ids[name], payload.commitment.version));
      }
      expect(model[name].status).toBe(status);
    };
    const reparty = async (name: string, parties: string[]) => {
      await sleep(GAP_MS);
      const input = {
        commitmentId: ids[name],
        expectedVersion: model[name].version,
        parties: parties.map((countryCode, i) => ({ countryCode, role: i === 0 ? 'LEAD' : 'PARTY' })),
      };
      const payload = dataOf(await api.graphql(UPDATE, { input }, admin)).updateCommitment;
      model[name] = { ...model[name], parties, version: payload.commitment.version };
      record(await lastEventAt(ids[name], payload.commitment.version));
    };

    await create('A', 'PROPOSED', [x, y]);
    await create('B', 'ANNOUNCED', [x]);
    await change('A', 'ANNOUNCED');
    await reparty('A', [x, 'IN']);
    await change('B', 'IN_PROGRESS');
    await create('C', 'ANNOUNCED', [y]);
    await change('B', 'DELAYED', 'Late');
    await reparty('C', [y, x]);
  });

  const ORDER = ['A', 'B', 'C'];
  const expectedIds = (model: Model, keep: (c: Model[string]) => boolean) =>
    ORDER.filter((name) => model[name] && keep(model[name])).map((name) => ({
      id: ids[name],
      status: model[name].status,
      version: model[name].version,
    }));
  const mine = (nodes: any[]) => nodes.filter((n) => Object.values(ids).includes(n.id));

  /** Every page of commitments(filter, asOf). */
  async function allCommitments(filter: Record<string, unknown>, asOf: string | null) {
    const query = `query($filter: CommitmentFilter, $asOf: DateTime, $after: String) {
      commitments(filter: $filter, asOf: $asOf, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status version } } }
    }`;
    const nodes: any[] = [];
    let after: string | null = null;
    let connection: any;
    do {
      connection = dataOf(await api.graphql(query, { filter, asOf, after }, auditor)).commitments;
      nodes.push(...connection.edges.map((e: any) => e.node));
      after = connection.pageInfo.endCursor;
    } while (connection.pageInfo.hasNextPage);
    expect(nodes).toHaveLength(connection.totalCount);
    return nodes;
  }

  it('commitments(filter: {statuses}, asOf) at each instant: exactly the commitments in those statuses then', async () => {
    const points = [{ at: instants[0].at - 1, model: {} as Model }, ...instants];
    for (const [index, { at, model }] of points.entries()) {
      for (const statuses of [['ANNOUNCED'], ['IN_PROGRESS', 'DELAYED'], ['PROPOSED']]) {
        const got = mine(await allCommitments({ statuses }, iso(at)));
        expect({ index, statuses, got }).toEqual({ index, statuses, got: expectedIds(model, (c) => statuses.includes(c.status)) });
      }
      // A test country narrows to these commitments only, as their parties were then.
      const got = await allCommitments({ statuses: ['ANNOUNCED', 'IN_PROGRESS', 'PROPOSED'], countryCodes: [y] }, iso(at));
      expect({ index, got }).toEqual({ index, got: expectedIds(model, (c) => c.status !== 'DELAYED' && c.parties.includes(y)) });
    }
  });

  it('country(code){ commitments(asOf) } at each instant: the commitments it was a party to then', async () => {
    const query = `query($x: String!, $y: String!, $asOf: DateTime) {
      x: country(code: $x) { commitments(asOf: $asOf, first: 100) { totalCount edges { node { id status version } } } }
      y: country(code: $y) { commitments(asOf: $asOf, first: 100) { totalCount edges { node { id status version } } } }
    }`;
    for (const [index, { at, model }] of [{ at: instants[0].at - 1, model: {} as Model }, ...instants].entries()) {
      const data = dataOf(await api.graphql(query, { x, y, asOf: iso(at) }, auditor));
      const got = { x: data.x.commitments.edges.map((e: any) => e.node), y: data.y.commitments.edges.map((e: any) => e.node) };
      const expected = { x: expectedIds(model, (c) => c.parties.includes(x)), y: expectedIds(model, (c) => c.parties.includes(y)) };
      expect({ index, got }).toEqual({ index, got: expected });
      expect(data.y.commitments.totalCount).toBe(expected.y.length);
    }
    // The earlier instant still lists A for Y, which left it at the reparty step.
    // (A's status change took two instants, one per party's obligation.)
    expect(expectedIds(instants[3].model, (c) => c.parties.includes(y)).map((c) => c.id)).toContain(ids.A);
    expect(expectedIds(instants[4].model, (c) => c.parties.includes(y)).map((c) => c.id)).not.toContain(ids.A);
  });

  it('without asOf: the current set', async () => {
    const now = instants[instants.length - 1].model;
    expect(mine(await allCommitments({ statuses: ['ANNOUNCED', 'DELAYED'] }, null))).toEqual(
      expectedIds(now, (c) => ['ANNOUNCED', 'DELAYED'].includes(c.status)),
    );
    const data = dataOf(
      await api.graphql(
        `query($y: String!) { country(code: $y) { commitments(first: 100) { edges { node { id status version } } } } }`,
        { y },
        auditor,
      ),
    );
    expect(data.country.commitments.edges.map((e: any) => e.node)).toEqual(expectedIds(now, (c) => c.parties.includes(y)));
  });
});

describe('project(id, asOf) over a scripted history', () => {
  const PAYLOAD = `project { ${PROJECT_FIELDS} }`;
  const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { ${PAYLOAD} statusChange { recordedAt } } }`;
  const UPDATE = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { ${PAYLOAD} } }`;
  const CHANGE = `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { ${PAYLOAD} statusChange { recordedAt } } }`;
  const LINK = `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { ${PAYLOAD} } }`;
  const UNLINK = `mutation($input: UnlinkProjectFromCommitmentInput!) { unlinkProjectFromCommitment(input: $input) { ${PAYLOAD} } }`;
  const COMMITMENTS_AS_OF = `query($id: ID!, $asOf: DateTime) { project(id: $id, asOf: $asOf) { version commitments(first: 10) { totalCount edges { node { id } } } } }`;

  let id: string;
  let commitmentId: string;
  const steps: { at: number; state: any; linked: string[] }[] = [];

  beforeAll(async () => {
    commitmentId = dataOf(
      await api.graphql(
        `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } } }`,
        {
          input: {
            title: 'Delivered by the as-of project',
            kind: 'FUNDING',
            instrument: 'MOU',
            parties: [{ countryCode: 'IN', role: 'LEAD' }],
          },
        },
        admin,
      ),
    ).createCommitment.commitment.id;
    const created = dataOf(
      await api.graphql(
        CREATE,
        {
          input: {
            name: 'As-of: recycling plant',
            kind: 'RECYCLING',
            participants: [
              { countryCode: 'IN', role: 'LEAD' },
              { countryCode: 'DE', role: 'FUNDER' },
            ],
            mineralCodes: ['LITHIUM'],
            budget: { amount: '5000000', currency: 'EUR' },
            startsOn: '2026-03-01',
          },
        },
        admin,
      ),
    ).createProject;
    id = created.project.id;
    steps.push({ at: Date.parse(created.statusChange.recordedAt), state: created.project, linked: [] });
    const script: [string, Record<string, unknown>, string[]][] = [
      [CHANGE, { status: 'IMPLEMENTATION' }, []],
      [
        UPDATE,
        {
          name: 'As-of: battery recycling plant',
          budget: { amount: '7500000.25', currency: 'USD' },
          participants: [
            { countryCode: 'IN', role: 'LEAD' },
            { countryCode: 'FR', role: 'IMPLEMENTER' },
          ],
        },
        [],
      ],
      [LINK, { commitmentId: '' }, ['linked']],
      [CHANGE, { status: 'SUSPENDED', note: 'Funding review' }, ['linked']],
      [UNLINK, { commitmentId: '' }, []],
      [UPDATE, { mineralCodes: ['COBALT', 'NICKEL'], location: 'Pune', budget: null }, []],
      [CHANGE, { status: 'IMPLEMENTATION' }, []],
    ];
    for (const [mutation, fields, linked] of script) {
      await sleep(GAP_MS);
      const input = {
        projectId: id,
        expectedVersion: steps[steps.length - 1].state.version,
        ...fields,
        ...('commitmentId' in fields ? { commitmentId } : {}),
      };
      const data = dataOf(await api.graphql(mutation, { input }, admin));
      const payload: any = Object.values(data)[0];
      const at = payload.statusChange ? Date.parse(payload.statusChange.recordedAt) : await lastEventAt(id, payload.project.version);
      steps.push({ at, state: payload.project, linked: linked.length ? [commitmentId] : [] });
    }
  });

  it('the script produced one version per step', () => {
    expect(steps.map((s) => s.state.version)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.map((s) => s.state.status)).toEqual([
      'PIPELINE',
      'IMPLEMENTATION',
      'IMPLEMENTATION',
      'IMPLEMENTATION',
      'SUSPENDED',
      'SUSPENDED',
      'SUSPENDED',
      'IMPLEMENTATION',
    ]);
  });

  it('before its creation: null, without an error', async () => {
    const response = await api.graphql(PROJECT_AS_OF, { id, asOf: iso(steps[0].at - 1) }, auditor);
    expect(response.body).toEqual({ data: { project: null } });
  });

  it('at every recorded instant, between steps and 1 ms before each: exactly the state then (name, status, version, budget, participants, minerals, statusHistory)', async () => {
    await expectHistory(PROJECT_AS_OF, 'project', id, steps);
    expect(dataOf(await api.graphql(PROJECT_AS_OF, { id }, auditor)).project).toEqual(steps[steps.length - 1].state);
  });

  it('project(id, asOf){ commitments } lists the commitments linked at that instant', async () => {
    for (const [index, step] of steps.entries()) {
      const project = dataOf(await api.graphql(COMMITMENTS_AS_OF, { id, asOf: iso(step.at) }, auditor)).project;
      expect({
        index,
        version: project.version,
        count: project.commitments.totalCount,
        linked: project.commitments.edges.map((e: any) => e.node.id),
      }).toEqual({ index, version: step.state.version, count: step.linked.length, linked: step.linked });
    }
    // Today: the last step unlinked it.
    expect(dataOf(await api.graphql(COMMITMENTS_AS_OF, { id }, auditor)).project.commitments.totalCount).toBe(0);
  });

  it('commitment(id, asOf){ projects } lists the projects linked at that instant, each as it stood then', async () => {
    const PROJECTS_AS_OF = `query($id: ID!, $asOf: DateTime) { commitment(id: $id, asOf: $asOf) { projects(first: 10) { totalCount edges { node { id name status version } } } } }`;
    for (const [index, step] of steps.entries()) {
      const { projects } = dataOf(await api.graphql(PROJECTS_AS_OF, { id: commitmentId, asOf: iso(step.at) }, auditor)).commitment;
      const expected = step.linked.length ? [{ id, name: step.state.name, status: step.state.status, version: step.state.version }] : [];
      expect({ index, count: projects.totalCount, projects: projects.edges.map((e: any) => e.node) }).toEqual({
        index,
        count: expected.length,
        projects: expected,
      });
    }
  });
});
