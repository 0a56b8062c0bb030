import type { DatePrecision } from '../modules/provenance/approximate-date';

/**
 * The two published reports the seed comes from. `text` is the stored text of each
 * (repo-relative); every excerpt below occurs in it verbatim, which a test checks.
 */
export const SOURCES = {
  ministerialReport: {
    // The stored text carries the article's subheadings but not its headline: the title is supplied, in square brackets.
    title: '[Report on India at the Washington ministerial meeting on critical minerals; headline not in the stored text]',
    publisher: null,
    url: null,
    publishedOn: null,
    text: 'src/seed/sources/ministerial-report.txt',
    excerpt:
      'India has stepped up high-level engagement on critical minerals in Washington, signalling deeper alignment with the United States and G7 economies as they move to reduce reliance on China-dominated supply chains.',
  },
  quickDigest: {
    title: 'US Urges Global Action to Diversify Critical Mineral Supply Chains from China',
    publisher: 'Quick Digest',
    url: null,
    publishedOn: null,
    text: 'src/seed/sources/quick-digest.txt',
    excerpt:
      'The U.S. has urged G7 nations and allies, including India, to accelerate efforts in reducing reliance on China for critical minerals like rare earths.',
  },
} as const;

export type SourceKey = keyof typeof SOURCES;

/** The words of one source, verbatim, that support a record. */
export interface Cited {
  source: SourceKey;
  excerpt: string;
}

/** A date given only to a month, season or year, or only roughly. */
export interface DateGiven {
  precision: DatePrecision | `${DatePrecision}`;
  approximate?: boolean;
}

/** Why a field holds its value: a source states it, or it was inferred (with the reasoning). */
export type Basis = ({ basis: 'STATED'; date?: DateGiven } & Cited) | { basis: 'INFERRED'; note: string; from?: Cited; date?: DateGiven };

export const cite = (source: SourceKey, excerpt: string): Cited => ({ source, excerpt });

export const stated = (source: SourceKey, excerpt: string, date?: DateGiven): Basis => ({ basis: 'STATED', source, excerpt, date });

export const inferred = (note: string, from?: Cited, date?: DateGiven): Basis => ({ basis: 'INFERRED', note, from, date });

/** Provenance per field name (`status`, `targetOn`), for the fields where it matters. */
export type FieldBases = Readonly<Record<string, Basis>>;
