import {
  IatiActivity,
  IatiBudget,
  IatiDocumentLink,
  IatiIndicator,
  IatiIndicatorValue,
  IatiNarrative,
  IatiOrganisationRef,
  IatiPeriod,
  IatiResult,
  IatiTransaction,
  IatiValue,
} from './iati.model';

/**
 * Writes the activity model as IATI 2.03 XML, one activity at a time, so an export can stream
 * any number of them. The output is canonical: elements in the schema's order, attributes in a
 * fixed order, every value with its currency (no default-currency), dates as xsd:date, and
 * nothing that changes between two exports of the same data (no generated-datetime).
 */

/** Whether XML 1.0 can carry a code point at all, even escaped (its `Char` production). */
const isXmlChar = (code: number): boolean =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;

/** Any code point that XML cannot carry; `u` makes an unpaired surrogate a code point of its own. */
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** What XML cannot carry (C0 controls, U+FFFE, U+FFFF, unpaired surrogates) becomes U+FFFD. */
function xmlChars(text: string): string {
  // Almost every value is clean: checked in one pass, it is returned as it is instead of being
  // rebuilt a character at a time, garbage that an export of 100,000 activities made by the gigabyte.
  if (!NON_XML_CHAR.test(text)) return text;
  let safe = '';
  for (const char of text) safe += isXmlChar(char.codePointAt(0)!) ? char : '\uFFFD';
  return safe;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// A parser normalises tabs and newlines in attribute values to spaces unless they are escaped.
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };

/** Text content, escaped. */
export const escapeText = (text: string): string => xmlChars(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]);

/** An attribute value, escaped for double quotes. */
export const escapeAttribute = (value: string): string => xmlChars(value).replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]);

type Attributes = ReadonlyArray<readonly [string, string | number | boolean | undefined]>;

function element(name: string, attributes: Attributes, children: string[] = []): string {
  const written = attributes
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  const content = children.join('');
  return content ? `<${name}${written}>${content}</${name}>` : `<${name}${written}/>`;
}

const narrative = ({ text, lang }: IatiNarrative): string =>
  `<narrative${lang ? ` xml:lang="${escapeAttribute(lang)}"` : ''}>${escapeText(text)}</narrative>`;

/** A title, description or comment: absent when it has no narrative. */
const narratives = (name: string, list: IatiNarrative[], attributes: Attributes = []): string[] =>
  list.length > 0 ? [element(name, attributes, list.map(narrative))] : [];

const organisation = (name: string, org: IatiOrganisationRef, extra: Attributes = []): string =>
  element(name, [['ref', org.ref], ['type', org.type], ...extra], org.narratives.map(narrative));

const value = (money: IatiValue): string =>
  `<value currency="${escapeAttribute(money.currency)}" value-date="${money.valueDate}">${money.amount}</value>`;

const period = (start: string, end: string): string[] => [
  element('period-start', [['iso-date', start]]),
  element('period-end', [['iso-date', end]]),
];

const budget = (b: IatiBudget): string =>
  element(
    'budget',
    [
      ['type', b.type],
      ['status', b.status],
    ],
    [...period(b.periodStart, b.periodEnd), value(b.value)],
  );

const transaction = (t: IatiTransaction): string =>
  element(
    'transaction',
    [['ref', t.ref]],
    [
      element('transaction-type', [['code', t.type]]),
      element('transaction-date', [['iso-date', t.date]]),
      value(t.value),
      ...narratives('description', t.description),
      ...(t.provider ? [organisation('provider-org', t.provider)] : []),
      ...(t.receiver ? [organisation('receiver-org', t.receiver)] : []),
    ],
  );

const indicatorValue = (name: string, v: IatiIndicatorValue, extra: Attributes = []): string =>
  element(name, [...extra, ['value', v.value]], narratives('comment', v.comment));

const indicatorPeriod = (p: IatiPeriod): string =>
  element(
    'period',
    [],
    [
      ...period(p.periodStart, p.periodEnd),
      ...(p.target ? [indicatorValue('target', p.target)] : []),
      ...(p.actual ? [indicatorValue('actual', p.actual)] : []),
    ],
  );

const indicator = (i: IatiIndicator): string =>
  element(
    'indicator',
    [
      ['measure', i.measure],
      ['ascending', i.ascending ? '1' : '0'],
    ],
    [
      ...narratives('title', i.title),
      ...narratives('description', i.description),
      ...(i.baseline
        ? [
            indicatorValue('baseline', i.baseline, [
              ['year', i.baseline.year],
              ['iso-date', i.baseline.isoDate],
            ]),
          ]
        : []),
      ...i.periods.map(indicatorPeriod),
    ],
  );

const result = (r: IatiResult): string =>
  element(
    'result',
    [['type', r.type]],
    [...narratives('title', r.title), ...narratives('description', r.description), ...r.indicators.map(indicator)],
  );

const documentLink = (d: IatiDocumentLink): string =>
  element(
    'document-link',
    [
      ['format', d.format],
      ['url', d.url],
    ],
    [
      element('title', [], d.title.map(narrative)),
      ...d.categories.map((code) => element('category', [['code', code]])),
      ...d.languages.map((code) => element('language', [['code', code]])),
      ...(d.documentDate ? [element('document-date', [['iso-date', d.documentDate]])] : []),
    ],
  );

/** One `iati-activity` element, on one line of its own. */
export function activityXml(a: IatiActivity): string {
  return `${element(
    'iati-activity',
    [['xml:lang', a.lang]],
    [
      `<iati-identifier>${escapeText(a.identifier)}</iati-identifier>`,
      organisation('reporting-org', a.reportingOrg),
      element('title', [], a.title.map(narrative)),
      // IATI requires a description; a project with none says so with an empty narrative, which reads back as none.
      element('description', [['type', '1']], a.description.length ? a.description.map(narrative) : ['<narrative/>']),
      ...a.participatingOrgs.map((org) => organisation('participating-org', org, [['role', org.role]])),
      element('activity-status', [['code', a.status]]),
      ...a.dates.map((date) =>
        element('activity-date', [
          ['iso-date', date.isoDate],
          ['type', date.type],
        ]),
      ),
      ...a.recipientCountries.map((country) =>
        element('recipient-country', [
          ['code', country.code],
          ['percentage', country.percentage],
        ]),
      ),
      ...a.budgets.map(budget),
      ...a.transactions.map(transaction),
      ...a.documentLinks.map(documentLink),
      ...a.results.map(result),
    ],
  )}\n`;
}

/** What comes before the activities. */
export const ACTIVITIES_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n';

/** What comes after them. */
export const ACTIVITIES_FOOTER = '</iati-activities>\n';

/** A whole file: for small sets and tests; exports write the header, each activity, then the footer. */
export const activitiesXml = (activities: Iterable<IatiActivity>): string =>
  ACTIVITIES_HEADER + Array.from(activities, activityXml).join('') + ACTIVITIES_FOOTER;
