import { registerEnumType } from 'type-graphql';

/**
 * IATI's DocumentCategory codelist (version 2.03), copied from `DocumentCategory.xml` beside
 * this file, which is the source: test/unit/document-category.test.ts holds the two equal.
 * Category A codes are about one activity (here a project or commitment), B about an organisation.
 */
export const DOCUMENT_CATEGORIES = {
  A01: 'Pre- and post-project impact appraisal',
  A02: 'Objectives / Purpose of activity',
  A03: 'Intended ultimate beneficiaries',
  A04: 'Conditions',
  A05: 'Budget',
  A06: 'Summary information about contract',
  A07: 'Review of project performance and evaluation',
  A08: 'Results, outcomes and outputs',
  A09: 'Memorandum of understanding (If agreed by all parties)',
  A10: 'Tender',
  A11: 'Contract',
  A12: 'Activity web page',
  B01: 'Annual report',
  B02: 'Institutional Strategy paper',
  B03: 'Country strategy paper',
  B04: 'Aid Allocation Policy',
  B05: 'Procurement Policy and Procedure',
  B06: 'Institutional Audit Report',
  B07: 'Country Audit Report',
  B08: 'Exclusions Policy',
  B09: 'Institutional Evaluation Report',
  B10: 'Country Evaluation Report',
  B11: 'Sector strategy',
  B12: 'Thematic strategy',
  B13: 'Country-level Memorandum of Understanding',
  B14: 'Evaluations policy',
  B15: 'General Terms and Conditions',
  B16: 'Organisation web page',
  B17: 'Country/Region web page',
  B18: 'Sector web page',
} as const;

export type DocumentCategory = keyof typeof DOCUMENT_CATEGORIES;

/** The codes as a TypeScript enum object, which type-graphql turns into the GraphQL enum. */
export const DocumentCategory = Object.freeze(
  Object.fromEntries(Object.keys(DOCUMENT_CATEGORIES).map((code) => [code, code])) as { [C in DocumentCategory]: C },
);

/** Whether a string is a code of the codelist (case-sensitive, as IATI writes them). */
export const isDocumentCategory = (code: string): code is DocumentCategory => Object.hasOwn(DOCUMENT_CATEGORIES, code);

registerEnumType(DocumentCategory, {
  name: 'DocumentCategory',
  description:
    "What kind of document a piece of evidence is: a code of IATI's DocumentCategory codelist (IATI Standard 2.03). A codes describe one activity, B codes an organisation.",
  valuesConfig: Object.fromEntries(Object.entries(DOCUMENT_CATEGORIES).map(([code, name]) => [code, { description: name }])),
});
