import { cite, type Cited, type FieldBases, inferred, stated } from './basis';

interface StatementData {
  speakerName: string;
  speakerTitle: string | null;
  speakerCountry: string;
  kind: 'QUOTE' | 'REPORTED';
  /** Verbatim: a quote's words inside the quotation marks (parts joined by " … "), or the report's own words. */
  text: string;
  channel: 'REMARKS' | 'POST_ON_X' | 'ANNOUNCEMENT' | 'NOT_STATED';
  saidOn: { value: string; precision: 'DAY' } | null;
  source: Cited;
  meeting: string | null;
  commitments: readonly string[];
  alliances: readonly string[];
  /** Per field: speakerName, speakerTitle, channel, saidOn. */
  provenance: FieldBases;
}

/** Joins the parts of one quote that a report interrupts with its own words. */
export const QUOTE_PARTS = ' … ';

const VAISHNAW_TITLE = stated('ministerialReport', 'Electronics and IT Minister Ashwini Vaishnaw');
const SAID_AFTER_THE_MEETING = inferred(
  'The report gives these as what Vaishnaw "said" following the meeting, without naming the channel; taken as spoken remarks.',
  cite('ministerialReport', 'Following the meeting, Vaishnaw underscored the urgency of building resilient supply chains'),
);
const BESSENT_TITLE = stated('ministerialReport', 'US Treasury Secretary Scott Bessent');

/** The four direct quotes of the reports, verbatim, and what the reports say the speakers said in their own words. */
export const STATEMENTS: readonly StatementData[] = [
  {
    speakerName: 'Ashwini Vaishnaw',
    speakerTitle: 'Electronics and IT Minister',
    speakerCountry: 'IN',
    kind: 'QUOTE',
    text: 'When the manufacturing sector is growing rapidly, especially electronics manufacturing, it’s very important for all countries, including India, to have a resilient supply chain of critical minerals',
    channel: 'REMARKS',
    saidOn: null,
    source: cite(
      'ministerialReport',
      '“When the manufacturing sector is growing rapidly, especially electronics manufacturing, it’s very important for all countries, including India, to have a resilient supply chain of critical minerals,” Vaishnaw said.',
    ),
    meeting: 'washington',
    commitments: [],
    alliances: [],
    provenance: { speakerTitle: VAISHNAW_TITLE, channel: SAID_AFTER_THE_MEETING },
  },
  {
    speakerName: 'Ashwini Vaishnaw',
    speakerTitle: 'Electronics and IT Minister',
    speakerCountry: 'IN',
    kind: 'QUOTE',
    text: 'There were discussions around funding new projects, technology sharing between different countries, and very important discussions on recycling, which is a good way of harnessing minerals from waste products',
    channel: 'REMARKS',
    saidOn: null,
    source: cite(
      'ministerialReport',
      '“There were discussions around funding new projects, technology sharing between different countries, and very important discussions on recycling, which is a good way of harnessing minerals from waste products,” he said.',
    ),
    meeting: 'washington',
    commitments: [],
    alliances: [],
    provenance: { speakerTitle: VAISHNAW_TITLE, channel: SAID_AFTER_THE_MEETING },
  },
  {
    speakerName: 'Scott Bessent',
    speakerTitle: 'US Treasury Secretary',
    speakerCountry: 'US',
    kind: 'QUOTE',
    // One post, quoted in two parts: "prudent derisking over decoupling" is Bessent's, not the participants'.
    text: `I was pleased to hear a strong, shared desire to quickly address key vulnerabilities in critical minerals supply chains${QUOTE_PARTS}prudent derisking over decoupling`,
    channel: 'POST_ON_X',
    saidOn: null,
    source: cite(
      'ministerialReport',
      '“I was pleased to hear a strong, shared desire to quickly address key vulnerabilities in critical minerals supply chains,” Bessent said in a post on X, adding that countries were inclined towards “prudent derisking over decoupling.”',
    ),
    meeting: 'washington',
    commitments: [],
    alliances: [],
    provenance: { speakerTitle: BESSENT_TITLE, channel: stated('ministerialReport', 'Bessent said in a post on X') },
  },
  {
    speakerName: 'Sergio Gor',
    speakerTitle: 'US Ambassador-designate to India',
    speakerCountry: 'US',
    kind: 'QUOTE',
    text: 'I am pleased to announce that India will be invited to join PaxSilica as a full member next month',
    channel: 'ANNOUNCEMENT',
    saidOn: { value: '2026-01-12', precision: 'DAY' },
    source: cite(
      'ministerialReport',
      '“I am pleased to announce that India will be invited to join PaxSilica as a full member next month,” Gor said.',
    ),
    meeting: null,
    commitments: ['paxSilicaInvitation'],
    alliances: ['PAX_SILICA'],
    provenance: {
      speakerTitle: stated('ministerialReport', 'US Ambassador-designate to India Sergio Gor'),
      channel: stated('ministerialReport', 'Sergio Gor announced on Monday (January 12, 2026)'),
      saidOn: stated('ministerialReport', 'announced on Monday (January 12, 2026)'),
    },
  },
  {
    speakerName: 'Ashwini Vaishnaw',
    speakerTitle: 'Electronics and IT Minister',
    speakerCountry: 'IN',
    kind: 'REPORTED',
    text: 'He stressed the need to secure rare earths and permanent magnets in a sustainable manner to support long-term industrial growth.',
    channel: 'NOT_STATED',
    saidOn: null,
    source: cite(
      'ministerialReport',
      'He stressed the need to secure rare earths and permanent magnets in a sustainable manner to support long-term industrial growth.',
    ),
    meeting: 'washington',
    commitments: [],
    alliances: [],
    provenance: { speakerTitle: VAISHNAW_TITLE },
  },
  {
    speakerName: 'Ashwini Vaishnaw',
    speakerTitle: 'Union Minister for Electronics and Information Technology',
    speakerCountry: 'IN',
    kind: 'REPORTED',
    text: "who emphasized the vital role of secure and resilient critical mineral supply chains in achieving India's 'Viksit Bharat' (Developed India) vision and bolstering its rapidly growing manufacturing and electronics sectors.",
    channel: 'NOT_STATED',
    saidOn: null,
    source: cite(
      'quickDigest',
      "India's participation in these crucial talks was highlighted by Union Minister for Electronics and Information Technology Ashwini Vaishnaw, who emphasized the vital role of secure and resilient critical mineral supply chains in achieving India's 'Viksit Bharat' (Developed India) vision and bolstering its rapidly growing manufacturing and electronics sectors.",
    ),
    meeting: 'washington',
    commitments: [],
    alliances: [],
    provenance: { speakerTitle: stated('quickDigest', 'Union Minister for Electronics and Information Technology Ashwini Vaishnaw') },
  },
  {
    speakerName: 'Scott Bessent',
    speakerTitle: 'US Treasury Secretary',
    speakerCountry: 'US',
    kind: 'REPORTED',
    text: 'US Treasury Secretary Bessent underlined that he had been advocating a dedicated G7 discussion on critical minerals since last summer’s leaders’ summit, citing what he described as China’s weaponisation of supply chains.',
    channel: 'NOT_STATED',
    saidOn: null,
    source: cite(
      'ministerialReport',
      'US Treasury Secretary Bessent underlined that he had been advocating a dedicated G7 discussion on critical minerals since last summer’s leaders’ summit, citing what he described as China’s weaponisation of supply chains.',
    ),
    meeting: 'washington',
    commitments: [],
    alliances: ['G7'],
    provenance: { speakerTitle: stated('ministerialReport', 'US Treasury Secretary Bessent underlined') },
  },
  {
    speakerName: 'Scott Bessent',
    speakerTitle: 'U.S. Treasury Secretary',
    speakerCountry: 'US',
    kind: 'REPORTED',
    text: 'Secretary Bessent expressed frustration over the perceived lack of urgency among G7 members since a previous summit in Canada, where leaders had agreed on an action plan to secure supply chains.',
    channel: 'NOT_STATED',
    saidOn: null,
    source: cite(
      'quickDigest',
      'Secretary Bessent expressed frustration over the perceived lack of urgency among G7 members since a previous summit in Canada, where leaders had agreed on an action plan to secure supply chains.',
    ),
    meeting: 'washington',
    commitments: ['g7ActionPlan'],
    alliances: ['G7'],
    provenance: { speakerTitle: stated('quickDigest', 'spearheaded by U.S. Treasury Secretary Scott Bessent') },
  },
];
