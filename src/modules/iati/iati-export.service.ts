import { toGlobalId } from '../../shared/global-id';
import { formatAmount } from '../../shared/money';
import { SqlParams } from '../../shared/pagination';
import { projectConditions } from '../project/project.sql';
import { ProjectStatus } from '../project/project.status';
import { ACTIVITY_STATUS_CODES, PART_SQL, projectPageSql } from './iati-export.sql';
import {
  IatiActivity,
  IatiActivityDate,
  IatiIndicator,
  IatiNarrative,
  IatiOrganisationRef,
  IatiResult,
  IatiTransaction,
} from './iati.model';
import { canonicalDecimal } from './xml-reading';

/** Which projects an IATI export holds: the GraphQL project filter's countries and statuses, and the commitments they deliver on. */
export interface IatiExportFilter {
  countryCodes?: string[];
  statuses?: ProjectStatus[];
  /** Commitment ids (UUIDs, decoded from global IDs). */
  commitmentIds?: string[];
  /**
   * Projects by IATI identifier, whether or not IATI would take them as they are (the import
   * compares a file with what the database holds).
   */
  identifiers?: string[];
}

/** Runs one statement and gives its rows: the export's own connection, or a test's. */
export type RowQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface IatiExportOptions {
  /** Projects read per round of statements: what memory holds at once. */
  pageSize: number;
  /** Where a piece of evidence with no URL of its own can be downloaded. */
  evidenceUrl: (globalId: string) => string;
}

type Row = Record<string, unknown>;
const text = (value: unknown): IatiNarrative[] => (typeof value === 'string' && value.trim() ? [{ text: value }] : []);
const str = (value: unknown): string => value as string;

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = str(row[key]);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return groups;
}

/** An indicator value as the reader writes it: canonical, trailing zeros gone. */
const indicatorNumber = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const parsed = canonicalDecimal(str(value), 6);
  return 'value' in parsed ? parsed.value : str(value);
};

const org = (ref: unknown, type: unknown, name: unknown): IatiOrganisationRef => ({
  ...(ref ? { ref: str(ref) } : {}),
  ...(type ? { type: str(type) } : {}),
  narratives: text(name),
});

function transactionOf(row: Row): IatiTransaction {
  return {
    ...(row.ref ? { ref: str(row.ref) } : {}),
    type: str(row.type),
    date: str(row.date),
    value: { amount: formatAmount(str(row.amount), str(row.currency)), currency: str(row.currency), valueDate: str(row.valueDate) },
    description: text(row.description),
    ...(row.hasProvider ? { provider: org(row.providerRef, row.providerType, row.providerName) } : {}),
    ...(row.hasReceiver ? { receiver: org(row.receiverRef, row.receiverType, row.receiverName) } : {}),
    line: 0,
  };
}

function indicatorOf(row: Row, periods: Row[]): IatiIndicator {
  const measured = (value: unknown, comment: unknown) => {
    const parsed = indicatorNumber(value);
    return { ...(parsed !== undefined ? { value: parsed } : {}), comment: text(comment) };
  };
  return {
    measure: str(row.measure),
    ascending: Boolean(row.ascending),
    title: text(row.title),
    description: text(row.description),
    ...(row.baselineYear !== null
      ? {
          baseline: {
            year: Number(row.baselineYear),
            ...(row.baselineDate ? { isoDate: str(row.baselineDate) } : {}),
            ...measured(row.baselineValue, row.baselineComment),
          },
        }
      : {}),
    periods: periods.map((p) => ({
      periodStart: str(p.periodStart),
      periodEnd: str(p.periodEnd),
      ...(p.targetValue !== null || p.targetComment !== null ? { target: measured(p.targetValue, p.targetComment) } : {}),
      ...(p.actualValue !== null || p.actualComment !== null ? { actual: measured(p.actualValue, p.actualComment) } : {}),
      line: 0,
    })),
    line: 0,
  };
}

/** Planned dates while the project is in the pipeline; actual ones once it has started (an end only once it is over). */
export function activityDates(status: string, startsOn: string | null, endsOn: string | null): IatiActivityDate[] {
  const started = status !== ProjectStatus.PIPELINE;
  const ended = [ProjectStatus.CLOSED, ProjectStatus.CANCELLED, ProjectStatus.FINALISATION].includes(status as ProjectStatus);
  const dates: IatiActivityDate[] = [];
  if (startsOn) dates.push({ type: started ? '2' : '1', isoDate: startsOn, line: 0 });
  if (endsOn) dates.push({ type: ended ? '4' : '3', isoDate: endsOn, line: 0 });
  return dates;
}

/** The page's parts, each fetched for all its projects in one statement and grouped by project. */
async function partsOf(query: RowQuery, ids: string[]) {
  // One after another: they share the export's one connection, which runs one statement at a time anyway.
  const rows: Record<string, unknown>[][] = [];
  for (const sql of Object.values(PART_SQL)) rows.push(await query(sql, [ids]));
  const [participatingOrgs, recipientCountries, budgets, transactions, results, indicators, periods, documentLinks] = rows;
  return {
    participatingOrgs: groupBy(participatingOrgs, 'projectId'),
    recipientCountries: groupBy(recipientCountries, 'projectId'),
    budgets: groupBy(budgets, 'projectId'),
    transactions: groupBy(transactions, 'projectId'),
    results: groupBy(results, 'projectId'),
    indicators: groupBy(indicators, 'resultId'),
    periods: groupBy(periods, 'indicatorId'),
    documentLinks: groupBy(documentLinks, 'projectId'),
  };
}

type Parts = Awaited<ReturnType<typeof partsOf>>;

function resultsOf(parts: Parts, id: string): IatiResult[] {
  return (parts.results.get(id) ?? []).map((r) => ({
    type: str(r.type),
    title: text(r.title),
    description: text(r.description),
    indicators: (parts.indicators.get(str(r.id)) ?? []).map((i) => indicatorOf(i, parts.periods.get(str(i.id)) ?? [])),
    line: 0,
  }));
}

function activityOf(project: Row, parts: Parts, options: IatiExportOptions): IatiActivity {
  const id = str(project.id);
  return {
    identifier: str(project.identifier),
    reportingOrg: org(project.reportingRef, project.reportingType, project.reportingName),
    title: text(project.name),
    description: text(project.description),
    participatingOrgs: (parts.participatingOrgs.get(id) ?? []).map((o) => ({ ...org(o.ref, o.type, o.name), role: str(o.role), line: 0 })),
    status: ACTIVITY_STATUS_CODES[str(project.status)],
    dates: activityDates(str(project.status), project.startsOn as string | null, project.endsOn as string | null),
    recipientCountries: (parts.recipientCountries.get(id) ?? []).map((c) => ({ code: str(c.code), line: 0 })),
    budgets: (parts.budgets.get(id) ?? []).map((b) => ({
      type: str(b.type),
      status: str(b.status),
      periodStart: str(b.periodStart),
      periodEnd: str(b.periodEnd),
      value: { amount: formatAmount(str(b.amount), str(b.currency)), currency: str(b.currency), valueDate: str(b.valueDate) },
      line: 0,
    })),
    transactions: (parts.transactions.get(id) ?? []).map(transactionOf),
    results: resultsOf(parts, id),
    documentLinks: (parts.documentLinks.get(id) ?? []).map((d) => ({
      url: d.url ? str(d.url) : options.evidenceUrl(toGlobalId('Evidence', str(d.id))),
      format: d.mediaType ? str(d.mediaType) : 'application/octet-stream',
      title: text(d.title),
      categories: [str(d.category)],
      languages: [str(d.language)],
      documentDate: str(d.publishedOn),
      line: 0,
    })),
    line: 0,
  };
}

/** The filter as conditions on the project `p`, its values added to `params`. */
export function iatiExportConditions(filter: IatiExportFilter, params: SqlParams): string[] {
  const { where } = projectConditions({ countryCodes: filter.countryCodes, statuses: filter.statuses }, params);
  if (filter.identifiers?.length) where.push(`p.iati_identifier = ANY(${params.add(filter.identifiers)}::text[])`);
  if (filter.commitmentIds?.length)
    where.push(
      `EXISTS (SELECT 1 FROM project_commitments fc WHERE fc.project_id = p.id AND fc.commitment_id = ANY(${params.add(filter.commitmentIds)}::uuid[]))`,
    );
  return where;
}

/**
 * The projects the filter selects, as IATI activities, in id order, read a page at a time: what
 * an import compares a file with, and what the Node writer writes (the export itself is written
 * by Postgres, iati-activity.sql.ts, and a test holds the two to the same bytes). Projects that lack what IATI
 * requires (see EXPORTABLE) are left out.
 */
export async function* iatiActivities(query: RowQuery, filter: IatiExportFilter, options: IatiExportOptions): AsyncGenerator<IatiActivity> {
  let after: string | null = null;
  for (;;) {
    const params = new SqlParams();
    const where = iatiExportConditions(filter, params);
    const projects = await query(projectPageSql(where, params, after, options.pageSize, !filter.identifiers), params.values);
    if (projects.length === 0) return;
    const parts = await partsOf(
      query,
      projects.map((p) => str(p.id)),
    );
    for (const project of projects) yield activityOf(project, parts, options);
    if (projects.length < options.pageSize) return;
    after = str(projects.at(-1)!.id);
  }
}
