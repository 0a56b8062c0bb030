import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_CATEGORIES } from '../evidence/document-category';
import { isLanguageCode } from '../evidence/language';

/** The folder of the IATI 2.03 files this service ships (see its NOTICE.md). */
export const IATI_STANDARD_DIR = path.join(__dirname, 'standard');

/** The codes of an embedded IATI codelist, read from its XML as the standard publishes it. */
function embedded(name: string): ReadonlySet<string> {
  const xml = fs.readFileSync(path.join(IATI_STANDARD_DIR, 'codelists', `${name}.xml`), 'utf8');
  return new Set([...xml.matchAll(/<code>\s*([^<]+?)\s*<\/code>/g)].map((match) => match[1]));
}

// Unicode CLDR names these two-letter regions, but ISO 3166-1 does not assign them (or withdrew
// them): CLDR's own groupings, exceptional reservations and the codes of states that ended.
const NOT_ISO_3166 = new Set('AC CP CQ DG EA EU EZ IC QO TA UN XA XB ZZ AN BU CS DD DY FX HV NH RH SU TP UK VD YD YU ZR'.split(' '));

/**
 * IATI's Country codelist is ISO 3166-1 alpha-2 plus XK (Kosovo): every upper-case pair the
 * runtime's CLDR data names as a region, less those ISO does not assign.
 */
function countries(): ReadonlySet<string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const codes = new Set<string>();
  for (let first = 65; first <= 90; first++)
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      if (names.of(code) !== code && !NOT_ISO_3166.has(code)) codes.add(code);
    }
  return codes;
}

/**
 * The codelists whose codes this service keeps. Embedded ones come from the XML files in
 * `standard/codelists` (and evidence's DocumentCategory); the non-embedded ones are ISO lists
 * from the runtime's ICU data (Currency: ISO 4217; Country: ISO 3166-1) or short tables copied
 * from iatistandard.org/en/iati-standard/203/codelists/ (OrganisationType, ResultType,
 * IndicatorMeasure).
 */
export const CODELISTS = {
  ActivityStatus: embedded('ActivityStatus'),
  ActivityDateType: embedded('ActivityDateType'),
  BudgetType: embedded('BudgetType'),
  BudgetStatus: embedded('BudgetStatus'),
  OrganisationRole: embedded('OrganisationRole'),
  TransactionType: embedded('TransactionType'),
  DocumentCategory: new Set(Object.keys(DOCUMENT_CATEGORIES)),
  Currency: new Set(Intl.supportedValuesOf('currency')),
  Country: countries(),
  OrganisationType: new Set(['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90']),
  ResultType: new Set(['1', '2', '3', '9']),
  IndicatorMeasure: new Set(['1', '2', '3', '4', '5']),
} as const satisfies Record<string, ReadonlySet<string>>;

export type CodelistName = keyof typeof CODELISTS | 'Language';

/** Whether a code belongs to the codelist (codes are case-sensitive, as IATI writes them). */
export function inCodelist(codelist: CodelistName, code: string): boolean {
  if (codelist === 'Language') return /^[a-z]{2}$/.test(code) && isLanguageCode(code);
  return CODELISTS[codelist].has(code);
}
