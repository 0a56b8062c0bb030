import { fromGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { createOrganisation, createReportedProject, CREATE_ORGANISATION, FUNDING_ADMIN, partnerOf } from '../helpers/funding';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;
let home: { code: string; id: string };
let other: { code: string; id: string };
beforeAll(async () => {
  factory = new Factory(api.db);
  home = await factory.country();
  other = await factory.country();
});

const SET = `mutation($input: SetProjectOrganisationsInput!) { setProjectOrganisations(input: $input) { clientMutationId project {
  id version reportingOrganisationBasis reportingOrganisation { iatiIdentifier }
  organisations { role consent organisation { iatiIdentifier country { code } } }
} } }`;
const RESPOND = `mutation($input: RespondToOrganisationInvitationInput!) { respondToOrganisationInvitation(input: $input) {
  consent project { version organisations { role consent organisation { iatiIdentifier } } }
} }`;
const WRITES = () =>
  snapshotOf(api.db, {
    ...countsOf('organisations', 'project_organisations', 'audit_events'),
    versions: 'SELECT coalesce(sum(version), 0) FROM projects',
    reporting: "SELECT string_agg(coalesce(reporting_organisation_id::text, '-'), ',' ORDER BY id) FROM projects",
  });

describe('organisations', () => {
  it('gives a new project its government as reporting organisation, inferred, and an identifier that starts with it', async () => {
    const project = await createReportedProject(api, [home.code]);
    expect(project.reportingOrganisationBasis).toBe('INFERRED');
    expect(project.reportingOrganisation).toMatchObject({
      iatiIdentifier: `ZZ-CMC-GOV-${home.code}`,
      name: `Government of Testland ${home.code}`,
      organisationType: 'GOVERNMENT',
      basis: 'INFERRED',
      country: { code: home.code },
    });
    expect(project.reportingOrganisation.note).toMatch(/No source names the organisation/);
    expect(project.iatiIdentifier).toMatch(new RegExp(`^ZZ-CMC-GOV-${home.code}-[0-9a-f-]{36}$`));
  });

  it('records an organisation, finds it by filter and as a node, and refuses a second with the same identifier', async () => {
    const created = dataOf(
      await mutateAs(api, partnerOf(home.code), CREATE_ORGANISATION, {
        iatiIdentifier: `${home.code}-COH-12345`,
        name: 'Home Development Bank',
        organisationType: 'OTHER_PUBLIC_SECTOR',
        countryCode: home.code.toLowerCase(),
        clientMutationId: 'org-1',
      }),
    ).createOrganisation.organisation;
    expect(created).toMatchObject({ iatiIdentifier: `${home.code}-COH-12345`, basis: 'STATED', country: { code: home.code } });
    const found = dataOf(
      await api.graphql(
        `query($id: ID!, $codes: [String!]) { node(id: $id) { ... on Organisation { name } }
          organisations(filter: { countryCodes: $codes, organisationTypes: [OTHER_PUBLIC_SECTOR], nameContains: "development" }) { totalCount edges { node { iatiIdentifier } } } }`,
        { id: created.id, codes: [home.code] },
      ),
    );
    expect(found.node).toEqual({ name: 'Home Development Bank' });
    expect(found.organisations).toEqual({ totalCount: 1, edges: [{ node: { iatiIdentifier: `${home.code}-COH-12345` } }] });
    const before = await WRITES();
    const again = await mutateAs(api, FUNDING_ADMIN, CREATE_ORGANISATION, {
      iatiIdentifier: `${home.code}-COH-12345`,
      name: 'Duplicate',
      organisationType: 'OTHER',
      countryCode: home.code,
    });
    expect(refusal(again, 'BAD_USER_INPUT').message).toMatch(/already recorded/);
    expect(await WRITES()).toEqual(before);
  });

  it.each([
    ['an identifier with a space', { iatiIdentifier: 'GB GOV 1' }, 'BAD_USER_INPUT'],
    ['an identifier without an agency prefix', { iatiIdentifier: '41114' }, 'BAD_USER_INPUT'],
    ['an identifier over 100 characters', { iatiIdentifier: `GB-${'X'.repeat(100)}` }, 'BAD_USER_INPUT'],
    ['a blank name', { name: '   ' }, 'BAD_USER_INPUT'],
    ['an unknown country', { countryCode: 'QQ' }, 'BAD_USER_INPUT'],
  ])('refuses %s and writes nothing', async (_, change, code) => {
    const before = await WRITES();
    const input = { iatiIdentifier: 'XM-DAC-99999', name: 'Bank', organisationType: 'MULTILATERAL', countryCode: null, ...change };
    refusal(await mutateAs(api, FUNDING_ADMIN, CREATE_ORGANISATION, input), code);
    expect(await WRITES()).toEqual(before);
  });

  it("lets a PARTNER record its own country's organisations only", async () => {
    const input = { iatiIdentifier: `${other.code}-X-1`, name: 'Other agency', organisationType: 'GOVERNMENT', countryCode: other.code };
    refusal(await mutateAs(api, partnerOf(home.code), CREATE_ORGANISATION, input), 'FORBIDDEN');
    refusal(await mutateAs(api, partnerOf(home.code), CREATE_ORGANISATION, { ...input, countryCode: null }), 'FORBIDDEN');
  });

  it("invites another country's organisation until that country accepts, and keeps one reporting organisation", async () => {
    const project = await createReportedProject(api, [home.code]);
    const own = await createOrganisation(api, `${home.code}-OWN-1`, home.code, 'GOVERNMENT');
    const foreign = await createOrganisation(api, `${other.code}-BANK-1`, other.code, 'PRIVATE_SECTOR');
    const multilateral = await createOrganisation(api, `XM-DAC-${home.code}1`, null);
    const organisations = [
      { organisationId: own.id, role: 'ACCOUNTABLE' },
      { organisationId: foreign.id, role: 'FUNDING' },
      { organisationId: multilateral.id, role: 'FUNDING' },
    ];
    const set = dataOf(
      await mutateAs(api, partnerOf(home.code), SET, {
        projectId: project.id,
        expectedVersion: 1,
        organisations,
        reportingOrganisationId: own.id,
        clientMutationId: 'set-1',
      }),
    ).setProjectOrganisations;
    expect(set.clientMutationId).toBe('set-1');
    expect(set.project).toMatchObject({
      version: 2,
      reportingOrganisationBasis: 'STATED',
      reportingOrganisation: { iatiIdentifier: own.iatiIdentifier },
    });
    expect(set.project.organisations.map((o: any) => [o.organisation.iatiIdentifier, o.role, o.consent])).toEqual([
      [own.iatiIdentifier, 'ACCOUNTABLE', 'ACCEPTED'],
      [foreign.iatiIdentifier, 'FUNDING', 'INVITED'],
      [multilateral.iatiIdentifier, 'FUNDING', 'ACCEPTED'],
    ]);
    // Another country's organisation cannot report: that would bind it without its answer.
    const before = await WRITES();
    const reporting = await mutateAs(api, partnerOf(home.code), SET, {
      projectId: project.id,
      expectedVersion: 2,
      organisations,
      reportingOrganisationId: foreign.id,
    });
    expect(refusal(reporting, 'BAD_USER_INPUT').message).toMatch(/cannot report the project/);
    expect(await WRITES()).toEqual(before);
    // Only the invited organisation's country answers.
    refusal(
      await mutateAs(api, partnerOf(home.code), RESPOND, { projectId: project.id, organisationId: foreign.id, accept: true }),
      'FORBIDDEN',
    );
    const answered = dataOf(
      await mutateAs(api, partnerOf(other.code), RESPOND, {
        projectId: project.id,
        organisationId: foreign.id,
        accept: true,
        note: 'agreed',
      }),
    ).respondToOrganisationInvitation;
    expect(answered.consent).toBe('ACCEPTED');
    expect(answered.project.version).toBe(3);
    expect(answered.project.organisations.every((o: any) => o.consent === 'ACCEPTED')).toBe(true);
    refusal(
      await mutateAs(api, partnerOf(other.code), RESPOND, { projectId: project.id, organisationId: foreign.id, accept: true }),
      'INVALID_TRANSITION',
    );
    const events = await api.db.query(
      `SELECT action, changes, state->'organisations' AS organisations, state->>'reporting_organisation_id' AS reporting
       FROM audit_events WHERE subject_id = $1 ORDER BY sequence`,
      [fromGlobalId('Project', project.id)],
    );
    expect(events.map((e: any) => e.action)).toEqual(['CREATED', 'UPDATED', 'UPDATED']);
    expect(events[1].changes.invited).toEqual([foreign.iatiIdentifier]);
    expect(events[2].changes.organisationConsent).toEqual({ [foreign.iatiIdentifier]: { old: 'INVITED', new: 'ACCEPTED' } });
    expect(events[2].organisations).toHaveLength(3);
  });

  it('refuses a caller who does not report the project, and a stale version, writing nothing', async () => {
    const project = await createReportedProject(api, [home.code, other.code]);
    const before = await WRITES();
    const input = { projectId: project.id, expectedVersion: 1, organisations: [] };
    const forbidden = await mutateAs(api, partnerOf(other.code), SET, {
      ...input,
      organisations: [],
      reportingOrganisationId: project.reportingOrganisation.id,
    });
    expect(refusal(forbidden, 'FORBIDDEN').message).toMatch(/reporting participant/);
    const own = await createOrganisation(api, `${home.code}-STALE-1`, home.code);
    const afterCreate = await WRITES();
    refusal(
      await mutateAs(api, FUNDING_ADMIN, SET, {
        ...input,
        expectedVersion: 7,
        organisations: [{ organisationId: own.id, role: 'FUNDING' }],
      }),
      'CONFLICT',
    );
    expect(await WRITES()).toEqual(afterCreate);
    expect(afterCreate.project_organisations).toEqual(before.project_organisations);
    const headers = await authHeader(FUNDING_ADMIN);
    expect(dataOf(await api.graphql('{ verifyAuditTrail { ok } }', {}, headers)).verifyAuditTrail.ok).toBe(true);
  });
});
