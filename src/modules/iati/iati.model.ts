/**
 * The part of an IATI 2.03 activity this service keeps, as plain data: what the reader makes of
 * a file and what the writer turns back into XML. Codes are IATI's codes as strings; dates are
 * xsd:date (YYYY-MM-DD); amounts are decimal strings, never floats. `line` is where the element
 * starts in the file it was read from (0 when the activity was built from the database).
 */

/** Text in one language: `lang` is the narrative's xml:lang, absent when it takes the file's default. */
export interface IatiNarrative {
  text: string;
  lang?: string;
}

/** An organisation as IATI names it on an activity or a transaction. */
export interface IatiOrganisationRef {
  ref?: string;
  type?: string;
  narratives: IatiNarrative[];
}

export interface IatiParticipatingOrg extends IatiOrganisationRef {
  role: string;
  line: number;
}

/** An amount, written with its currency's minor units; `currency` is explicit (a file's default-currency is applied on reading). */
export interface IatiValue {
  amount: string;
  currency: string;
  valueDate: string;
}

export interface IatiActivityDate {
  type: string;
  isoDate: string;
  line: number;
}

export interface IatiRecipientCountry {
  code: string;
  percentage?: string;
  line: number;
}

export interface IatiBudget {
  type: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  value: IatiValue;
  line: number;
}

export interface IatiTransaction {
  ref?: string;
  type: string;
  date: string;
  value: IatiValue;
  description: IatiNarrative[];
  provider?: IatiOrganisationRef;
  receiver?: IatiOrganisationRef;
  line: number;
}

/** A baseline, target or actual: `value` absent for qualitative measures. */
export interface IatiIndicatorValue {
  value?: string;
  comment: IatiNarrative[];
}

export interface IatiBaseline extends IatiIndicatorValue {
  year: number;
  isoDate?: string;
}

export interface IatiPeriod {
  periodStart: string;
  periodEnd: string;
  target?: IatiIndicatorValue;
  actual?: IatiIndicatorValue;
  line: number;
}

export interface IatiIndicator {
  measure: string;
  ascending: boolean;
  title: IatiNarrative[];
  description: IatiNarrative[];
  baseline?: IatiBaseline;
  periods: IatiPeriod[];
  line: number;
}

export interface IatiResult {
  type: string;
  title: IatiNarrative[];
  description: IatiNarrative[];
  indicators: IatiIndicator[];
  line: number;
}

export interface IatiDocumentLink {
  url: string;
  format: string;
  title: IatiNarrative[];
  categories: string[];
  languages: string[];
  documentDate?: string;
  line: number;
}

export interface IatiActivity {
  identifier: string;
  /** The activity's xml:lang: the language of narratives that name none. */
  lang?: string;
  reportingOrg: IatiOrganisationRef;
  title: IatiNarrative[];
  description: IatiNarrative[];
  participatingOrgs: IatiParticipatingOrg[];
  status: string;
  dates: IatiActivityDate[];
  recipientCountries: IatiRecipientCountry[];
  budgets: IatiBudget[];
  transactions: IatiTransaction[];
  results: IatiResult[];
  documentLinks: IatiDocumentLink[];
  line: number;
}

/** Why a file is refused: where, why, and the offending code when a codelist refused it. */
export interface IatiProblem {
  line: number;
  reason: string;
  code?: string;
}
