import { cite, type Cited, type FieldBases, inferred, stated } from './basis';
import { G7_MEMBERS } from './published-sources.data';

interface PartyData {
  country: string;
  role: 'LEAD' | 'PARTY';
  provenance: FieldBases;
}

interface CommitmentData {
  key: string;
  title: string;
  description: string;
  kind: 'ALLIANCE_MEMBERSHIP' | 'POLICY';
  instrument: 'ANNOUNCEMENT' | 'MOU' | 'JOINT_DECLARATION';
  status: 'ANNOUNCED' | 'IN_PROGRESS';
  meeting: string | null;
  announcedOn: string | null;
  targetOn: string | null;
  parties: readonly PartyData[];
  minerals: readonly string[];
  valueChainStages: readonly string[];
  sources: readonly Cited[];
  /** Per field: status, instrument, announcedOn, targetOn. */
  provenance: FieldBases;
}

const GOR_ANNOUNCEMENT =
  'US Ambassador-designate to India Sergio Gor announced on Monday (January 12, 2026) that India will be invited to join the US-led PaxSilica group as a full member next month.';
const MOU_SIGNED =
  'has also recently signed a memorandum of understanding with Germany to enhance cooperation on critical minerals, semiconductors, and renewables';
const ACTION_PLAN =
  'Secretary Bessent expressed frustration over the perceived lack of urgency among G7 members since a previous summit in Canada, where leaders had agreed on an action plan to secure supply chains.';

/**
 * What the reports state was pledged or agreed. The measures the Washington meeting only
 * discussed are its topics (see MEETINGS), not commitments: no report states a pledge.
 */
export const COMMITMENTS: readonly CommitmentData[] = [
  {
    key: 'paxSilicaInvitation',
    title: 'Invite India to join Pax Silica as a full member',
    description: GOR_ANNOUNCEMENT,
    kind: 'ALLIANCE_MEMBERSHIP',
    instrument: 'ANNOUNCEMENT',
    status: 'ANNOUNCED',
    meeting: null,
    announcedOn: '2026-01-12',
    targetOn: '2026-02-28',
    parties: [
      {
        country: 'US',
        role: 'LEAD',
        provenance: {
          role: inferred(
            'The invitation is announced by the US Ambassador-designate, and PaxSilica is "US-led": the US is taken to be the one that invites.',
            cite('ministerialReport', 'India will be invited to join the US-led PaxSilica group'),
          ),
        },
      },
      {
        country: 'IN',
        role: 'PARTY',
        provenance: { role: stated('ministerialReport', 'India will be invited to join PaxSilica as a full member next month') },
      },
    ],
    minerals: [],
    valueChainStages: [],
    sources: [
      cite('ministerialReport', GOR_ANNOUNCEMENT),
      cite('quickDigest', 'India is expected to join the US-led Pax Silica initiative'),
    ],
    provenance: {
      status: stated('ministerialReport', 'Sergio Gor announced on Monday (January 12, 2026) that India will be invited'),
      instrument: stated('ministerialReport', 'Sergio Gor announced on Monday (January 12, 2026)'),
      announcedOn: stated('ministerialReport', 'announced on Monday (January 12, 2026)'),
      targetOn: inferred(
        '"Next month" in an announcement of 12 January 2026 is February 2026; no report states a deadline. Stored as the last day of that month (the end of the window the words give); scorecards count it only with includeInferredDeadlines.',
        cite('ministerialReport', 'as a full member next month'),
        { precision: 'MONTH' },
      ),
    },
  },
  {
    key: 'indiaGermanyMou',
    title: 'India–Germany MoU on critical minerals, semiconductors and renewables',
    description: MOU_SIGNED,
    kind: 'POLICY',
    instrument: 'MOU',
    status: 'IN_PROGRESS',
    meeting: null,
    announcedOn: null,
    targetOn: null,
    parties: ['IN', 'DE'].map((country) => ({
      country,
      role: 'PARTY',
      provenance: {
        role: stated(
          'quickDigest',
          'India is expected to join the US-led Pax Silica initiative and has also recently signed a memorandum of understanding with Germany',
        ),
      },
    })),
    minerals: [],
    valueChainStages: [],
    sources: [cite('quickDigest', MOU_SIGNED)],
    provenance: {
      status: inferred(
        '"Signed": the MoU was concluded, so it is past ANNOUNCED; no report says the cooperation it provides for was completed, so it is IN_PROGRESS (being carried out), not DELIVERED.',
        cite('quickDigest', 'recently signed a memorandum of understanding'),
      ),
      instrument: stated('quickDigest', 'recently signed a memorandum of understanding'),
    },
  },
  {
    key: 'g7ActionPlan',
    title: 'G7 action plan to secure critical-mineral supply chains',
    description: ACTION_PLAN,
    kind: 'POLICY',
    instrument: 'JOINT_DECLARATION',
    status: 'ANNOUNCED',
    meeting: 'canadaSummit',
    announcedOn: null,
    targetOn: null,
    parties: G7_MEMBERS.map((country) => ({
      country,
      role: 'PARTY',
      provenance: {
        role: stated('quickDigest', 'among G7 members since a previous summit in Canada, where leaders had agreed on an action plan'),
      },
    })),
    minerals: [],
    valueChainStages: [],
    sources: [cite('quickDigest', ACTION_PLAN)],
    provenance: {
      status: inferred(
        'The leaders "had agreed on an action plan": made public, so ANNOUNCED; the "perceived lack of urgency" since gives no sign that it is being carried out.',
        cite('quickDigest', 'leaders had agreed on an action plan to secure supply chains'),
      ),
      instrument: inferred(
        'An action plan agreed by the G7 leaders at their summit is taken to be a joint declaration; no report names the document.',
        cite('quickDigest', 'leaders had agreed on an action plan'),
      ),
    },
  },
];
