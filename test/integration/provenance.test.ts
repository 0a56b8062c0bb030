import { readFileSync } from 'node:fs';
import { SOURCES } from '../../src/seed/published-sources.data';
import { QUOTE_PARTS } from '../../src/seed/statements.data';
import { dataOf, useTestApi } from '../helpers/test-api';

/**
 * Every seeded fact is traceable to the words that support it: each excerpt occurs verbatim
 * in the stored text of its source, and every value no source states is listed here, with
 * the reasoning the data gives for it.
 */

const api = useTestApi();

const TEXTS: Record<string, string> = Object.fromEntries(
  Object.values(SOURCES).map((source) => [source.title, readFileSync(source.text, 'utf8')]),
);

/** Every excerpt the seed stored, with the title of the source it is taken from. */
const EXCERPTS = `
  SELECT 'sources' AS "table", s.title, s.excerpt FROM sources s
  UNION ALL SELECT 'refining_share_estimates', s.title, r.statement FROM refining_share_estimates r JOIN sources s ON s.id = r.source_id
  UNION ALL SELECT 'statements', s.title, x.excerpt FROM statements x JOIN sources s ON s.id = x.source_id
  UNION ALL SELECT 'field_provenance', s.title, x.excerpt FROM field_provenance x JOIN sources s ON s.id = x.source_id
  ${[
    'commitment_sources',
    'meeting_sources',
    'membership_sources',
    'alliance_sources',
    'mineral_sources',
    'development_sources',
    'meeting_topic_sources',
  ]
    .map((table) => `UNION ALL SELECT '${table}', s.title, x.excerpt FROM ${table} x JOIN sources s ON s.id = x.source_id`)
    .join('\n  ')}`;

describe('seeded excerpts', () => {
  it('occur verbatim in the stored text of their source, every one of them', async () => {
    const rows: { table: string; title: string; excerpt: string | null }[] = await api.db.query(EXCERPTS);
    expect(rows.length).toBeGreaterThan(100);
    const notFound = rows.filter((row) => row.excerpt === null || !TEXTS[row.title]?.includes(row.excerpt));
    expect(notFound).toEqual([]);
    // Every kind of citation is there, so none escapes the check by being empty.
    expect(new Set(rows.map((row) => row.table)).size).toBe(11);
  });

  it('hold the words of each statement, and descriptions, summaries and topics are words of the sources they cite', async () => {
    const statements: { text: string; excerpt: string }[] = await api.db.query('SELECT text, excerpt FROM statements');
    expect(statements).toHaveLength(8);
    for (const { text, excerpt } of statements) for (const part of text.split(QUOTE_PARTS)) expect(excerpt).toContain(part);

    const described: { text: string; titles: string[] }[] = await api.db.query(`
      SELECT c.description AS text, array_agg(s.title) AS titles FROM commitments c JOIN commitment_sources x ON x.commitment_id = c.id JOIN sources s ON s.id = x.source_id GROUP BY c.id
      UNION ALL SELECT m.summary, array_agg(s.title) FROM meetings m JOIN meeting_sources x ON x.meeting_id = m.id JOIN sources s ON s.id = x.source_id GROUP BY m.id
      UNION ALL SELECT a.description, array_agg(s.title) FROM alliances a JOIN alliance_sources x ON x.alliance_id = a.id JOIN sources s ON s.id = x.source_id GROUP BY a.id
      UNION ALL SELECT d.description, array_agg(s.title) FROM developments d JOIN development_sources x ON x.development_id = d.id JOIN sources s ON s.id = x.source_id GROUP BY d.id
      UNION ALL SELECT t.name, array_agg(s.title) FROM meeting_topics t JOIN meeting_topic_sources x ON x.topic_id = t.id JOIN sources s ON s.id = x.source_id GROUP BY t.id`);
    expect(described).toHaveLength(3 + 2 + 2 + 3 + 5);
    const unsupported = described.filter(({ text, titles }) => !titles.some((title) => TEXTS[title].includes(text)));
    expect(unsupported).toEqual([]);
  });
});

/** Each inferred value, named by its record, with the note that gives the reasoning. */
const INFERRED = `
  SELECT coalesce(c.title, m.title, a.code || ' membership of ' || k.code, st.speaker_name || ': ' || left(st.text, 40)) AS record,
    fp.field, fp.value, fp.note
  FROM field_provenance fp
  LEFT JOIN commitments c ON c.id = fp.subject_id
  LEFT JOIN meetings m ON m.id = fp.subject_id
  LEFT JOIN alliance_memberships am ON am.id = fp.subject_id LEFT JOIN alliances a ON a.id = am.alliance_id LEFT JOIN countries k ON k.id = am.country_id
  LEFT JOIN statements st ON st.id = fp.subject_id
  WHERE fp.basis = 'INFERRED' ORDER BY fp.subject_type, record, fp.position`;

describe('inferred values', () => {
  it('are every value no source states, each with its reasoning', async () => {
    expect(await api.db.query(INFERRED)).toEqual(INFERRED_VALUES);
  });
});

/**
 * Every value the seed holds that no source states, as [record, field, value, the reasoning].
 * A new inference must be added here, where a reviewer sees it.
 */
const INFERRED_VALUES = [
  [
    'G7 action plan to secure critical-mineral supply chains',
    'status',
    'ANNOUNCED',
    'The leaders "had agreed on an action plan": made public, so ANNOUNCED; the "perceived lack of urgency" since gives no sign that it is being carried out.',
  ],
  [
    'G7 action plan to secure critical-mineral supply chains',
    'instrument',
    'JOINT_DECLARATION',
    'An action plan agreed by the G7 leaders at their summit is taken to be a joint declaration; no report names the document.',
  ],
  [
    'India–Germany MoU on critical minerals, semiconductors and renewables',
    'status',
    'IN_PROGRESS',
    '"Signed": the MoU was concluded, so it is past ANNOUNCED; no report says the cooperation it provides for was completed, so it is IN_PROGRESS (being carried out), not DELIVERED.',
  ],
  [
    'Invite India to join Pax Silica as a full member',
    'targetOn',
    '2026-02-28',
    '"Next month" in an announcement of 12 January 2026 is February 2026; no report states a deadline. Stored as the last day of that month (the end of the window the words give); scorecards count it only with includeInferredDeadlines.',
  ],
  [
    'Invite India to join Pax Silica as a full member',
    'parties.US.role',
    'LEAD',
    'The invitation is announced by the US Ambassador-designate, and PaxSilica is "US-led": the US is taken to be the one that invites.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'startsOn',
    '2025-06-01',
    '"Last summer" in a report of January 2026 is summer 2025 (EDTF 2025-22); startsOn is the first day of that season. That "last summer’s leaders’ summit" is the "previous summit in Canada" of the other report is also an inference: in both, it is the summit since which Bessent wanted faster G7 action.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'hostCountry',
    'CA',
    'The summit was "in Canada"; the country a G7 summit is held in is taken to host it.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.CA.role',
    'HOST',
    'The summit was "in Canada"; the country a G7 summit is held in is taken to host it.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.FR.role',
    'MEMBER',
    'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.DE.role',
    'MEMBER',
    'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.IT.role',
    'MEMBER',
    'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.JP.role',
    'MEMBER',
    'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.GB.role',
    'MEMBER',
    'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
  ],
  [
    "G7 Leaders' Summit in Canada",
    'participants.US.role',
    'MEMBER',
    'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
  ],
  [
    'Ministerial meeting on critical minerals supply chains, Washington',
    'participants.KR.role',
    'INVITED_PARTNER',
    'The report names South Korea and Mexico among the "key allies" that convened with the G7 nations, not as invited; neither is a G7 member, so they are taken to have taken part as invited partners, as India and Australia did ("invited as key partners").',
  ],
  [
    'Ministerial meeting on critical minerals supply chains, Washington',
    'participants.MX.role',
    'INVITED_PARTNER',
    'The report names South Korea and Mexico among the "key allies" that convened with the G7 nations, not as invited; neither is a G7 member, so they are taken to have taken part as invited partners, as India and Australia did ("invited as key partners").',
  ],
  [
    'PAX_SILICA membership of US',
    'status',
    'MEMBER',
    'The report calls PaxSilica "US-led"; a country that leads an alliance is taken to be its member. No report says when the US joined.',
  ],
  [
    'Ashwini Vaishnaw: There were discussions around funding ne',
    'channel',
    'REMARKS',
    'The report gives these as what Vaishnaw "said" following the meeting, without naming the channel; taken as spoken remarks.',
  ],
  [
    'Ashwini Vaishnaw: When the manufacturing sector is growing',
    'channel',
    'REMARKS',
    'The report gives these as what Vaishnaw "said" following the meeting, without naming the channel; taken as spoken remarks.',
  ],
].map(([record, field, value, note]) => ({ record, field, value, note }));

describe('a basis for every value that matters', () => {
  it('is recorded for every status, role, date, delegate and channel the seed holds', async () => {
    const missing = await api.db.query(`
      WITH needed AS (
        SELECT 'COMMITMENT' AS type, c.id, f.field FROM commitments c, unnest(ARRAY['status', 'instrument']) f(field)
        UNION ALL SELECT 'COMMITMENT', c.id, 'announcedOn' FROM commitments c WHERE c.announced_on IS NOT NULL
        UNION ALL SELECT 'COMMITMENT', c.id, 'targetOn' FROM commitments c WHERE c.target_on IS NOT NULL
        UNION ALL SELECT 'COMMITMENT', p.commitment_id, 'parties.' || k.code || '.role' FROM commitment_parties p JOIN countries k ON k.id = p.country_id
        UNION ALL SELECT 'MEETING', m.id, f.field FROM meetings m, unnest(ARRAY['kind', 'hostCountry']) f(field)
        UNION ALL SELECT 'MEETING', m.id, 'startsOn' FROM meetings m WHERE m.starts_on IS NOT NULL
        UNION ALL SELECT 'MEETING', m.id, 'city' FROM meetings m WHERE m.city IS NOT NULL
        UNION ALL SELECT 'MEETING', p.meeting_id, 'participants.' || k.code || '.' || f.field
          FROM meeting_participants p JOIN countries k ON k.id = p.country_id,
          unnest(ARRAY['role', CASE WHEN p.delegate_name IS NOT NULL THEN 'delegateName' END,
            CASE WHEN p.delegate_title IS NOT NULL THEN 'delegateTitle' END, CASE WHEN p.arrived_on IS NOT NULL THEN 'arrivedOn' END]) f(field)
          WHERE f.field IS NOT NULL
        UNION ALL SELECT 'MEMBERSHIP', m.id, 'status' FROM alliance_memberships m
        UNION ALL SELECT 'STATEMENT', s.id, 'speakerTitle' FROM statements s WHERE s.speaker_title IS NOT NULL
        UNION ALL SELECT 'STATEMENT', s.id, 'channel' FROM statements s WHERE s.channel <> 'NOT_STATED'
        UNION ALL SELECT 'STATEMENT', s.id, 'saidOn' FROM statements s WHERE s.said_on IS NOT NULL
      )
      SELECT n.* FROM needed n WHERE NOT EXISTS (
        SELECT 1 FROM field_provenance fp WHERE fp.subject_type = n.type AND fp.subject_id = n.id AND fp.field = n.field)`);
    expect(missing).toEqual([]);
    const [{ uncited }] = await api.db.query(`SELECT
      (SELECT count(*) FROM minerals WHERE id NOT IN (SELECT mineral_id FROM mineral_sources))
      + (SELECT count(*) FROM developments WHERE id NOT IN (SELECT development_id FROM development_sources))
      + (SELECT count(*) FROM statements WHERE excerpt IS NULL) AS uncited`);
    expect(Number(uncited)).toBe(0);
  });
});

const MEETING_DATES = `{ meetings { edges { node { title startsOn endsOn
  startsOnAsGiven { value latest precision approximate edtf }
  provenance { field value basis excerpt note source { title } }
  participants { role delegateName delegateTitle arrivedOn country { code } }
  topics { name sources { source { title } excerpt } }
  commitments { totalCount }
  sources { source { title publisher } excerpt } } } } }`;

async function meetingsByTitle(): Promise<Record<string, any>> {
  const { meetings } = dataOf(await api.graphql(MEETING_DATES));
  return Object.fromEntries(meetings.edges.map((e: any) => [e.node.title, e.node]));
}

const WASHINGTON = 'Ministerial meeting on critical minerals supply chains, Washington';
const CANADA_SUMMIT = "G7 Leaders' Summit in Canada";
const QUICK_DIGEST = 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China';

describe('dates with their precision', () => {
  it('show the Washington meeting as around 12 January 2026, as one report gives it', async () => {
    const washington = (await meetingsByTitle())[WASHINGTON];
    expect(washington.startsOn).toBe('2026-01-12');
    expect(washington.endsOn).toBeNull();
    expect(washington.startsOnAsGiven).toEqual({
      value: '2026-01-12',
      latest: '2026-01-12',
      precision: 'DAY',
      approximate: true,
      edtf: '2026-01-12~',
    });
    expect(washington.provenance.find((p: any) => p.field === 'startsOn')).toEqual({
      field: 'startsOn',
      value: '2026-01-12',
      basis: 'STATED',
      excerpt: 'a high-level ministerial meeting in Washington around January 12, 2026',
      note: null,
      source: { title: QUICK_DIGEST },
    });
    const india = washington.participants.find((p: any) => p.country.code === 'IN');
    expect(india).toMatchObject({ delegateName: 'Ashwini Vaishnaw', arrivedOn: '2026-01-11' });
    const eu = washington.participants.find((p: any) => p.country.code === 'EU');
    expect(eu).toMatchObject({ role: 'MEMBER', delegateTitle: null });
  });

  it('show the summit in Canada as summer 2025, an inference from "last summer"', async () => {
    const summit = (await meetingsByTitle())[CANADA_SUMMIT];
    expect(summit.startsOnAsGiven).toEqual({
      value: '2025-06-01',
      latest: '2025-08-31',
      precision: 'SEASON',
      approximate: false,
      edtf: '2025-22',
    });
    expect(summit.provenance.find((p: any) => p.field === 'startsOn')).toMatchObject({
      basis: 'INFERRED',
      excerpt: 'since last summer’s leaders’ summit',
      note: expect.stringContaining('summer 2025'),
    });
    expect(summit.sources.map((c: any) => c.source.title)).toHaveLength(2);
  });

  it('give the Pax Silica invitation "next month" as February 2026, a deadline no report states', async () => {
    const { commitments } = dataOf(
      await api.graphql(`{ commitments(filter: { search: "Pax Silica" }) { edges { node { title status targetOn announcedOn
        targetOnAsGiven { value latest precision approximate edtf }
        provenance { field value basis excerpt note }
        sources { source { title } excerpt }
        statements { speakerName text } } } } }`),
    );
    const [invitation] = commitments.edges.map((e: any) => e.node);
    expect(invitation).toMatchObject({
      title: 'Invite India to join Pax Silica as a full member',
      status: 'ANNOUNCED',
      targetOn: '2026-02-28',
    });
    expect(invitation.targetOnAsGiven).toEqual({
      value: '2026-02-01',
      latest: '2026-02-28',
      precision: 'MONTH',
      approximate: false,
      edtf: '2026-02',
    });
    expect(invitation.provenance.find((p: any) => p.field === 'targetOn')).toMatchObject({
      basis: 'INFERRED',
      excerpt: 'as a full member next month',
    });
    expect(invitation.provenance.find((p: any) => p.field === 'status')).toMatchObject({ basis: 'STATED', value: 'ANNOUNCED' });
    // Both reports cover it.
    expect(invitation.sources.map((c: any) => c.source.title).sort()).toEqual([SOURCES.ministerialReport.title, QUICK_DIGEST].sort());
    expect(invitation.statements).toEqual([
      {
        speakerName: 'Sergio Gor',
        text: 'I am pleased to announce that India will be invited to join PaxSilica as a full member next month',
      },
    ]);
  });
});

describe('scorecards', () => {
  const SCORECARD = `query($inferred: Boolean) { IN: country(code: "IN") { ...card } US: country(code: "US") { ...card } }
    fragment card on Country { scorecard(includeInferredDeadlines: $inferred) { overdueCount complianceScore scoredCommitments
      countsByStatus { status count } } }`;

  it('do not count the inferred Pax Silica deadline: India does not start at −1', async () => {
    const { IN, US } = dataOf(await api.graphql(SCORECARD, {}));
    // India: the MoU it signed with Germany (IN_PROGRESS, 0); the invitation is not yet scorable.
    expect(IN.scorecard).toMatchObject({ overdueCount: 0, complianceScore: 0, scoredCommitments: 1 });
    expect(US.scorecard).toMatchObject({ overdueCount: 0, complianceScore: null, scoredCommitments: 0 });
  });

  it('count it when asked to, as overdue after the last day of February 2026', async () => {
    const { IN } = dataOf(await api.graphql(SCORECARD, { inferred: true }));
    const today = new Date().toISOString().slice(0, 10);
    const overdue = today > '2026-02-28' ? 1 : 0;
    expect(IN.scorecard).toMatchObject({ overdueCount: overdue, scoredCommitments: 1 + overdue, complianceScore: overdue ? -0.5 : 0 });
  });

  it('count no meeting topic: the Washington meeting has topics and no commitments', async () => {
    const washington = (await meetingsByTitle())[WASHINGTON];
    expect(washington.commitments.totalCount).toBe(0);
    expect(washington.topics.map((t: any) => t.name)).toEqual([
      'funding for new projects',
      'technology sharing',
      'refining and processing technologies',
      'recycling',
      'agreements on sharing research and best practices',
    ]);
    expect(washington.topics[0].sources).toContainEqual({
      source: { title: QUICK_DIGEST },
      excerpt: 'Discussions at the meeting focused on a range of measures, including funding for new projects',
    });
  });
});

/** The four direct quotes of the reports, copied here from the texts by hand. */
const QUOTES = [
  {
    speakerName: 'Ashwini Vaishnaw',
    channel: 'REMARKS',
    text: 'When the manufacturing sector is growing rapidly, especially electronics manufacturing, it’s very important for all countries, including India, to have a resilient supply chain of critical minerals',
  },
  {
    speakerName: 'Ashwini Vaishnaw',
    channel: 'REMARKS',
    text: 'There were discussions around funding new projects, technology sharing between different countries, and very important discussions on recycling, which is a good way of harnessing minerals from waste products',
  },
  {
    speakerName: 'Scott Bessent',
    channel: 'POST_ON_X',
    text: 'I was pleased to hear a strong, shared desire to quickly address key vulnerabilities in critical minerals supply chains … prudent derisking over decoupling',
  },
  {
    speakerName: 'Sergio Gor',
    channel: 'ANNOUNCEMENT',
    text: 'I am pleased to announce that India will be invited to join PaxSilica as a full member next month',
  },
];

describe('quotes', () => {
  it('are the four direct quotes of the reports, verbatim, each credited to its speaker', async () => {
    const { statements } = dataOf(
      await api.graphql(`{ statements(filter: { kinds: [QUOTE] }) { totalCount edges { node { speakerName channel text
        speakerTitle speakerCountry { code } saidOn { edtf } source { source { title } excerpt } meeting { title } alliances { code } } } } }`),
    );
    const quotes = statements.edges.map((e: any) => e.node);
    expect(
      quotes
        .map(({ speakerName, channel, text }: any) => ({ speakerName, channel, text }))
        .sort((a: any, b: any) => a.text.localeCompare(b.text)),
    ).toEqual([...QUOTES].sort((a, b) => a.text.localeCompare(b.text)));
    const bessent = quotes.find((q: any) => q.speakerName === 'Scott Bessent');
    expect(bessent).toMatchObject({
      speakerTitle: 'US Treasury Secretary',
      speakerCountry: { code: 'US' },
      meeting: { title: WASHINGTON },
    });
    expect(bessent.source.excerpt).toContain(
      'Bessent said in a post on X, adding that countries were inclined towards “prudent derisking over decoupling.”',
    );
    const gor = quotes.find((q: any) => q.speakerName === 'Sergio Gor');
    expect(gor).toMatchObject({ saidOn: { edtf: '2026-01-12' }, alliances: [{ code: 'PAX_SILICA' }], meeting: null });
  });

  it('credit "prudent derisking over decoupling" to Bessent, not to the participants', async () => {
    const [summary] = await api.db.query(`SELECT count(*)::int AS n FROM meetings WHERE summary LIKE '%derisking%'`);
    expect(summary.n).toBe(0);
    const { meetings } = dataOf(await api.graphql('{ meetings { edges { node { statements { speakerName kind text } } } } }'));
    const said = meetings.edges.flatMap((e: any) => e.node.statements).filter((s: any) => s.text.includes('prudent derisking'));
    expect(said).toEqual([expect.objectContaining({ speakerName: 'Scott Bessent', kind: 'QUOTE' })]);
  });
});

describe('minerals and developments', () => {
  it('hold only minerals a report names as such, each with the words that name it', async () => {
    const { minerals } = dataOf(
      await api.graphql('{ minerals { edges { node { code sources { source { title } excerpt } developments { kind } } } } }'),
    );
    const byCode = Object.fromEntries(minerals.edges.map((e: any) => [e.node.code, e.node]));
    expect(Object.keys(byCode).sort()).toEqual(['COBALT', 'COPPER', 'GRAPHITE', 'LITHIUM', 'NICKEL', 'RARE_EARTHS']);
    for (const mineral of Object.values(byCode) as any[]) expect(mineral.sources.length).toBeGreaterThan(0);
    expect(byCode.RARE_EARTHS.developments).toEqual([{ kind: 'EXPORT_RESTRICTION' }]);
  });

  it('name manganese sulphate and phosphoric acid as downstream products China controls, and the sectors that depend on them', async () => {
    const { developments } = dataOf(
      await api.graphql(
        '{ developments { kind description downstreamProducts dependentSectors country { code } minerals { code } sources { excerpt } } }',
      ),
    );
    const byKind = Object.fromEntries(developments.map((d: any) => [d.kind, d]));
    expect(byKind.SUPPLY_CONTROL).toMatchObject({
      country: { code: 'CN' },
      downstreamProducts: ['manganese sulphate', 'phosphoric acid'],
      dependentSectors: ['BATTERIES', 'ADVANCED_MANUFACTURING'],
      minerals: [],
    });
    expect(byKind.EXPORT_CONTROLS_AS_LEVERAGE.dependentSectors).toEqual([
      'DEFENCE',
      'SEMICONDUCTORS',
      'RENEWABLE_ENERGY',
      'ELECTRIC_VEHICLES',
    ]);
    expect(byKind.EXPORT_RESTRICTION).toMatchObject({
      minerals: [{ code: 'RARE_EARTHS' }],
      description: expect.stringContaining('Japanese firms'),
    });
  });
});
