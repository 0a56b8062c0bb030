import { Role } from '../../src/modules/auth/caller';
import { TokenClaims } from '../../src/modules/auth/token-verifier';
import { fromGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
// One factory for the file: each instance hands out test country codes from QA on, so two would collide.
let factory: Factory;
let lead: { id: string; code: string };
let partner: { id: string; code: string };
let funder: { id: string; code: string };
let lithium: { id: string; code: string };
let cobalt: { id: string; code: string };

const ADMIN: TokenClaims = { sub: 'project-admin', role: Role.ADMIN };
const partnerOf = (code: string): TokenClaims => ({ sub: `partner-${code}`, role: Role.PARTNER, country: code });

beforeAll(async () => {
  factory = new Factory(api.db);
  lead = await factory.country();
  partner = await factory.country();
  funder = await factory.country();
  lithium = await factory.mineral();
  cobalt = await factory.mineral();
});

const PROJECT_FIELDS = `id name description kind status version location startsOn endsOn
  budget { amount currency }
  participants { role country { code } }
  minerals { code }`;
const HISTORY = 'statusHistory { totalCount edges { node { fromStatus toStatus version note actor { sub role country { code } } } } }';

const CREATE = `mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { ${PROJECT_FIELDS} ${HISTORY} } statusChange { fromStatus toStatus version actor { sub role country { code } } } }
}`;
const UPDATE = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { ${PROJECT_FIELDS} } } }`;
const CHANGE_STATUS = `mutation($input: ChangeProjectStatusInput!) {
  changeProjectStatus(input: $input) { project { status version } statusChange { fromStatus toStatus version note effectiveOn actor { sub role country { code } } } }
}`;
const LINK_FIELDS = `project { id version commitments { totalCount edges { node { id title } } } } commitment { id projects { totalCount edges { node { id name } } } }`;
const LINK = `mutation($input: LinkProjectToCommitmentInput!) { linkProjectToCommitment(input: $input) { ${LINK_FIELDS} } }`;
const UNLINK = `mutation($input: UnlinkProjectFromCommitmentInput!) { unlinkProjectFromCommitment(input: $input) { ${LINK_FIELDS} } }`;

const as = (claims: TokenClaims, query: string, input: Record<string, unknown>) => mutateAs(api, claims, query, input);

/** Everything a project mutation could write. */
const snapshot = () =>
  snapshotOf(api.db, {
    ...countsOf('audit_events', 'idempotency_keys', 'projects', 'project_participants', 'project_minerals', 'project_commitments'),
    last_update: "SELECT coalesce(max(updated_at)::text, '') FROM projects",
    versions: 'SELECT coalesce(sum(version), 0) FROM projects',
  });

/** Audit events of a subject, oldest first. */
async function auditOf(subjectId: string) {
  return api.db.query(
    `SELECT action, version, actor_sub, actor_role, actor_country, country_codes, from_status, to_status, note, changes
     FROM audit_events WHERE subject_id = $1 ORDER BY sequence`,
    [subjectId],
  );
}

async function createProject(overrides: Record<string, unknown> = {}) {
  const input = {
    name: 'Battery recycling plant',
    kind: 'RECYCLING',
    participants: [
      { countryCode: lead.code, role: 'LEAD' },
      { countryCode: partner.code, role: 'PARTNER' },
    ],
    ...overrides,
  };
  return dataOf(await as(ADMIN, CREATE, input)).createProject.project;
}

describe('createProject', () => {
  it('records a project in PIPELINE at version 1 with participants, minerals and an exact budget', async () => {
    // The leading country names itself; the others it names are invited (see party-consent.test.ts).
    const response = await as(partnerOf(lead.code), CREATE, {
      name: 'Lithium refinery',
      description: 'A refinery for battery-grade lithium',
      kind: 'REFINING',
      participants: [
        { countryCode: lead.code, role: 'LEAD' },
        { countryCode: partner.code.toLowerCase(), role: 'PARTNER' },
        { countryCode: funder.code, role: 'FUNDER' },
      ],
      mineralCodes: [lithium.code, cobalt.code.toLowerCase()],
      budget: { amount: '999999999999999999.99', currency: 'EUR' },
      startsOn: '2026-02-01',
      endsOn: '2028-12-31',
      location: 'Antwerp',
    });
    const { project, statusChange } = dataOf(response).createProject;
    expect(project).toMatchObject({
      name: 'Lithium refinery',
      description: 'A refinery for battery-grade lithium',
      kind: 'REFINING',
      status: 'PIPELINE',
      version: 1,
      location: 'Antwerp',
      startsOn: '2026-02-01',
      endsOn: '2028-12-31',
      // 18 integer digits: a float would have rounded this to 1000000000000000000.
      budget: { amount: '999999999999999999.99', currency: 'EUR' },
    });
    expect(project.participants).toEqual(
      expect.arrayContaining([
        { role: 'LEAD', country: { code: lead.code } },
        { role: 'PARTNER', country: { code: partner.code } },
        { role: 'FUNDER', country: { code: funder.code } },
      ]),
    );
    expect(project.participants).toHaveLength(3);
    expect(project.minerals.map((m: any) => m.code).sort()).toEqual([lithium.code, cobalt.code].sort());
    const actor = { sub: `partner-${lead.code}`, role: 'PARTNER', country: { code: lead.code } };
    expect(statusChange).toEqual({ fromStatus: null, toStatus: 'PIPELINE', version: 1, actor });
    expect(project.statusHistory).toEqual({
      totalCount: 1,
      edges: [{ node: { fromStatus: null, toStatus: 'PIPELINE', version: 1, note: null, actor } }],
    });

    const [event, ...more] = await auditOf(fromGlobalId('Project', project.id));
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      action: 'CREATED',
      version: 1,
      actor_role: 'PARTNER',
      actor_country: lead.code,
      to_status: 'PIPELINE',
    });
    expect(event.country_codes.sort()).toEqual([lead.code, partner.code, funder.code].sort());
    expect(event.changes).toMatchObject({ name: 'Lithium refinery', budget: { amount: '999999999999999999.99', currency: 'EUR' } });
  });

  it('keeps the budget as an exact two-place decimal string', async () => {
    const project = await createProject({ budget: { amount: '1250000.5', currency: 'USD' } });
    expect(project.budget).toEqual({ amount: '1250000.50', currency: 'USD' });
    const [row] = await api.db.query('SELECT budget_amount::text AS amount FROM projects WHERE id = $1', [
      fromGlobalId('Project', project.id),
    ]);
    expect(row.amount).toBe('1250000.50');
  });

  it('without budget, dates or minerals leaves them empty', async () => {
    const project = await createProject();
    expect(project).toMatchObject({
      status: 'PIPELINE',
      version: 1,
      budget: null,
      startsOn: null,
      endsOn: null,
      location: null,
      minerals: [],
      description: '',
    });
  });
});

describe('updateProject', () => {
  it('changes fields at the expected version, bumps the version and records the diff', async () => {
    const created = await createProject({ mineralCodes: [lithium.code], location: 'Ghent', startsOn: '2026-01-01' });
    // Dropping a country that has accepted needs ADMIN (or that country): see party-consent.test.ts.
    const response = await as(ADMIN, UPDATE, {
      projectId: created.id,
      expectedVersion: 1,
      name: 'Battery recycling plant, phase 2',
      budget: { amount: '42.10', currency: 'GBP' },
      endsOn: '2027-06-30',
      location: null,
      participants: [
        { countryCode: lead.code, role: 'LEAD' },
        { countryCode: funder.code, role: 'FUNDER' },
      ],
      mineralCodes: [cobalt.code],
    });
    const { project } = dataOf(response).updateProject;
    expect(project).toMatchObject({
      id: created.id,
      name: 'Battery recycling plant, phase 2',
      status: 'PIPELINE',
      version: 2,
      budget: { amount: '42.10', currency: 'GBP' },
      startsOn: '2026-01-01',
      endsOn: '2027-06-30',
      location: null,
      minerals: [{ code: cobalt.code }],
    });
    expect(project.participants).toHaveLength(2);
    expect(project.participants).toEqual(
      expect.arrayContaining([
        { role: 'LEAD', country: { code: lead.code } },
        { role: 'FUNDER', country: { code: funder.code } },
      ]),
    );

    const events = await auditOf(fromGlobalId('Project', created.id));
    expect(events.map((e: any) => [e.action, e.version])).toEqual([
      ['CREATED', 1],
      ['UPDATED', 2],
    ]);
    const update = events[1];
    expect(update).toMatchObject({
      actor_sub: ADMIN.sub,
      actor_role: 'ADMIN',
      actor_country: null,
      to_status: null,
      from_status: null,
    });
    // Countries before and after the change can both see it.
    expect(update.country_codes.sort()).toEqual([lead.code, partner.code, funder.code].sort());
    expect(update.changes).toEqual({
      name: { old: 'Battery recycling plant', new: 'Battery recycling plant, phase 2' },
      budgetAmount: { old: null, new: '42.10' },
      budgetCurrency: { old: null, new: 'GBP' },
      endsOn: { old: null, new: '2027-06-30' },
      location: { old: 'Ghent', new: null },
      participants: {
        old: [`${lead.code}:LEAD`, `${partner.code}:PARTNER`].sort(),
        new: [`${funder.code}:FUNDER`, `${lead.code}:LEAD`].sort(),
      },
      minerals: { old: [lithium.code], new: [cobalt.code] },
    });
  });

  it('answers a stale expectedVersion with CONFLICT and the current version, writing nothing', async () => {
    const created = await createProject();
    dataOf(await as(ADMIN, UPDATE, { projectId: created.id, expectedVersion: 1, description: 'first writer wins' }));
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, UPDATE, { projectId: created.id, expectedVersion: 1, name: 'second writer', idempotencyKey: 'stale-update' }),
      'CONFLICT',
    );
    expect(error.extensions).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(error.message).toMatch(/is at version 2, not 1/);
    expect(await snapshot()).toEqual(before);
    const { project } = dataOf(await api.graphql('query($id: ID!) { project(id: $id) { name description version } }', { id: created.id }));
    expect(project).toEqual({ name: 'Battery recycling plant', description: 'first writer wins', version: 2 });
  });

  it('with nothing that differs keeps the version and records nothing', async () => {
    const created = await createProject({ location: 'Lyon' });
    const before = await snapshot();
    const { project } = dataOf(
      await as(ADMIN, UPDATE, { projectId: created.id, expectedVersion: 1, name: created.name, location: 'Lyon' }),
    ).updateProject;
    expect(project.version).toBe(1);
    expect(await snapshot()).toEqual(before);
  });
});

describe('changeProjectStatus', () => {
  it('walks PIPELINE → IMPLEMENTATION → SUSPENDED → IMPLEMENTATION → FINALISATION → CLOSED, each step in the history', async () => {
    const created = await createProject();
    const steps: [string, string | null][] = [
      ['IMPLEMENTATION', null],
      ['SUSPENDED', 'Funding frozen pending review'],
      ['IMPLEMENTATION', 'Review passed'],
      ['FINALISATION', null],
      ['CLOSED', null],
    ];
    let from = 'PIPELINE';
    for (const [index, [status, note]] of steps.entries()) {
      const version = index + 1;
      const { changeProjectStatus } = dataOf(
        await as(partnerOf(lead.code), CHANGE_STATUS, { projectId: created.id, expectedVersion: version, status, note }),
      );
      expect(changeProjectStatus.project).toEqual({ status, version: version + 1 });
      expect(changeProjectStatus.statusChange).toEqual({
        fromStatus: from,
        toStatus: status,
        version: version + 1,
        note,
        effectiveOn: null,
        // The LEAD reports the project; see party-consent.test.ts for the others.
        actor: { sub: `partner-${lead.code}`, role: 'PARTNER', country: { code: lead.code } },
      });
      from = status;
    }
    const { project } = dataOf(await api.graphql(`query($id: ID!) { project(id: $id) { status version ${HISTORY} } }`, { id: created.id }));
    expect(project.status).toBe('CLOSED');
    expect(project.version).toBe(6);
    expect(project.statusHistory.totalCount).toBe(6);
    expect(project.statusHistory.edges.map((e: any) => [e.node.fromStatus, e.node.toStatus, e.node.version, e.node.note])).toEqual([
      [null, 'PIPELINE', 1, null],
      ['PIPELINE', 'IMPLEMENTATION', 2, null],
      ['IMPLEMENTATION', 'SUSPENDED', 3, 'Funding frozen pending review'],
      ['SUSPENDED', 'IMPLEMENTATION', 4, 'Review passed'],
      ['IMPLEMENTATION', 'FINALISATION', 5, null],
      ['FINALISATION', 'CLOSED', 6, null],
    ]);
    expect((await auditOf(fromGlobalId('Project', created.id))).map((e: any) => e.action)).toEqual([
      'CREATED',
      ...steps.map(() => 'STATUS_CHANGED'),
    ]);
  });

  it('refuses a move the workflow does not allow with INVALID_TRANSITION and the allowed targets, writing nothing', async () => {
    const created = await createProject();
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, CHANGE_STATUS, { projectId: created.id, expectedVersion: 1, status: 'CLOSED', idempotencyKey: 'invalid-move' }),
      'INVALID_TRANSITION',
    );
    expect(error.extensions).toMatchObject({ from: 'PIPELINE', to: 'CLOSED', allowedTargets: ['IMPLEMENTATION', 'CANCELLED'] });
    expect(await snapshot()).toEqual(before);
  });

  it('treats CLOSED and CANCELLED as final (no allowed targets)', async () => {
    const created = await createProject();
    dataOf(await as(ADMIN, CHANGE_STATUS, { projectId: created.id, expectedVersion: 1, status: 'CANCELLED', note: 'Partner withdrew' }));
    const error = refusal(
      await as(ADMIN, CHANGE_STATUS, { projectId: created.id, expectedVersion: 2, status: 'IMPLEMENTATION' }),
      'INVALID_TRANSITION',
    );
    expect(error.extensions).toMatchObject({ from: 'CANCELLED', allowedTargets: [] });
    expect(error.message).toMatch(/CANCELLED is final/);
  });

  it.each([
    ['CANCELLED', undefined],
    ['CANCELLED', '   '],
    ['SUSPENDED', undefined],
  ])('refuses %s without a note (note %j) with BAD_USER_INPUT, writing nothing', async (status, note) => {
    const created = await createProject();
    if (status === 'SUSPENDED')
      dataOf(await as(ADMIN, CHANGE_STATUS, { projectId: created.id, expectedVersion: 1, status: 'IMPLEMENTATION' }));
    const version = status === 'SUSPENDED' ? 2 : 1;
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, CHANGE_STATUS, {
        projectId: created.id,
        expectedVersion: version,
        status,
        note,
        idempotencyKey: `no-note-${status}-${note}`,
      }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe('input.note');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a stale expectedVersion with CONFLICT and an effectiveOn in the future with BAD_USER_INPUT', async () => {
    const created = await createProject();
    const before = await snapshot();
    const conflict = refusal(
      await as(ADMIN, CHANGE_STATUS, { projectId: created.id, expectedVersion: 7, status: 'IMPLEMENTATION' }),
      'CONFLICT',
    );
    expect(conflict.extensions).toMatchObject({ expectedVersion: 7, currentVersion: 1 });
    const future = refusal(
      await as(ADMIN, CHANGE_STATUS, { projectId: created.id, expectedVersion: 1, status: 'IMPLEMENTATION', effectiveOn: '2999-01-01' }),
      'BAD_USER_INPUT',
    );
    expect(future.extensions?.argument).toBe('input.effectiveOn');
    expect(await snapshot()).toEqual(before);
  });
});

describe('linkProjectToCommitment and unlinkProjectFromCommitment', () => {
  it('link and unlink show on both sides, bump the project version and write LINKED/UNLINKED events', async () => {
    const created = await createProject();
    const commitment = await factory.commitment({ title: 'Recycle batteries', partyIds: [lead.id] });
    const commitmentBefore = (await api.db.query('SELECT version, updated_at FROM commitments WHERE id = $1', [commitment.id]))[0];

    const linked = dataOf(
      await as(partnerOf(lead.code), LINK, { projectId: created.id, commitmentId: commitment.globalId, expectedVersion: 1 }),
    ).linkProjectToCommitment;
    expect(linked.project).toEqual({
      id: created.id,
      version: 2,
      commitments: { totalCount: 1, edges: [{ node: { id: commitment.globalId, title: 'Recycle batteries' } }] },
    });
    expect(linked.commitment).toEqual({
      id: commitment.globalId,
      projects: { totalCount: 1, edges: [{ node: { id: created.id, name: created.name } }] },
    });

    // Read back separately, from each side.
    const read = `query($c: ID!, $p: ID!) { commitment(id: $c) { version projects { totalCount edges { node { id } } } } project(id: $p) { version commitments { totalCount edges { node { id } } } } }`;
    let data = dataOf(await api.graphql(read, { c: commitment.globalId, p: created.id }));
    expect(data.commitment.projects).toEqual({ totalCount: 1, edges: [{ node: { id: created.id } }] });
    expect(data.project.commitments).toEqual({ totalCount: 1, edges: [{ node: { id: commitment.globalId } }] });
    expect(data.project.version).toBe(2);

    const unlinked = dataOf(
      await as(partnerOf(lead.code), UNLINK, { projectId: created.id, commitmentId: commitment.globalId, expectedVersion: 2 }),
    ).unlinkProjectFromCommitment;
    expect(unlinked.project).toEqual({ id: created.id, version: 3, commitments: { totalCount: 0, edges: [] } });
    expect(unlinked.commitment).toEqual({ id: commitment.globalId, projects: { totalCount: 0, edges: [] } });
    data = dataOf(await api.graphql(read, { c: commitment.globalId, p: created.id }));
    expect(data.commitment.projects.totalCount).toBe(0);
    expect(data.project.commitments.totalCount).toBe(0);

    // A link is a change of the project, not of the commitment.
    expect((await api.db.query('SELECT version, updated_at FROM commitments WHERE id = $1', [commitment.id]))[0]).toEqual(commitmentBefore);
    const events = await auditOf(fromGlobalId('Project', created.id));
    expect(events.map((e: any) => [e.action, e.version, e.to_status])).toEqual([
      ['CREATED', 1, 'PIPELINE'],
      ['LINKED', 2, null],
      ['UNLINKED', 3, null],
    ]);
    expect(events[1].changes).toEqual({ commitmentId: commitment.globalId });
    expect(events[2].changes).toEqual({ commitmentId: commitment.globalId });
    expect(events[1]).toMatchObject({ actor_role: 'PARTNER', actor_country: lead.code });
    // Links do not enter the status history.
    const { project } = dataOf(
      await api.graphql(`query($id: ID!) { project(id: $id) { statusHistory { totalCount } } }`, { id: created.id }),
    );
    expect(project.statusHistory.totalCount).toBe(1);
  });

  it('refuses linking twice with BAD_USER_INPUT, writing nothing', async () => {
    const created = await createProject();
    const commitment = await factory.commitment({ partyIds: [lead.id] });
    dataOf(await as(ADMIN, LINK, { projectId: created.id, commitmentId: commitment.globalId, expectedVersion: 1 }));
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, LINK, { projectId: created.id, commitmentId: commitment.globalId, expectedVersion: 2, idempotencyKey: 'link-twice' }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/already linked/);
    expect(error.extensions?.argument).toBe('input.commitmentId');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unlinking a commitment that is not linked with BAD_USER_INPUT, writing nothing', async () => {
    const created = await createProject();
    const commitment = await factory.commitment({ partyIds: [lead.id] });
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, UNLINK, {
        projectId: created.id,
        commitmentId: commitment.globalId,
        expectedVersion: 1,
        idempotencyKey: 'unlink-none',
      }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/not linked/);
    expect(error.extensions?.argument).toBe('input.commitmentId');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a stale project version with CONFLICT, writing nothing', async () => {
    const created = await createProject();
    const commitment = await factory.commitment({ partyIds: [lead.id] });
    dataOf(await as(ADMIN, UPDATE, { projectId: created.id, expectedVersion: 1, name: 'renamed' }));
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, LINK, { projectId: created.id, commitmentId: commitment.globalId, expectedVersion: 1 }),
      'CONFLICT',
    );
    expect(error.extensions).toMatchObject({ currentVersion: 2 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('invalid input writes nothing', () => {
  const participants = () => [{ countryCode: lead.code, role: 'LEAD' }];

  it.each([
    [
      'createProject with endsOn before startsOn',
      () => ({ name: 'P', kind: 'RESEARCH', participants: participants(), startsOn: '2026-05-02', endsOn: '2026-05-01' }),
      'input.endsOn',
    ],
    [
      'createProject with an unknown mineral',
      () => ({ name: 'P', kind: 'RESEARCH', participants: participants(), mineralCodes: [lithium.code, 'UNOBTAINIUM'] }),
      'input.mineralCodes',
    ],
    [
      'createProject with an unknown country',
      () => ({ name: 'P', kind: 'RESEARCH', participants: [...participants(), { countryCode: 'ZZ' }] }),
      'input.participants',
    ],
    [
      'createProject with a country listed twice',
      () => ({ name: 'P', kind: 'RESEARCH', participants: [...participants(), { countryCode: lead.code.toLowerCase() }] }),
      'input.participants',
    ],
  ])('%s is BAD_USER_INPUT naming the argument', async (_name, input, argument) => {
    const before = await snapshot();
    const error = refusal(await as(ADMIN, CREATE, { ...input(), idempotencyKey: `invalid-${argument}-${_name}` }), 'BAD_USER_INPUT');
    expect(error.extensions?.argument).toBe(argument);
    expect(await snapshot()).toEqual(before);
  });

  it('createProject with no participants is BAD_USER_INPUT', async () => {
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, CREATE, { name: 'P', kind: 'RESEARCH', participants: [], idempotencyKey: 'no-participants' }),
      'BAD_USER_INPUT',
    );
    expect(JSON.stringify(error.extensions)).toMatch(/participants must name at least one country/);
    expect(await snapshot()).toEqual(before);
  });

  it('the unknown mineral is named in the error', async () => {
    const error = refusal(
      await as(ADMIN, CREATE, { name: 'P', kind: 'RESEARCH', participants: participants(), mineralCodes: ['UNOBTAINIUM'] }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.unknown).toEqual(['UNOBTAINIUM']);
    expect(error.message).toMatch(/Unknown mineral code in input\.mineralCodes: UNOBTAINIUM/);
  });

  it.each([
    ['endsOn before the stored startsOn', { endsOn: '2025-12-31' }, 'input.endsOn'],
    ['an unknown mineral', { mineralCodes: ['UNOBTAINIUM'] }, 'input.mineralCodes'],
    ['an unknown participant', { participants: [{ countryCode: 'ZZ', role: 'LEAD' }] }, 'input.participants'],
  ])('updateProject with %s is BAD_USER_INPUT and leaves the project as it was', async (_name, change, argument) => {
    const created = await createProject({ startsOn: '2026-01-01', mineralCodes: [lithium.code] });
    const before = await snapshot();
    const error = refusal(
      await as(ADMIN, UPDATE, { projectId: created.id, expectedVersion: 1, name: 'should not stick', ...change }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.argument).toBe(argument);
    expect(await snapshot()).toEqual(before);
    const { project } = dataOf(await api.graphql(`query($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} } }`, { id: created.id }));
    const { statusHistory: _history, ...fields } = created;
    expect(project).toEqual(fields);
  });

  it('updateProject with an empty participant list is BAD_USER_INPUT', async () => {
    const created = await createProject();
    const before = await snapshot();
    refusal(await as(ADMIN, UPDATE, { projectId: created.id, expectedVersion: 1, participants: [] }), 'BAD_USER_INPUT');
    expect(await snapshot()).toEqual(before);
  });
});
