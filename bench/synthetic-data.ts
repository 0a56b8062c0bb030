import { intBetween, mulberry32, pick, Rng, shuffle, uuidFrom, weighted, zipfSampler } from './prng';

/** How many of each thing a synthetic database holds at scale 1; `--scale` multiplies them. */
export const SCALE_ONE = { countries: 60, meetings: 200, commitments: 50_000, projects: 5_000, events: 1_000_000 } as const;
export type SyntheticCounts = { -readonly [K in keyof typeof SCALE_ONE]: number };

/** The seed_runs name that marks a database as synthetic (and so safe to wipe and reload). */
export const SYNTHETIC_SEED_NAME = 'synthetic';
const SEED = 0x6d696e65;
const MINIMUM: SyntheticCounts = { countries: 8, meetings: 3, commitments: 50, projects: 10, events: 0 };

export function countsFor(scale: number): SyntheticCounts {
  if (!(scale > 0) || scale > 10) throw new Error('--scale must be a number above 0 and at most 10');
  const counts = Object.fromEntries(
    Object.entries(SCALE_ONE).map(([key, value]) => [key, Math.max(MINIMUM[key as keyof SyntheticCounts], Math.round(value * scale))]),
  ) as SyntheticCounts;
  // Every subject needs its CREATED event.
  counts.events = Math.max(counts.events, counts.commitments + counts.projects + counts.meetings);
  return counts;
}

export interface SyntheticCountry {
  id: string;
  code: string;
  name: string;
  kind: string;
}
export interface SyntheticParty {
  countryIndex: number;
  role: string;
}
export interface SyntheticMeeting {
  id: string;
  title: string;
  kind: string;
  startsOn: string;
  endsOn: string;
  city: string;
  hostIndex: number;
  participants: SyntheticParty[];
}
export interface SyntheticCommitment {
  id: string;
  title: string;
  kind: string;
  instrument: string;
  stages: string[];
  meetingIndex: number | null;
  amount: string | null;
  currency: string | null;
  announcedOn: string;
  targetOn: string | null;
  parties: SyntheticParty[];
  mineralIndexes: number[];
}
export interface SyntheticProject {
  id: string;
  name: string;
  kind: string;
  budgetAmount: string | null;
  budgetCurrency: string | null;
  startsOn: string;
  endsOn: string | null;
  location: string;
  participants: SyntheticParty[];
  mineralIndexes: number[];
  commitmentIndexes: number[];
}
export interface SyntheticMineral {
  id: string;
  code: string;
  name: string;
}

export interface SyntheticWorld {
  counts: SyntheticCounts;
  countries: SyntheticCountry[];
  minerals: SyntheticMineral[];
  meetings: SyntheticMeeting[];
  commitments: SyntheticCommitment[];
  projects: SyntheticProject[];
}

export const MINERAL_CODES = [
  'LITHIUM',
  'COBALT',
  'NICKEL',
  'GRAPHITE',
  'RARE_EARTHS',
  'GALLIUM',
  'GERMANIUM',
  'ANTIMONY',
  'TUNGSTEN',
  'MANGANESE',
  'COPPER',
  'PLATINUM_GROUP',
  'TITANIUM',
  'VANADIUM',
  'MAGNESIUM',
  'SILICON',
];
const CURRENCIES = [
  ['USD', 45],
  ['EUR', 25],
  ['JPY', 10],
  ['GBP', 8],
  ['CAD', 5],
  ['AUD', 4],
  ['INR', 3],
] as const;
const COMMITMENT_KINDS = [
  ['FUNDING', 40],
  ['TECHNOLOGY_SHARING', 15],
  ['RECYCLING', 12],
  ['RESEARCH_SHARING', 12],
  ['SUPPLY_AGREEMENT', 12],
  ['POLICY', 9],
] as const;
const INSTRUMENTS = ['COMMUNIQUE', 'MOU', 'JOINT_DECLARATION', 'AGREEMENT', 'STATEMENT', 'ANNOUNCEMENT'];
const STAGES = ['EXPLORATION', 'MINING', 'PROCESSING_REFINING', 'MANUFACTURING', 'RECYCLING'];
const PROJECT_KINDS = ['FUNDING', 'TECHNOLOGY_SHARING', 'RECYCLING', 'REFINING', 'RESEARCH'];
const MEETING_KINDS = [
  ['WORKING_GROUP', 60],
  ['BILATERAL', 25],
  ['MINISTERIAL', 12],
  ['LEADERS_SUMMIT', 3],
] as const;
const CITIES = [
  'Washington',
  'Ottawa',
  'Tokyo',
  'Berlin',
  'Paris',
  'Rome',
  'London',
  'Canberra',
  'New Delhi',
  'Seoul',
  'Mexico City',
  'Brussels',
];
const DAY_MS = 86_400_000;
/** Synthetic history runs over these two years. */
export const TIMELINE_START = Date.UTC(2024, 0, 1);
export const TIMELINE_END = Date.UTC(2026, 0, 1);

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayIn(rng: Rng, fromMs = TIMELINE_START, toMs = TIMELINE_END): number {
  return fromMs + Math.floor(rng() * ((toMs - fromMs) / DAY_MS)) * DAY_MS;
}

function money(rng: Rng): { amount: string | null; currency: string | null } {
  if (rng() < 0.2) return { amount: null, currency: null };
  // Log-uniform between 1 million and 10 billion.
  const amount = Math.round(10 ** (6 + rng() * 4)) * 100;
  return { amount: (amount / 100).toFixed(2), currency: weighted(rng, CURRENCIES) };
}

/** Distinct parties: a lead drawn Zipf-like (a few countries lead most commitments), then 0–3 others. */
function partiesFor(rng: Rng, countries: number, lead: number, extra: number, leadRole: string, otherRole: string): SyntheticParty[] {
  const chosen = new Set([lead]);
  for (let i = 0; i < extra && chosen.size < countries; i += 1) chosen.add(Math.floor(rng() * countries));
  return [...chosen].map((countryIndex, i) => ({ countryIndex, role: i === 0 ? leadRole : otherRole }));
}

function distinctIndexes(rng: Rng, n: number, count: number, draw: (rng: Rng) => number = (r) => Math.floor(r() * n)): number[] {
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < Math.min(count, n) && tries < count * 10; tries += 1) chosen.add(draw(rng));
  return [...chosen];
}

function makeCountries(rng: Rng, n: number): SyntheticCountry[] {
  const codes: string[] = [];
  for (let a = 0; a < 26; a += 1) for (let b = 0; b < 26; b += 1) codes.push(String.fromCharCode(65 + a, 65 + b));
  return shuffle(rng, codes)
    .slice(0, n)
    .map((code, i) => ({ id: uuidFrom(rng), code, name: `Synthetic ${code}`, kind: i === 0 ? 'ECONOMIC_UNION' : 'COUNTRY' }));
}

/** The entities of a synthetic database, the same for the same scale every time. */
export function generateWorld(scale: number): SyntheticWorld {
  const counts = countsFor(scale);
  const rng = mulberry32(SEED);
  const countries = makeCountries(rng, counts.countries);
  const minerals = MINERAL_CODES.map((code) => ({ id: uuidFrom(rng), code, name: code.replace(/_/g, ' ').toLowerCase() }));
  const leadCountry = zipfSampler(counts.countries, 1.1);
  const mineralRank = zipfSampler(minerals.length, 0.8);
  const meetings = Array.from({ length: counts.meetings }, (_, i): SyntheticMeeting => {
    const start = dayIn(rng);
    const hostIndex = leadCountry(rng);
    return {
      id: uuidFrom(rng),
      title: `Synthetic meeting ${i + 1}`,
      kind: weighted(rng, MEETING_KINDS),
      startsOn: isoDate(start),
      endsOn: isoDate(start + intBetween(rng, 0, 2) * DAY_MS),
      city: pick(rng, CITIES),
      hostIndex,
      participants: partiesFor(rng, counts.countries, hostIndex, intBetween(rng, 2, 7), 'HOST', 'MEMBER'),
    };
  });
  const commitments = Array.from({ length: counts.commitments }, (_, i): SyntheticCommitment => {
    const kind = weighted(rng, COMMITMENT_KINDS);
    const announced = dayIn(rng);
    const lead = leadCountry(rng);
    const mineralIndexes = distinctIndexes(rng, minerals.length, intBetween(rng, 1, 3), mineralRank);
    return {
      id: uuidFrom(rng),
      title: `${countries[lead].name} ${kind.toLowerCase().replace(/_/g, ' ')} on ${minerals[mineralIndexes[0]].name} #${i + 1}`,
      kind,
      instrument: pick(rng, INSTRUMENTS),
      stages: STAGES.filter(() => rng() < 0.3),
      meetingIndex: rng() < 0.7 ? Math.floor(rng() * counts.meetings) : null,
      ...money(rng),
      announcedOn: isoDate(announced),
      targetOn: rng() < 0.8 ? isoDate(announced + intBetween(rng, 90, 1800) * DAY_MS) : null,
      parties: partiesFor(
        rng,
        counts.countries,
        lead,
        weighted(rng, [
          [0, 50],
          [1, 30],
          [2, 15],
          [3, 5],
        ]),
        'LEAD',
        'PARTY',
      ),
      mineralIndexes,
    };
  });
  const projects = Array.from({ length: counts.projects }, (_, i): SyntheticProject => {
    const start = dayIn(rng);
    const budget = money(rng);
    return {
      id: uuidFrom(rng),
      name: `Synthetic project ${i + 1}`,
      kind: pick(rng, PROJECT_KINDS),
      budgetAmount: budget.amount,
      budgetCurrency: budget.currency,
      startsOn: isoDate(start),
      endsOn: rng() < 0.7 ? isoDate(start + intBetween(rng, 180, 2500) * DAY_MS) : null,
      location: pick(rng, CITIES),
      participants: partiesFor(rng, counts.countries, leadCountry(rng), intBetween(rng, 0, 2), 'LEAD', 'PARTNER'),
      mineralIndexes: distinctIndexes(rng, minerals.length, intBetween(rng, 1, 2), mineralRank),
      commitmentIndexes: distinctIndexes(rng, counts.commitments, intBetween(rng, 1, 3)),
    };
  });
  return { counts, countries, minerals, meetings, commitments, projects };
}
