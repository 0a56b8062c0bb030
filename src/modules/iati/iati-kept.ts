/**
 * What this service keeps of a file's activity, in the shape its export writes: the import
 * compares this with what the database holds, so a file imported twice finds nothing to change.
 * Also the rules a project holds that the schema does not say, each refused with its line.
 */
import { MAX_ORGANISATION_IDENTIFIER, ORGANISATION_IDENTIFIER } from '../organisation/organisation.rules';
import { activityDates } from './iati-export.service';
import {
  IatiActivity,
  IatiIndicatorValue,
  IatiNarrative,
  IatiOrganisationRef,
  IatiProblem,
  IatiResult,
  IatiTransaction,
} from './iati.model';

/** An organisation as the database records it. */
export interface KnownOrganisation {
  id: string;
  type: string;
  name: string;
}

export type Organisations = ReadonlyMap<string, KnownOrganisation>;

/** IATI's activity-status codes, read back into project statuses. */
export const PROJECT_STATUSES: Readonly<Record<string, string>> = {
  '1': 'PIPELINE',
  '2': 'IMPLEMENTATION',
  '3': 'FINALISATION',
  '4': 'CLOSED',
  '5': 'CANCELLED',
  '6': 'SUSPENDED',
};

/** The longest texts the tables hold. */
const LIMITS = { title: 300, description: 2000, resultTitle: 500, comment: 2000, narrative: 300 } as const;

/** Only the first narrative of a text is kept, without its language. */
export const firstText = (narratives: IatiNarrative[]): string | undefined => narratives[0]?.text;

const one = (narratives: IatiNarrative[]): IatiNarrative[] => (narratives.length ? [{ text: narratives[0].text }] : []);

/** The organisations an activity names by @ref, with the line that names each. */
export function organisationRefs(activity: IatiActivity): { ref: string; line: number; type?: string; name?: string }[] {
  const named = (org: IatiOrganisationRef | undefined, line: number) =>
    org?.ref ? [{ ref: org.ref, line, type: org.type, name: firstText(org.narratives) }] : [];
  return [
    ...named(activity.reportingOrg, activity.line),
    ...activity.participatingOrgs.flatMap((org) => named(org, org.line)),
    ...activity.transactions.flatMap((t) => [...named(t.provider, t.line), ...named(t.receiver, t.line)]),
  ];
}

/** Refuses what a project cannot hold: problems, each with its line. */
export function projectProblems(activity: IatiActivity, today: string): IatiProblem[] {
  const problems: IatiProblem[] = [];
  const refuse = (line: number, reason: string) => problems.push({ line, reason });
  const tooLong = (narratives: IatiNarrative[], max: number) => (firstText(narratives)?.length ?? 0) > max;
  if (!activity.reportingOrg.ref) refuse(activity.line, 'reporting-org has no @ref: a project is reported by an identified organisation');
  for (const { ref, line } of organisationRefs(activity))
    if (!ORGANISATION_IDENTIFIER.test(ref) || ref.length > MAX_ORGANISATION_IDENTIFIER)
      refuse(line, `"${ref}" is not an IATI organisation identifier (agency prefix, hyphen, identifier; letters, digits and . _ : - only)`);
  if (!ORGANISATION_IDENTIFIER.test(activity.identifier) && activity.identifier)
    refuse(activity.line, `iati-identifier "${activity.identifier}" has characters IATI identifiers may not have`);
  if (!firstText(activity.title)) refuse(activity.line, 'the title has no narrative');
  if (tooLong(activity.title, LIMITS.title)) refuse(activity.line, `the title is longer than ${LIMITS.title} characters`);
  if (tooLong(activity.description, LIMITS.description))
    refuse(activity.line, `the description is longer than ${LIMITS.description} characters`);
  const { startsOn, endsOn } = projectDates(activity);
  if (startsOn && endsOn && endsOn < startsOn) refuse(activity.line, `the activity ends (${endsOn}) before it starts (${startsOn})`);
  for (const t of activity.transactions)
    if (t.date > today) refuse(t.line, `transaction-date ${t.date} is in the future: a transaction records what happened`);
  for (const r of activity.results) {
    if (!firstText(r.title) || tooLong(r.title, LIMITS.resultTitle))
      refuse(r.line, `a result needs a title of 1 to ${LIMITS.resultTitle} characters`);
    for (const i of r.indicators)
      if (!firstText(i.title) || tooLong(i.title, LIMITS.resultTitle))
        refuse(i.line, `an indicator needs a title of 1 to ${LIMITS.resultTitle} characters`);
  }
  return problems;
}

/** Start and end: actual (types 2 and 4) before planned (1 and 3). */
export function projectDates(activity: IatiActivity): { startsOn: string | null; endsOn: string | null } {
  const of = (type: string) => activity.dates.find((d) => d.type === type)?.isoDate ?? null;
  return { startsOn: of('2') ?? of('1'), endsOn: of('4') ?? of('3') };
}

/**
 * An organisation as the export will name it: by the recorded name, or (a transaction's provider
 * and receiver, which keep a narrative of their own) by the file's narrative first.
 */
function organisation(org: IatiOrganisationRef | undefined, known: Organisations, ownNarrative = false): IatiOrganisationRef | undefined {
  const recorded = org?.ref ? known.get(org.ref) : undefined;
  if (!org || (!recorded && !firstText(org.narratives))) return undefined;
  if (!recorded) return { narratives: one(org.narratives) };
  const name = ownNarrative ? (firstText(org.narratives) ?? recorded.name) : recorded.name;
  return { ref: org.ref, type: recorded.type, narratives: [{ text: name }] };
}

const keptValue = (value: IatiIndicatorValue | undefined) =>
  value && { ...(value.value !== undefined ? { value: value.value } : {}), comment: one(value.comment) };

function keptResult(r: IatiResult): IatiResult {
  return {
    type: r.type,
    title: one(r.title),
    description: one(r.description),
    indicators: r.indicators.map((i) => ({
      measure: i.measure,
      ascending: i.ascending,
      title: one(i.title),
      description: one(i.description),
      ...(i.baseline && {
        baseline: { year: i.baseline.year, ...(i.baseline.isoDate && { isoDate: i.baseline.isoDate }), ...keptValue(i.baseline)! },
      }),
      periods: i.periods.map((p) => ({
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        ...(p.target && { target: keptValue(p.target) }),
        ...(p.actual && { actual: keptValue(p.actual) }),
        line: p.line,
      })),
      line: i.line,
    })),
    line: r.line,
  };
}

function keptTransaction(t: IatiTransaction, known: Organisations): IatiTransaction {
  const provider = organisation(t.provider, known, true);
  const receiver = organisation(t.receiver, known, true);
  return {
    ...(t.ref && { ref: t.ref }),
    type: t.type,
    date: t.date,
    value: t.value,
    description: one(t.description),
    ...(provider && { provider }),
    ...(receiver && { receiver }),
    line: t.line,
  };
}

/**
 * The activity as the database will hold it: first narratives only, organisations as recorded,
 * participating organisations with an identifier (once per role), dates as the project keeps them.
 * Recipient countries and document links are the project's own (`held`), which an import does not change.
 */
export function keptActivity(
  activity: IatiActivity,
  known: Organisations,
  held: Pick<IatiActivity, 'recipientCountries' | 'documentLinks'>,
): IatiActivity {
  const { startsOn, endsOn } = projectDates(activity);
  const seen = new Set<string>();
  const participating = activity.participatingOrgs.filter((org) => {
    const key = `${org.ref}:${org.role}`;
    if (!org.ref || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    identifier: activity.identifier,
    reportingOrg: organisation(activity.reportingOrg, known) ?? { narratives: [] },
    title: one(activity.title),
    description: one(activity.description),
    participatingOrgs: participating.map((org) => ({ ...organisation(org, known)!, role: org.role, line: org.line })),
    status: activity.status,
    dates: activityDates(PROJECT_STATUSES[activity.status], startsOn, endsOn),
    recipientCountries: held.recipientCountries,
    budgets: activity.budgets,
    transactions: activity.transactions.map((t) => keptTransaction(t, known)),
    results: activity.results.map(keptResult),
    documentLinks: held.documentLinks,
    line: activity.line,
  };
}
