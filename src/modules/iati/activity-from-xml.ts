import { formatAmount, minorUnits } from '../../shared/money';
import {
  IatiActivity,
  IatiBudget,
  IatiDocumentLink,
  IatiOrganisationRef,
  IatiParticipatingOrg,
  IatiTransaction,
  IatiValue,
} from './iati.model';
import { childNamed, childrenNamed, XmlElement } from './iati-xml-reader';
import { resultsFrom } from './results-from-xml';
import { canonicalDecimal, Reading } from './xml-reading';

/** How many of each repeated element one activity may have: what a project can hold. */
export const ACTIVITY_LIMITS = {
  participatingOrgs: 50,
  budgets: 200,
  transactions: 10_000,
  results: 50,
  recipientCountries: 50,
  dates: 20,
  documentLinks: 200,
} as const;

/** Money: at most the currency's minor units and two decimals; never negative (IATI allows that; this service does not keep it). */
const MONEY_SCALE = 2;

function organisation(reading: Reading, element: XmlElement): IatiOrganisationRef {
  const ref = element.attributes.ref?.trim() || undefined;
  const type = reading.code(element, 'type', 'OrganisationType');
  return { ...(ref && { ref }), ...(type && { type }), narratives: reading.narratives(element) };
}

function participatingOrg(reading: Reading, element: XmlElement): IatiParticipatingOrg {
  return { ...organisation(reading, element), role: reading.requiredCode(element, 'role', 'OrganisationRole'), line: element.line };
}

function value(reading: Reading, parent: XmlElement, owner: string, defaultCurrency?: string): IatiValue {
  const element = childNamed(parent, 'value');
  if (!element) {
    reading.refuse(parent.line, `${owner} has no value`);
    return { amount: '0', currency: '', valueDate: '' };
  }
  const currency = reading.code(element, 'currency', 'Currency');
  const effective = currency ?? defaultCurrency;
  if (effective === undefined) reading.refuse(element.line, `${owner}/value has no currency, and the activity no default-currency`);
  const scale = Math.min(MONEY_SCALE, effective ? minorUnits(effective) : MONEY_SCALE);
  const amount = canonicalDecimal(element.text, scale);
  if ('error' in amount) reading.refuse(element.line, `${owner}/value: ${amount.error}${effective ? ` (${effective} has ${scale})` : ''}`);
  else if (amount.value.startsWith('-')) reading.refuse(element.line, `${owner}/value: negative amounts are not kept`);
  return {
    amount: 'value' in amount && effective ? formatAmount(amount.value, effective) : '0',
    currency: effective ?? '',
    valueDate: reading.date(element, 'value-date', `${owner}/value`),
  };
}

function budget(reading: Reading, element: XmlElement, defaultCurrency?: string): IatiBudget {
  const { periodStart, periodEnd } = reading.period(element, 'budget');
  const yearLater = new Date(`${periodStart}T00:00:00Z`);
  yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
  if (!Number.isNaN(yearLater.getTime()) && periodEnd > yearLater.toISOString().slice(0, 10))
    reading.refuse(element.line, `budget: the period ${periodStart} to ${periodEnd} is longer than a year, which IATI does not allow`);
  return {
    type: reading.code(element, 'type', 'BudgetType') ?? '1',
    status: reading.code(element, 'status', 'BudgetStatus') ?? '1',
    periodStart,
    periodEnd,
    value: value(reading, element, 'budget', defaultCurrency),
    line: element.line,
  };
}

function transaction(reading: Reading, element: XmlElement, defaultCurrency?: string): IatiTransaction {
  const typeElement = childNamed(element, 'transaction-type');
  const provider = childNamed(element, 'provider-org');
  const receiver = childNamed(element, 'receiver-org');
  const ref = element.attributes.ref?.trim() || undefined;
  return {
    ...(ref && { ref }),
    type: typeElement ? reading.requiredCode(typeElement, 'code', 'TransactionType') : '',
    date: reading.date(childNamed(element, 'transaction-date'), 'iso-date', 'transaction/transaction-date'),
    value: value(reading, element, 'transaction', defaultCurrency),
    description: reading.childNarratives(element, 'description'),
    ...(provider && { provider: organisation(reading, provider) }),
    ...(receiver && { receiver: organisation(reading, receiver) }),
    line: element.line,
  };
}

function documentLink(reading: Reading, element: XmlElement): IatiDocumentLink {
  const dateElement = childNamed(element, 'document-date');
  return {
    url: element.attributes.url?.trim() ?? '',
    format: element.attributes.format?.trim() ?? '',
    title: reading.childNarratives(element, 'title'),
    categories: childrenNamed(element, 'category').map((category) => reading.requiredCode(category, 'code', 'DocumentCategory')),
    languages: childrenNamed(element, 'language').map((language) => reading.requiredCode(language, 'code', 'Language')),
    ...(dateElement && { documentDate: reading.date(dateElement, 'iso-date', 'document-link/document-date') }),
    line: element.line,
  };
}

/** The activity's identifier: required, non-empty, and free of what IATI forbids in identifiers. */
function identifier(reading: Reading, activity: XmlElement): string {
  const element = childNamed(activity, 'iati-identifier');
  const text = element?.text.trim() ?? '';
  if (!text) reading.refuse(element?.line ?? activity.line, 'iati-identifier is empty');
  else if (/[\s/&|?]/.test(text) || text.length > 150)
    reading.refuse(element!.line, `iati-identifier "${text.slice(0, 150)}" has whitespace or / & | ? in it, or more than 150 characters`);
  return text;
}

/** The general description (type 1, or no type): the one a project has. */
function generalDescription(activity: XmlElement): XmlElement | undefined {
  return childrenNamed(activity, 'description').find((element) => (element.attributes.type?.trim() ?? '1') === '1');
}

/** What this service keeps of one `iati-activity`, with every problem recorded in `reading`. */
export function activityFrom(reading: Reading, activity: XmlElement): IatiActivity {
  const lang = reading.code(activity, 'xml:lang', 'Language');
  const defaultCurrency = reading.code(activity, 'default-currency', 'Currency');
  const status = childNamed(activity, 'activity-status');
  const reportingOrg = childNamed(activity, 'reporting-org');
  return {
    identifier: identifier(reading, activity),
    ...(lang && { lang }),
    reportingOrg: reportingOrg ? organisation(reading, reportingOrg) : { narratives: [] },
    title: reading.childNarratives(activity, 'title'),
    description: reading.narratives(generalDescription(activity)),
    participatingOrgs: reading.bounded(childrenNamed(activity, 'participating-org'), ACTIVITY_LIMITS.participatingOrgs, (element) =>
      participatingOrg(reading, element),
    ),
    status: status ? reading.requiredCode(status, 'code', 'ActivityStatus') : '',
    dates: reading.bounded(childrenNamed(activity, 'activity-date'), ACTIVITY_LIMITS.dates, (element) => ({
      type: reading.requiredCode(element, 'type', 'ActivityDateType'),
      isoDate: reading.date(element, 'iso-date', 'activity-date'),
      line: element.line,
    })),
    recipientCountries: reading.bounded(childrenNamed(activity, 'recipient-country'), ACTIVITY_LIMITS.recipientCountries, (element) => {
      const percentage = element.attributes.percentage?.trim();
      return { code: reading.requiredCode(element, 'code', 'Country'), ...(percentage && { percentage }), line: element.line };
    }),
    budgets: reading.bounded(childrenNamed(activity, 'budget'), ACTIVITY_LIMITS.budgets, (element) =>
      budget(reading, element, defaultCurrency),
    ),
    transactions: reading.bounded(childrenNamed(activity, 'transaction'), ACTIVITY_LIMITS.transactions, (element) =>
      transaction(reading, element, defaultCurrency),
    ),
    results: reading.bounded(childrenNamed(activity, 'result'), ACTIVITY_LIMITS.results, (element) => resultsFrom(reading, element)),
    documentLinks: reading.bounded(childrenNamed(activity, 'document-link'), ACTIVITY_LIMITS.documentLinks, (element) =>
      documentLink(reading, element),
    ),
    line: activity.line,
  };
}
