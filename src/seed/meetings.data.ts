import { cite, type Cited, type FieldBases, inferred, stated } from './basis';
import { G7_FINANCE_MINISTERS, G7_MEMBERS } from './published-sources.data';

interface ParticipantData {
  country: string;
  role: 'HOST' | 'MEMBER' | 'INVITED_PARTNER';
  delegateName: string | null;
  delegateTitle: string | null;
  arrivedOn: string | null;
  /** Per participant field: role, delegateName, delegateTitle, arrivedOn. */
  provenance: FieldBases;
}

interface MeetingData {
  key: string;
  title: string;
  kind: 'MINISTERIAL' | 'LEADERS_SUMMIT';
  startsOn: string | null;
  endsOn: string | null;
  city: string | null;
  host: string;
  summary: string;
  sources: readonly Cited[];
  provenance: FieldBases;
  participants: readonly ParticipantData[];
  /** What was discussed: topics, not commitments (no report states a pledge). */
  topics: readonly { name: string; sources: readonly Cited[] }[];
}

const INVITED_AS_KEY_PARTNERS = stated('ministerialReport', 'India and Australia were invited as key partners');
const KEY_ALLIES = cite('quickDigest', 'G7 nations and key allies, including India, Australia, South Korea, and Mexico, convened');
const VAISHNAW_ON_TOPICS = (words: string) => cite('ministerialReport', words);

const g7FinanceMinister = (country: string): ParticipantData => ({
  country,
  role: 'MEMBER',
  delegateName: null,
  // The EU has no finance minister: the report lists it with the G7 nations, but names no delegate or office.
  delegateTitle: country === 'EU' ? null : 'Finance minister',
  arrivedOn: null,
  provenance: {
    role: stated(G7_FINANCE_MINISTERS.source, G7_FINANCE_MINISTERS.excerpt),
    ...(country === 'EU' ? {} : { delegateTitle: stated(G7_FINANCE_MINISTERS.source, G7_FINANCE_MINISTERS.excerpt) }),
  },
});

const SUMMIT_IN_CANADA =
  'That "last summer’s leaders’ summit" is the "previous summit in Canada" of the other report is also an inference: in both, it is the summit since which Bessent wanted faster G7 action.';

export const MEETINGS: readonly MeetingData[] = [
  {
    key: 'washington',
    title: 'Ministerial meeting on critical minerals supply chains, Washington',
    kind: 'MINISTERIAL',
    startsOn: '2026-01-12',
    endsOn: null,
    city: 'Washington DC',
    host: 'US',
    summary:
      'Discussions at the meeting focused on a range of measures, including funding for new projects, technology sharing, and promoting recycling to secure long-term, sustainable access to high-quality critical minerals.',
    sources: [
      cite(
        'ministerialReport',
        'Union Minister Vaishnaw arrived in Washington DC on Sunday (January 11, 2026) to participate in a ministerial-level meeting hosted by US Treasury Secretary Scott Bessent, focused on strengthening global supply chain resilience for essential minerals.',
      ),
      cite(
        'quickDigest',
        'culminated in a high-level ministerial meeting in Washington around January 12, 2026, where G7 nations and key allies, including India, Australia, South Korea, and Mexico, convened to discuss strategies for diversifying critical mineral supply chains.',
      ),
    ],
    provenance: {
      startsOn: stated('quickDigest', 'a high-level ministerial meeting in Washington around January 12, 2026', {
        precision: 'DAY',
        approximate: true,
      }),
      kind: stated('ministerialReport', 'to participate in a ministerial-level meeting'),
      city: stated('ministerialReport', 'Vaishnaw arrived in Washington DC'),
      hostCountry: stated('ministerialReport', 'a ministerial-level meeting hosted by US Treasury Secretary Scott Bessent'),
    },
    participants: [
      {
        country: 'US',
        role: 'HOST',
        delegateName: 'Scott Bessent',
        delegateTitle: 'Treasury Secretary',
        arrivedOn: null,
        provenance: {
          role: stated('ministerialReport', 'a ministerial-level meeting hosted by US Treasury Secretary Scott Bessent'),
          delegateName: stated('ministerialReport', 'a ministerial-level meeting hosted by US Treasury Secretary Scott Bessent'),
          delegateTitle: stated('ministerialReport', 'a ministerial-level meeting hosted by US Treasury Secretary Scott Bessent'),
        },
      },
      ...['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'EU'].map(g7FinanceMinister),
      {
        country: 'IN',
        role: 'INVITED_PARTNER',
        delegateName: 'Ashwini Vaishnaw',
        delegateTitle: 'Union Minister for Electronics and Information Technology',
        arrivedOn: '2026-01-11',
        provenance: {
          role: INVITED_AS_KEY_PARTNERS,
          delegateName: stated(
            'ministerialReport',
            'Electronics and IT Minister Ashwini Vaishnaw took part in a ministerial-level meeting',
          ),
          delegateTitle: stated('quickDigest', 'Union Minister for Electronics and Information Technology Ashwini Vaishnaw'),
          arrivedOn: stated('ministerialReport', 'Union Minister Vaishnaw arrived in Washington DC on Sunday (January 11, 2026)'),
        },
      },
      {
        country: 'AU',
        role: 'INVITED_PARTNER',
        delegateName: null,
        delegateTitle: null,
        arrivedOn: null,
        provenance: { role: INVITED_AS_KEY_PARTNERS },
      },
      ...['KR', 'MX'].map(
        (country): ParticipantData => ({
          country,
          role: 'INVITED_PARTNER',
          delegateName: null,
          delegateTitle: null,
          arrivedOn: null,
          provenance: {
            role: inferred(
              'The report names South Korea and Mexico among the "key allies" that convened with the G7 nations, not as invited; neither is a G7 member, so they are taken to have taken part as invited partners, as India and Australia did ("invited as key partners").',
              KEY_ALLIES,
            ),
          },
        }),
      ),
    ],
    topics: [
      {
        name: 'funding for new projects',
        sources: [
          VAISHNAW_ON_TOPICS('There were discussions around funding new projects'),
          cite('quickDigest', 'Discussions at the meeting focused on a range of measures, including funding for new projects'),
        ],
      },
      {
        name: 'technology sharing',
        sources: [
          VAISHNAW_ON_TOPICS('technology sharing between different countries'),
          cite('quickDigest', 'funding for new projects, technology sharing, and promoting recycling'),
        ],
      },
      {
        name: 'refining and processing technologies',
        sources: [
          VAISHNAW_ON_TOPICS(
            'According to Vaishnaw, discussions centred on advancing refining and processing technologies, which are crucial for converting raw ores into high-quality critical minerals.',
          ),
        ],
      },
      {
        name: 'recycling',
        sources: [
          VAISHNAW_ON_TOPICS('very important discussions on recycling, which is a good way of harnessing minerals from waste products'),
          cite('quickDigest', 'promoting recycling to secure long-term, sustainable access to high-quality critical minerals'),
        ],
      },
      {
        name: 'agreements on sharing research and best practices',
        sources: [
          VAISHNAW_ON_TOPICS(
            'Participants also explored agreements on sharing research and best practices to improve both the quality and availability of critical minerals globally.',
          ),
        ],
      },
    ],
  },
  {
    key: 'canadaSummit',
    title: "G7 Leaders' Summit in Canada",
    kind: 'LEADERS_SUMMIT',
    startsOn: '2025-06-01',
    endsOn: null,
    city: null,
    host: 'CA',
    summary: 'a previous summit in Canada, where leaders had agreed on an action plan to secure supply chains',
    sources: [
      cite(
        'ministerialReport',
        'US Treasury Secretary Bessent underlined that he had been advocating a dedicated G7 discussion on critical minerals since last summer’s leaders’ summit, citing what he described as China’s weaponisation of supply chains.',
      ),
      cite(
        'quickDigest',
        'Secretary Bessent expressed frustration over the perceived lack of urgency among G7 members since a previous summit in Canada, where leaders had agreed on an action plan to secure supply chains.',
      ),
    ],
    provenance: {
      startsOn: inferred(
        `"Last summer" in a report of January 2026 is summer 2025 (EDTF 2025-22); startsOn is the first day of that season. ${SUMMIT_IN_CANADA}`,
        cite('ministerialReport', 'since last summer’s leaders’ summit'),
        { precision: 'SEASON' },
      ),
      kind: stated('ministerialReport', 'last summer’s leaders’ summit'),
      hostCountry: inferred(
        'The summit was "in Canada"; the country a G7 summit is held in is taken to host it.',
        cite('quickDigest', 'a previous summit in Canada'),
      ),
    },
    participants: G7_MEMBERS.map(
      (country): ParticipantData => ({
        country,
        role: country === 'CA' ? 'HOST' : 'MEMBER',
        delegateName: null,
        delegateTitle: null,
        arrivedOn: null,
        provenance: {
          role: inferred(
            country === 'CA'
              ? 'The summit was "in Canada"; the country a G7 summit is held in is taken to host it.'
              : 'The report says "leaders had agreed" at a G7 summit without naming them; every G7 member is taken to have taken part.',
            cite('quickDigest', 'among G7 members since a previous summit in Canada, where leaders had agreed'),
          ),
        },
      }),
    ),
    topics: [],
  },
];
