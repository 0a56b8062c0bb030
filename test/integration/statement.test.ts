import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { toGlobalId } from '../../src/shared/global-id';
import { Factory } from '../helpers/factories';
import { countsOf, mutateAs, refusal, snapshotOf } from '../helpers/mutations';
import { authHeader, dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();
let factory: Factory;
beforeAll(async () => {
  factory = new Factory(api.db);
});

const ADD = `mutation($input: AddStatementInput!) { addStatement(input: $input) { clientMutationId statement {
  id speakerName speakerTitle kind text channel version
  speakerCountry { code } saidOn { value latest precision approximate edtf }
  source { source { title } excerpt } meeting { title } commitments { title } alliances { code }
} } }`;

const ADMIN: TokenClaims = { sub: 'statement-admin', role: Role.ADMIN };
const partnerOf = (country: string): TokenClaims => ({ sub: `statement-partner-${country}`, role: Role.PARTNER, country });
const WRITES = countsOf('statements', 'statement_commitments', 'statement_alliances', 'audit_events', 'idempotency_keys');

/** Ids of seeded records a statement can refer to. */
async function seeded() {
  const data = dataOf(
    await api.graphql(`{ meetings(filter: { kinds: [MINISTERIAL] }) { edges { node { id title } } }
      commitments(filter: { search: "Pax Silica" }) { edges { node { id title } } }
      refiningShareEstimates { source { id title } } }`),
  );
  return {
    meeting: data.meetings.edges[0].node,
    commitment: data.commitments.edges[0].node,
    source: data.refiningShareEstimates[0].source,
  };
}

describe('addStatement', () => {
  it('records a statement with its speaker, date at its precision, source and links, and enters it in the audit trail', async () => {
    const { meeting, commitment, source } = await seeded();
    const response = await mutateAs(api, ADMIN, ADD, {
      speakerName: 'A. Speaker',
      speakerTitle: 'Minister of Mines',
      speakerCountryCode: 'in',
      kind: 'REPORTED',
      text: 'said that more would follow',
      channel: 'PRESS_STATEMENT',
      saidOn: { value: '2026-02-10', precision: 'MONTH', approximate: true },
      sourceId: source.id,
      excerpt: 'an excerpt of that report',
      meetingId: meeting.id,
      commitmentIds: [commitment.id, commitment.id],
      allianceCodes: ['pax_silica', 'G7'],
      clientMutationId: 'add-1',
    });
    const { addStatement } = dataOf(response);
    expect(addStatement).toMatchObject({
      clientMutationId: 'add-1',
      statement: {
        speakerName: 'A. Speaker',
        speakerTitle: 'Minister of Mines',
        kind: 'REPORTED',
        channel: 'PRESS_STATEMENT',
        version: 1,
        speakerCountry: { code: 'IN' },
        saidOn: { value: '2026-02-01', latest: '2026-02-28', precision: 'MONTH', approximate: true, edtf: '2026-02~' },
        source: { source: { title: source.title }, excerpt: 'an excerpt of that report' },
        meeting: { title: meeting.title },
        commitments: [{ title: commitment.title }],
        alliances: [{ code: 'G7' }, { code: 'PAX_SILICA' }],
      },
    });
    const id = addStatement.statement.id;
    const trail = dataOf(
      await api.graphql(
        'query($id: ID!) { auditTrail(filter: { subjectGlobalId: $id }) { edges { node { subjectType action countryCodes version } } } }',
        { id },
        await authHeader(ADMIN),
      ),
    );
    expect(trail.auditTrail.edges).toEqual([{ node: { subjectType: 'STATEMENT', action: 'CREATED', countryCodes: ['IN'], version: 1 } }]);
    const { node } = dataOf(await api.graphql('query($id: ID!) { node(id: $id) { ... on Statement { text } } }', { id }));
    expect(node).toEqual({ text: 'said that more would follow' });
  });

  it('lets a PARTNER record what a speaker of its own country said, and no one else', async () => {
    const country = await factory.country();
    const input = { speakerName: 'Own minister', speakerCountryCode: country.code, kind: 'QUOTE', text: 'Our words', channel: 'REMARKS' };
    const accepted = dataOf(await mutateAs(api, partnerOf(country.code), ADD, input));
    expect(accepted.addStatement.statement).toMatchObject({ speakerCountry: { code: country.code }, saidOn: null, source: null });

    const before = await snapshotOf(api.db, WRITES);
    const other = refusal(await mutateAs(api, partnerOf('DE'), ADD, input), 'FORBIDDEN');
    expect(other.message).toMatch(/may not add statements/);
    refusal(await mutateAs(api, { sub: 'statement-auditor', role: Role.AUDITOR }, ADD, input), 'FORBIDDEN');
    refusal(await api.graphql(ADD, { input }), 'UNAUTHENTICATED');
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
  });

  it('gives the first result again for a repeated idempotency key, writing once', async () => {
    const input = {
      speakerName: 'Once',
      speakerCountryCode: 'US',
      kind: 'QUOTE',
      text: 'Only once',
      channel: 'POST_ON_X',
      idempotencyKey: 'statement-once',
    };
    const first = dataOf(await mutateAs(api, ADMIN, ADD, input));
    const before = await snapshotOf(api.db, WRITES);
    const again = dataOf(await mutateAs(api, ADMIN, ADD, input));
    expect(again.addStatement.statement.id).toBe(first.addStatement.statement.id);
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
    refusal(await mutateAs(api, ADMIN, ADD, { ...input, text: 'Something else' }), 'IDEMPOTENCY_KEY_REUSED');
  });

  it.each([
    ['an unknown speaker country', { speakerCountryCode: 'ZZ' }, 'input.speakerCountryCode'],
    ['a blank text', { text: '   ' }, 'input.text'],
    ['a text over 5000 characters', { text: 'x'.repeat(5001) }, 'input.text'],
    ['an excerpt without a source', { excerpt: 'words of nothing' }, 'input.excerpt'],
    ['a meeting ID of another type', { meetingId: toGlobalId('Country', '00000000-0000-4000-8000-000000000000') }, 'input.meetingId'],
    [
      'a commitment that does not exist',
      { commitmentIds: [toGlobalId('Commitment', '00000000-0000-4000-8000-000000000000')] },
      'input.commitmentIds[0]',
    ],
    ['an unknown alliance', { allianceCodes: ['NOPE'] }, 'input.allianceCodes'],
    ['more than 100 commitments', { commitmentIds: Array.from({ length: 101 }, (_, i) => `id-${i}`) }, 'input.commitmentIds'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, change, argument) => {
    const before = await snapshotOf(api.db, WRITES);
    const input = { speakerName: 'Refused', speakerCountryCode: 'US', kind: 'QUOTE', text: 'Refused words', channel: 'REMARKS', ...change };
    const error = refusal(await mutateAs(api, ADMIN, ADD, input), 'BAD_USER_INPUT');
    expect(error.extensions?.argument ?? error.message).toContain(argument);
    expect(await snapshotOf(api.db, WRITES)).toEqual(before);
  });
});
