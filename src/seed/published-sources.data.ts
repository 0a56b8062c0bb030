/**
 * What the two published reports of the January 2026 Washington ministerial say,
 * and nothing more. Every record names the report(s) it comes from; where a
 * report does not give a value (a delegate's name, a day), it is left empty.
 */
export const SOURCES = {
  ministerialReport: {
    title: "Ending China's dominance in rare earths: Ministerial meet held",
    publisher: null,
    url: null,
    publishedOn: null,
    excerpt:
      'Union Minister Ashwini Vaishnaw took part in a ministerial-level meeting in Washington hosted by US Treasury Secretary Scott Bessent on the sidelines of a gathering of G7 finance ministers; India and Australia were invited as key partners. Discussions covered funding new projects, technology sharing, recycling, and sharing research and best practices. US Ambassador-designate Sergio Gor announced on 12 January 2026 that India will be invited to join PaxSilica as a full member next month.',
  },
  quickDigest: {
    title: 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China',
    publisher: 'Quick Digest',
    url: null,
    publishedOn: null,
    excerpt:
      "A high-level ministerial meeting in Washington around 12 January 2026 brought together G7 nations and allies including India, Australia, South Korea and Mexico. China's refining capacity ranges from 47% to 87% for various critical minerals. G7 leaders had agreed on an action plan at a previous summit in Canada. India has recently signed an MoU with Germany on critical minerals, semiconductors and renewables.",
  },
} as const;

export type SourceKey = keyof typeof SOURCES;

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
const INVITED_PARTNERS = ['IN', 'AU', 'KR', 'MX'] as const;
const WASHINGTON_PARTIES = [...G7_MEMBERS, 'EU', ...INVITED_PARTNERS];

export const MINERALS = [
  { code: 'RARE_EARTHS', name: 'Rare earth elements' },
  { code: 'LITHIUM', name: 'Lithium' },
  { code: 'COPPER', name: 'Copper' },
  { code: 'NICKEL', name: 'Nickel' },
  { code: 'COBALT', name: 'Cobalt' },
  { code: 'GRAPHITE', name: 'Graphite' },
  { code: 'MANGANESE', name: 'Manganese' },
] as const;

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
    statement: "China's near-monopoly in refining capacity ranges from 47% to 87% for various critical minerals.",
    source: 'quickDigest',
  },
] as const;

export const ALLIANCES = [
  {
    code: 'G7',
    name: 'Group of Seven',
    description: 'Canada, France, Germany, Italy, Japan, the United Kingdom and the United States, with the European Union taking part.',
    sources: ['ministerialReport', 'quickDigest'],
    memberships: [...G7_MEMBERS.map((country) => ({ country, status: 'MEMBER', since: null, note: '' }))],
  },
  {
    code: 'PAX_SILICA',
    name: 'Pax Silica',
    description:
      'A US-led strategic economic alliance launched in December 2025 to build a secure, innovation-driven silicon supply chain, from critical minerals and energy inputs to advanced manufacturing, semiconductors, artificial intelligence and logistics.',
    sources: ['ministerialReport'],
    memberships: [
      { country: 'US', status: 'MEMBER', since: null, note: 'Leads the alliance, launched in December 2025.' },
      {
        country: 'IN',
        status: 'INVITED',
        since: '2026-01-12',
        note: 'US Ambassador-designate Sergio Gor announced on 12 January 2026 that India will be invited to join as a full member next month.',
      },
    ],
  },
] as const;

export const MEETINGS = [
  {
    key: 'washington',
    title: 'Ministerial meeting on critical minerals supply chains, Washington',
    kind: 'MINISTERIAL',
    startsOn: '2026-01-12',
    endsOn: '2026-01-12',
    city: 'Washington, D.C.',
    host: 'US',
    summary:
      'Hosted by US Treasury Secretary Scott Bessent on the sidelines of a gathering of G7 finance ministers, around 12 January 2026. Discussions covered funding new projects, technology sharing between countries, recycling, and agreements on sharing research and best practices; participants favoured "prudent derisking over decoupling" from China.',
    sources: ['ministerialReport', 'quickDigest'],
    participants: [
      { country: 'US', role: 'HOST', delegateName: 'Scott Bessent', delegateTitle: 'Secretary of the Treasury' },
      ...['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'EU'].map((country) => ({
        country,
        role: 'MEMBER',
        delegateName: null,
        delegateTitle: 'Finance minister',
      })),
      {
        country: 'IN',
        role: 'INVITED_PARTNER',
        delegateName: 'Ashwini Vaishnaw',
        delegateTitle: 'Union Minister for Electronics and Information Technology',
      },
      ...['AU', 'KR', 'MX'].map((country) => ({ country, role: 'INVITED_PARTNER', delegateName: null, delegateTitle: null })),
    ],
  },
  {
    key: 'canadaSummit',
    title: "G7 Leaders' Summit in Canada",
    kind: 'LEADERS_SUMMIT',
    startsOn: null,
    endsOn: null,
    city: null,
    host: 'CA',
    summary:
      "The previous summer's G7 leaders' summit in Canada, where leaders agreed on an action plan to secure critical-mineral supply chains.",
    sources: ['ministerialReport', 'quickDigest'],
    participants: G7_MEMBERS.map((country) => ({
      country,
      role: country === 'CA' ? 'HOST' : 'MEMBER',
      delegateName: null,
      delegateTitle: null,
    })),
  },
] as const;

const MEETING_TOPIC = {
  instrument: 'STATEMENT',
  status: 'PROPOSED',
  meeting: 'washington',
  announcedOn: '2026-01-12',
  targetOn: null,
  parties: WASHINGTON_PARTIES.map((country) => ({ country, role: country === 'US' ? 'LEAD' : 'PARTY' })),
  minerals: ['RARE_EARTHS'],
  sources: ['ministerialReport', 'quickDigest'],
} as const;

export const COMMITMENTS = [
  {
    ...MEETING_TOPIC,
    title: 'Fund new critical-mineral projects',
    description: 'Discussed at the Washington ministerial: funding new projects to build supply chains that do not depend on China.',
    kind: 'FUNDING',
    valueChainStages: [],
  },
  {
    ...MEETING_TOPIC,
    title: 'Share refining and processing technology between countries',
    description:
      'Discussed at the Washington ministerial: technology sharing between countries, centred on refining and processing technologies that turn raw ores into high-quality critical minerals.',
    kind: 'TECHNOLOGY_SHARING',
    valueChainStages: ['PROCESSING_REFINING'],
  },
  {
    ...MEETING_TOPIC,
    title: 'Recycle critical minerals from waste',
    description: 'Discussed at the Washington ministerial: recycling as a way of harnessing minerals from waste products.',
    kind: 'RECYCLING',
    valueChainStages: ['RECYCLING'],
  },
  {
    ...MEETING_TOPIC,
    title: 'Share research and best practices',
    description:
      'Explored at the Washington ministerial: agreements on sharing research and best practices to improve the quality and availability of critical minerals.',
    kind: 'RESEARCH_SHARING',
    valueChainStages: [],
  },
  {
    title: 'Invite India to join Pax Silica as a full member',
    description:
      'US Ambassador-designate to India Sergio Gor announced on 12 January 2026 that India will be invited to join Pax Silica as a full member next month (February 2026).',
    kind: 'ALLIANCE_MEMBERSHIP',
    instrument: 'ANNOUNCEMENT',
    status: 'ANNOUNCED',
    meeting: null,
    announcedOn: '2026-01-12',
    targetOn: '2026-02-28',
    parties: [
      { country: 'US', role: 'LEAD' },
      { country: 'IN', role: 'PARTY' },
    ],
    minerals: [],
    valueChainStages: [],
    sources: ['ministerialReport', 'quickDigest'],
  },
  {
    title: 'India–Germany MoU on critical minerals, semiconductors and renewables',
    description:
      'India has recently signed a memorandum of understanding with Germany to enhance cooperation on critical minerals, semiconductors and renewables.',
    kind: 'POLICY',
    instrument: 'MOU',
    status: 'ANNOUNCED',
    meeting: null,
    announcedOn: null,
    targetOn: null,
    parties: [
      { country: 'IN', role: 'PARTY' },
      { country: 'DE', role: 'PARTY' },
    ],
    minerals: [],
    valueChainStages: [],
    sources: ['quickDigest'],
  },
  {
    title: 'G7 action plan to secure critical-mineral supply chains',
    description:
      'Agreed by G7 leaders at the summit in Canada. At the Washington ministerial, Secretary Bessent expressed frustration over the perceived lack of urgency among G7 members since then.',
    kind: 'POLICY',
    instrument: 'JOINT_DECLARATION',
    status: 'ANNOUNCED',
    meeting: 'canadaSummit',
    announcedOn: null,
    targetOn: null,
    parties: G7_MEMBERS.map((country) => ({ country, role: 'PARTY' })),
    minerals: [],
    valueChainStages: [],
    sources: ['ministerialReport', 'quickDigest'],
  },
] as const;
