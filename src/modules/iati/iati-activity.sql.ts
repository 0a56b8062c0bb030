/**
 * Each exported project's `iati-activity` element, written by Postgres: the export streams it
 * with COPY, so the server's memory holds a block of bytes at a time rather than rows and the
 * objects built from them (an activity written in Node took 128 MB of heap churn per 100,000).
 *
 * The text is byte for byte what iati-xml-writer.ts writes for the same project, which stays the
 * definition of the canonical form: the export test reads the file back and writes it again with
 * it. Each helper here mirrors the one of the same name there.
 */
import { minorUnitsSql } from '../../shared/money';
import { globalIdSql } from '../../shared/record-export';
import { SqlLiterals } from '../../shared/sql-literals';
import { acceptedParticipant } from '../project/project.sql';
import { ProjectStatus } from '../project/project.status';
import { ACTIVITY_STATUS_CODES, EXPORTABLE } from './iati-export.sql';

/** An SQL expression of type text. */
type Sql = string;

const quote = (text: string): Sql => `'${text.replace(/'/g, "''")}'`;

/** What XML cannot carry and Postgres text can (C0 controls, U+FFFE, U+FFFF), each to U+FFFD, as xmlChars does. */
const NON_XML_CHARS = [...Array.from({ length: 0x1f }, (_, i) => i + 1).filter((c) => c !== 0x9 && c !== 0xa && c !== 0xd), 0xfffe, 0xffff];
const xmlChars = (text: Sql): Sql =>
  `translate(${text}, E'${NON_XML_CHARS.map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}', ${quote('\uFFFD'.repeat(NON_XML_CHARS.length))})`;

/** A character as an SQL literal: control characters as E-string escapes. */
const charLiteral = (char: string): Sql => (char < ' ' ? `E'\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}'` : quote(char));

const replaced = (text: Sql, escapes: ReadonlyArray<readonly [string, string]>): Sql =>
  escapes.reduce((sql, [char, entity]) => `replace(${sql}, ${charLiteral(char)}, '${entity}')`, text);

// '&' first, so that no escape is escaped again.
const TEXT_ESCAPES = [
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['\r', '&#13;'],
] as const;
const ATTRIBUTE_ESCAPES = [...TEXT_ESCAPES, ['"', '&quot;'], ['\n', '&#10;'], ['\t', '&#9;']] as const;

/** Text content, escaped (escapeText). */
const escapeText = (text: Sql): Sql => replaced(xmlChars(text), TEXT_ESCAPES);

/** An attribute value, escaped for double quotes (escapeAttribute). */
const escapeAttribute = (value: Sql): Sql => replaced(xmlChars(value), ATTRIBUTE_ESCAPES);

/** Whether a value has text beyond white space, as JavaScript's trim() sees white space: a narrative is written only then. */
const hasText = (value: Sql): Sql =>
  `coalesce(${value} ~ '[^ \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]', false)`;

/** ` name="value"`; NULL or '' leaves the attribute out, as the writer does with a missing one. */
const attribute = (name: string, value: Sql): Sql =>
  `CASE WHEN ${value} <> '' THEN concat(' ${name}="', ${escapeAttribute(value)}, '"') ELSE '' END`;

/** An element with its content, or self-closing when the content is empty (element). */
function element(name: string, attributes: Sql[], content: Sql): Sql {
  const open = `concat('<${name}', ${attributes.join(', ') || "''"}`;
  // The content is computed once (OFFSET 0 keeps the planner from copying it into both branches).
  return `(SELECT CASE WHEN c = '' THEN ${open}, '/>') ELSE ${open}, '>', c, '</${name}>') END FROM (SELECT coalesce(${content}, '') AS c OFFSET 0) content)`;
}

/** An element that always has content. */
const filled = (name: string, attributes: Sql[], content: Sql[]): Sql =>
  `concat('<${name}', ${[...attributes, "'>'", ...content].join(', ')}, '</${name}>')`;

/** An element with no content. */
const empty = (name: string, attributes: Sql[]): Sql => `concat('<${name}', ${[...attributes, "'/>'"].join(', ')})`;

/** One narrative, for text already known not to be blank. */
const narrative = (text: Sql): Sql => `concat('<narrative>', ${escapeText(text)}, '</narrative>')`;

/** A title, description or comment: absent when it has no narrative (narratives). */
const narratives = (name: string, text: Sql): Sql =>
  `CASE WHEN ${hasText(text)} THEN concat('<${name}><narrative>', ${escapeText(text)}, '</narrative></${name}>') ELSE '' END`;

/** An element whose content is one narrative, self-closing when the text is blank. */
const named = (name: string, attributes: Sql[], text: Sql): Sql =>
  `CASE WHEN ${hasText(text)} THEN ${filled(name, attributes, [narrative(text)])} ELSE ${empty(name, attributes)} END`;

const organisation = (name: string, ref: Sql, type: Sql, text: Sql, extra: Sql[] = []): Sql =>
  named(name, [attribute('ref', ref), attribute('type', type), ...extra], text);

/** An amount with exactly its currency's minor units, and never fewer digits than it has (formatAmount). */
const amount = (value: Sql, currency: Sql): Sql =>
  `round(${value}, greatest(${minorUnitsSql(currency)}, scale(trim_scale(${value}))))::text`;

// Functions rather than constants: minorUnitsSql takes its first answer on first use, not when the server starts.
const value = (alias: string): Sql =>
  `concat('<value currency="', ${escapeAttribute(`${alias}.currency`)}, '" value-date="', ${alias}.value_date::text, '">', ${amount(`${alias}.value`, `${alias}.currency`)}, '</value>')`;

const period = (start: Sql, end: Sql): Sql[] => [
  empty('period-start', [attribute('iso-date', start)]),
  empty('period-end', [attribute('iso-date', end)]),
];

/** A list of elements, one per row, in order: '' when there are none. */
const each = (rows: string, element: Sql, orderBy: string): Sql =>
  `(SELECT coalesce(string_agg(${element}, '' ORDER BY ${orderBy}), '') FROM ${rows})`;

/** An indicator value as the reader writes it: canonical, trailing zeros gone (canonicalDecimal). */
const decimal = (value: Sql): Sql => `trim_scale(${value})::text`;

const participatingOrgs = each(
  `project_organisations po JOIN organisations o ON o.id = po.organisation_id WHERE po.project_id = p.id AND po.consent = 'ACCEPTED'`,
  organisation('participating-org', 'o.iati_identifier', 'o.organisation_type', 'o.name', [attribute('role', 'po.role')]),
  'po.position',
);

const STARTED = `p.status <> '${ProjectStatus.PIPELINE}'`;
const ENDED = `p.status IN (${[ProjectStatus.CLOSED, ProjectStatus.CANCELLED, ProjectStatus.FINALISATION].map((s) => `'${s}'`).join(', ')})`;

/** Planned dates while the project is in the pipeline; actual ones once it has started, an end only once it is over (activityDates). */
const activityDates = `concat(
  CASE WHEN p.starts_on IS NOT NULL THEN ${empty('activity-date', [attribute('iso-date', 'p.starts_on::text'), `CASE WHEN ${STARTED} THEN ' type="2"' ELSE ' type="1"' END`])} END,
  CASE WHEN p.ends_on IS NOT NULL THEN ${empty('activity-date', [attribute('iso-date', 'p.ends_on::text'), `CASE WHEN ${ENDED} THEN ' type="4"' ELSE ' type="3"' END`])} END)`;

const activityStatus = `CASE p.status ${Object.entries(ACTIVITY_STATUS_CODES)
  .map(([status, code]) => `WHEN '${status}' THEN '<activity-status code="${code}"/>'`)
  .join(' ')} END`;

// The countries that carry the work out (IMPLEMENTER) are where the activity takes place.
const recipientCountries = each(
  `project_participants pp JOIN countries k ON k.id = pp.country_id WHERE pp.project_id = p.id AND pp.role = 'IMPLEMENTER' AND ${acceptedParticipant('pp')}`,
  empty('recipient-country', [attribute('code', 'k.code')]),
  'k.code',
);

const budgets = (): Sql =>
  each(
    'budgets b WHERE b.project_id = p.id',
    filled(
      'budget',
      [attribute('type', 'b.budget_type'), attribute('status', 'b.budget_status')],
      [...period('b.period_start::text', 'b.period_end::text'), value('b')],
    ),
    'b.position',
  );

const hasProvider = 't.provider_organisation_id IS NOT NULL OR t.provider_narrative IS NOT NULL';
const hasReceiver = 't.receiver_organisation_id IS NOT NULL OR t.receiver_narrative IS NOT NULL';

// A corrected transaction is replaced by its correction: only transactions nothing corrects are current.
const transactions = (): Sql =>
  each(
    `transactions t
    LEFT JOIN organisations tp ON tp.id = t.provider_organisation_id
    LEFT JOIN organisations tr ON tr.id = t.receiver_organisation_id
    WHERE t.project_id = p.id AND NOT EXISTS (SELECT 1 FROM transactions c WHERE c.corrects_id = t.id)`,
    filled(
      'transaction',
      [attribute('ref', 't.reference')],
      [
        empty('transaction-type', [attribute('code', 't.transaction_type')]),
        empty('transaction-date', [attribute('iso-date', 't.transaction_date::text')]),
        value('t'),
        narratives('description', 't.description'),
        `CASE WHEN ${hasProvider} THEN ${organisation('provider-org', 'tp.iati_identifier', 'tp.organisation_type', 'coalesce(t.provider_narrative, tp.name)')} ELSE '' END`,
        `CASE WHEN ${hasReceiver} THEN ${organisation('receiver-org', 'tr.iati_identifier', 'tr.organisation_type', 'coalesce(t.receiver_narrative, tr.name)')} ELSE '' END`,
      ],
    ),
    't.transaction_date, t.recorded_at, t.id',
  );

/** Evidence in force (not superseded) attached to the project; without a URL of its own, where this server serves it. */
const documentLinks = (evidenceBaseUrl: Sql): Sql =>
  each(
    `evidence_attachments a JOIN evidence_documents d ON d.id = a.evidence_id
      WHERE a.subject_type = 'PROJECT' AND a.subject_id = p.id AND d.superseded_at IS NULL`,
    filled(
      'document-link',
      [
        attribute('format', `coalesce(nullif(d.media_type, ''), 'application/octet-stream')`),
        attribute('url', `coalesce(nullif(d.url, ''), ${evidenceBaseUrl} || ${globalIdSql('Evidence', 'd.id')})`),
      ],
      [
        named('title', [], 'd.title'),
        empty('category', [attribute('code', 'd.document_category')]),
        empty('language', [attribute('code', 'd.language')]),
        `CASE WHEN d.published_on IS NOT NULL THEN ${empty('document-date', [attribute('iso-date', 'd.published_on::text')])} ELSE '' END`,
      ],
    ),
    'd.published_on, d.id',
  );

/** A target or an actual value: there when it has a value or a comment. */
const indicatorValue = (name: string, prefix: string): Sql =>
  `CASE WHEN ip.${prefix}_value IS NOT NULL OR ip.${prefix}_comment IS NOT NULL THEN ${element(
    name,
    [attribute('value', decimal(`ip.${prefix}_value`))],
    narratives('comment', `ip.${prefix}_comment`),
  )} ELSE '' END`;

const indicatorPeriods = each(
  'result_indicator_periods ip WHERE ip.indicator_id = i.id',
  filled(
    'period',
    [],
    [...period('ip.period_start::text', 'ip.period_end::text'), indicatorValue('target', 'target'), indicatorValue('actual', 'actual')],
  ),
  'ip.position',
);

const baseline = `CASE WHEN i.baseline_year IS NOT NULL THEN ${element(
  'baseline',
  [
    attribute('year', 'i.baseline_year::text'),
    attribute('iso-date', 'i.baseline_date::text'),
    attribute('value', decimal('i.baseline_value')),
  ],
  narratives('comment', 'i.baseline_comment'),
)} ELSE '' END`;

const indicators = each(
  'result_indicators i WHERE i.result_id = r.id',
  element(
    'indicator',
    [attribute('measure', 'i.measure'), `CASE WHEN i.ascending THEN ' ascending="1"' ELSE ' ascending="0"' END`],
    `concat(${narratives('title', 'i.title')}, ${narratives('description', 'i.description')}, ${baseline}, ${indicatorPeriods})`,
  ),
  'i.position',
);

const results = each(
  'results r WHERE r.project_id = p.id',
  element(
    'result',
    [attribute('type', 'r.result_type')],
    `concat(${narratives('title', 'r.title')}, ${narratives('description', 'r.description')}, ${indicators})`,
  ),
  'r.position',
);

/** One project's `iati-activity` element (activityXml), without the newline that ends its line. */
const activity = (evidenceBaseUrl: Sql): Sql => `concat(
  '<iati-activity><iati-identifier>', ${escapeText('p.iati_identifier')}, '</iati-identifier>',
  ${organisation('reporting-org', 'ro.iati_identifier', 'ro.organisation_type', 'ro.name')},
  ${named('title', [], 'p.name')},
  -- IATI requires a description; a project with none says so with an empty narrative, which reads back as none.
  CASE WHEN ${hasText('p.description')} THEN concat('<description type="1"><narrative>', ${escapeText('p.description')}, '</narrative></description>')
    ELSE '<description type="1"><narrative/></description>' END,
  ${participatingOrgs},
  ${activityStatus},
  ${activityDates},
  ${recipientCountries},
  ${budgets()},
  ${transactions()},
  ${documentLinks(evidenceBaseUrl)},
  ${results},
  '</iati-activity>')`;

/**
 * The COPY statement that writes the activities of the exportable projects `where` selects, one
 * per row, in id order, in binary format (each value as it is: XML text holds newlines, which
 * the text format would escape). `where` refers to the project as `p`; its values are literals.
 */
export function activitiesCopyStatement(where: string[], evidenceBaseUrl: string): string {
  const conditions = [EXPORTABLE, ...where].join(' AND ');
  return `COPY (SELECT ${activity(new SqlLiterals().add(`${evidenceBaseUrl}/evidence/`))}
    FROM projects p LEFT JOIN organisations ro ON ro.id = p.reporting_organisation_id
    WHERE ${conditions} ORDER BY p.id) TO STDOUT (FORMAT binary)`;
}
