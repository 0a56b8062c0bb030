import { cite, type Cited, type FieldBases, inferred, stated } from './basis';

export { SOURCES, type SourceKey } from './basis';

/**
 * What the two published reports of the January 2026 Washington ministerial say, and
 * nothing more. Every record cites, per source, the words that support it; every
 * value that matters (statuses, roles, dates) is STATED with the words that state it
 * or INFERRED with the reasoning (see ./basis.ts). Titles and names are labels; every
 * description, summary, note and statement text is a verbatim passage of a source.
 */

export const COUNTRIES = [
  { code: 'CA', name: 'Canada', kind: 'COUNTRY' },
  { code: 'FR', name: 'France', kind: 'COUNTRY' },
  { code: 'DE', name: 'Germany', kind: 'COUNTRY' },
  { code: 'IT', name: 'Italy', kind: 'COUNTRY' },
  { code: 'JP', name: 'Japan', kind: 'COUNTRY' },
  { code: 'GB', name: 'United Kingdom', kind: 'COUNTRY' },
  { code: 'US', name: 'United States', kind: 'COUNTRY' },
  { code: 'EU', name: 'European Union', kind: 'ECONOMIC_UNION' },
  { code: 'IN', name: 'India', kind: 'COUNTRY' },
  { code: 'AU', name: 'Australia', kind: 'COUNTRY' },
  { code: 'KR', name: 'South Korea', kind: 'COUNTRY' },
  { code: 'MX', name: 'Mexico', kind: 'COUNTRY' },
  // The dominant refiner the partners seek to reduce reliance on; not a partner.
  { code: 'CN', name: 'China', kind: 'COUNTRY' },
] as const;

export const G7_MEMBERS = ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'US'] as const;

/** The sentence that lists the G7 finance ministers Vaishnaw joined (the EU among them). */
export const G7_FINANCE_MINISTERS = cite(
  'ministerialReport',
  'Vaishnaw joined the finance ministers of G7 nations including Canada, France, Germany, Italy, Japan, the UK, the US and the European Union.',
);

const IEA_REFINERS =
  'China is the world’s leading refiner for most major critical minerals, including copper, lithium, nickel, cobalt, graphite and rare earth elements';

/**
 * Each mineral entered because a report names it: all six in the IEA figure of China's refining share.
 * Manganese sulphate and phosphoric acid are named only as downstream products China controls: they are
 * not minerals here, but products of a development (see DEVELOPMENTS).
 */
export const MINERALS: readonly { code: string; name: string; sources: readonly Cited[] }[] = [
  {
    code: 'RARE_EARTHS',
    name: 'Rare earth elements',
    sources: [cite('ministerialReport', IEA_REFINERS), cite('quickDigest', 'critical minerals like rare earths')],
  },
  { code: 'LITHIUM', name: 'Lithium', sources: [cite('ministerialReport', IEA_REFINERS)] },
  { code: 'COPPER', name: 'Copper', sources: [cite('ministerialReport', IEA_REFINERS)] },
  { code: 'NICKEL', name: 'Nickel', sources: [cite('ministerialReport', IEA_REFINERS)] },
  { code: 'COBALT', name: 'Cobalt', sources: [cite('ministerialReport', IEA_REFINERS)] },
  { code: 'GRAPHITE', name: 'Graphite', sources: [cite('ministerialReport', IEA_REFINERS)] },
];

/** Each statement is a verbatim passage of its source. */
export const REFINING_SHARE_ESTIMATES = [
  {
    refiner: 'CN',
    minerals: ['COPPER', 'LITHIUM', 'NICKEL', 'COBALT', 'GRAPHITE', 'RARE_EARTHS'],
    averagePercent: 70,
    minPercent: null,
    maxPercent: null,
    statement:
      'According to the International Energy Agency, China is the world’s leading refiner for most major critical minerals, including copper, lithium, nickel, cobalt, graphite and rare earth elements, with an average market share of about 70%.',
    source: 'ministerialReport',
  },
  {
    refiner: 'CN',
    minerals: [],
    averagePercent: null,
    minPercent: 47,
    maxPercent: 87,
    statement:
      "China's overwhelming dominance in the global critical minerals sector, particularly its near-monopoly in refining capacity, which ranges from 47% to 87% for various critical minerals.",
    source: 'quickDigest',
  },
] as const;

const PAX_SILICA_LAUNCH =
  'Launched in December 2025, PaxSilica is a US-led strategic economic alliance aimed at building a secure, innovation-driven silicon supply chain, from critical minerals and energy inputs to advanced manufacturing, semiconductors, artificial intelligence and logistics.';

interface MembershipData {
  country: string;
  status: 'MEMBER' | 'INVITED';
  startsOn: string | null;
  note: string;
  provenance: FieldBases;
}

export const ALLIANCES: readonly {
  code: string;
  name: string;
  description: string;
  sources: readonly Cited[];
  memberships: readonly MembershipData[];
}[] = [
  {
    code: 'G7',
    name: 'Group of Seven',
    description: 'G7 nations including Canada, France, Germany, Italy, Japan, the UK, the US and the European Union',
    sources: [
      G7_FINANCE_MINISTERS,
      cite('quickDigest', 'G7 nations and key allies, including India, Australia, South Korea, and Mexico, convened'),
    ],
    // The report lists the EU with the G7 nations; the EU takes part in the G7 without being one of its seven members.
    memberships: G7_MEMBERS.map((country) => ({
      country,
      status: 'MEMBER',
      startsOn: null,
      note: '',
      provenance: { status: stated(G7_FINANCE_MINISTERS.source, G7_FINANCE_MINISTERS.excerpt) },
    })),
  },
  {
    code: 'PAX_SILICA',
    name: 'Pax Silica',
    description: PAX_SILICA_LAUNCH,
    sources: [
      cite('ministerialReport', PAX_SILICA_LAUNCH),
      cite('quickDigest', 'India is expected to join the US-led Pax Silica initiative'),
    ],
    // India is not a member or an invitee yet: Gor announced that it "will be invited" (see COMMITMENTS).
    memberships: [
      {
        country: 'US',
        status: 'MEMBER',
        startsOn: null,
        note: '',
        provenance: {
          status: inferred(
            'The report calls PaxSilica "US-led"; a country that leads an alliance is taken to be its member. No report says when the US joined.',
            cite('ministerialReport', 'PaxSilica is a US-led strategic economic alliance'),
          ),
        },
      },
    ],
  },
];

/** What the reports say happened in the supply of minerals; descriptions are verbatim. */
export const DEVELOPMENTS = [
  {
    kind: 'EXPORT_RESTRICTION',
    country: 'CN',
    description: 'reports indicated that China is restricting rare earths exports to Japanese firms',
    minerals: ['RARE_EARTHS'],
    downstreamProducts: [],
    dependentSectors: [],
    sources: [
      cite(
        'ministerialReport',
        'Just a few days after reports indicated that China is restricting rare earths exports to Japanese firms, the US is uniting leading economies, including India.',
      ),
    ],
  },
  {
    kind: 'EXPORT_CONTROLS_AS_LEVERAGE',
    country: 'CN',
    description:
      'China has reportedly leveraged this dominance through export restrictions, impacting global supply, and underscoring the strategic vulnerability for countries dependent on these materials for defense technologies, semiconductors, renewable energy, and electric vehicles.',
    minerals: [],
    downstreamProducts: [],
    dependentSectors: ['DEFENCE', 'SEMICONDUCTORS', 'RENEWABLE_ENERGY', 'ELECTRIC_VEHICLES'],
    sources: [
      cite(
        'quickDigest',
        'China has reportedly leveraged this dominance through export restrictions, impacting global supply, and underscoring the strategic vulnerability for countries dependent on these materials for defense technologies, semiconductors, renewable energy, and electric vehicles.',
      ),
    ],
  },
  {
    kind: 'SUPPLY_CONTROL',
    country: 'CN',
    description:
      'Beijing also controls downstream components such as manganese sulphate and phosphoric acid, which are essential inputs for batteries and advanced manufacturing.',
    minerals: [],
    downstreamProducts: ['manganese sulphate', 'phosphoric acid'],
    dependentSectors: ['BATTERIES', 'ADVANCED_MANUFACTURING'],
    sources: [
      cite(
        'ministerialReport',
        'Beijing also controls downstream components such as manganese sulphate and phosphoric acid, which are essential inputs for batteries and advanced manufacturing.',
      ),
    ],
  },
] as const;
