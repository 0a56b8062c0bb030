import { AppError, ErrorCode } from '../../shared/errors';
import { Caller, Role } from './caller';

/** What a caller may want to do. */
export enum Action {
  CHANGE_COMMITMENT = 'CHANGE_COMMITMENT',
  CHANGE_PROJECT = 'CHANGE_PROJECT',
  /** A project's status: its reporting participant's (IATI's reporting-org) alone; the scope is that country. */
  CHANGE_PROJECT_STATUS = 'CHANGE_PROJECT_STATUS',
  /** Dropping a country that has accepted from a commitment or project; the scope is that country. */
  REMOVE_ACCEPTED_COUNTRY = 'REMOVE_ACCEPTED_COUNTRY',
  /** Making LEAD a country that has not accepted; the scope is that country. */
  CHANGE_MEETING = 'CHANGE_MEETING',
  CHANGE_MEMBERSHIP = 'CHANGE_MEMBERSHIP',
  /** Upload or register a piece of evidence. */
  SUBMIT_EVIDENCE = 'SUBMIT_EVIDENCE',
  /** Supersede evidence: a PARTNER's scope is the evidence its country's partners submitted. */
  SUPERSEDE_EVIDENCE = 'SUPERSEDE_EVIDENCE',
  /** Attach evidence to a record: a PARTNER's scope is its country's records. */
  ATTACH_EVIDENCE = 'ATTACH_EVIDENCE',
  /** Recording what a person said; a PARTNER's scope is the speaker's country. */
  ADD_STATEMENT = 'ADD_STATEMENT',
  /** Scoring an obligation, or correcting one's own score; the scope is the obligation's country, which may not be the auditor's. */
  ASSESS_OBLIGATION = 'ASSESS_OBLIGATION',
  /** Confirming or refusing a claimed delivery: the scope is the commitment's other accepted parties. */
  CONFIRM_DELIVERY = 'CONFIRM_DELIVERY',
  /** Recording an organisation, or answering for it when a project names it; the scope is the organisation's country. */
  CHANGE_ORGANISATION = 'CHANGE_ORGANISATION',
  /**
   * A project's organisations, budgets, transactions and results: what its reporting participant
   * (IATI's reporting-org) reports; the scope is that participant's country.
   */
  REPORT_PROJECT_FUNDING = 'REPORT_PROJECT_FUNDING',
  READ_AUDIT_TRAIL = 'READ_AUDIT_TRAIL',
  /** Loading an IATI activity file: it may create and change any country's projects, so ADMIN only. */
  IMPORT_IATI = 'IMPORT_IATI',
  /**
   * Any `asOf` argument: a past state may hold what was later edited away. A PARTNER's
   * scope is its country's records: those it is a party to (or takes part in) now, or was
   * in the state recorded at that instant.
   */
  READ_PAST_STATES = 'READ_PAST_STATES',
  /** Who made a change (`Actor.sub`, often an e-mail address); roles and countries are public. */
  READ_ACTOR_IDENTITY = 'READ_ACTOR_IDENTITY',
}

/**
 * The countries a record binds: a partner may act only on records its country is part of.
 * For a list, the countries that every record of it binds.
 */
export interface Scope {
  countryCodes: readonly string[];
}

interface Rule {
  /** Roles besides ADMIN (who may do everything) that may take the action. */
  roles: readonly Role[];
  /** Whether a PARTNER's country must be among the record's countries (other roles are not scoped). */
  countryScoped: boolean;
  /** How a refusal names the action, when the action's name alone would not say it. */
  described?: string;
  /** Whether a caller whose token names a country may not act on records of that country (independence of auditors). */
  notOwnCountry?: boolean;
  /** How a PARTNER's refusal outside its scope reads, when the scope's countries are not the caller's to see. */
  outOfScope?: (country: string | null) => string;
}

/** Every authorization decision of the API, as data. */
const RULES: Record<Action, Rule> = {
  [Action.CHANGE_COMMITMENT]: { roles: [Role.PARTNER], countryScoped: true },
  [Action.CHANGE_PROJECT]: { roles: [Role.PARTNER], countryScoped: true },
  [Action.IMPORT_IATI]: { roles: [], countryScoped: false, described: 'import IATI activity files' },
  [Action.CHANGE_PROJECT_STATUS]: {
    roles: [Role.PARTNER],
    countryScoped: true,
    described: "change a project's status",
    outOfScope: (country) => ` for ${country}: only its reporting participant (ProjectParticipant.reporting) or an ADMIN may`,
  },
  // Removing another country needs its consent: it may decline or withdraw itself, or ADMIN removes it.
  [Action.REMOVE_ACCEPTED_COUNTRY]: {
    roles: [Role.PARTNER],
    countryScoped: true,
    described: 'remove another country that has accepted',
    outOfScope: (country) => ` (your country is ${country}): that country's team may leave, or an ADMIN may remove it`,
  },
  [Action.CHANGE_MEETING]: { roles: [], countryScoped: false },
  [Action.CHANGE_MEMBERSHIP]: { roles: [], countryScoped: false },
  // Auditors back their assessments with evidence as partners back their reports.
  [Action.SUBMIT_EVIDENCE]: { roles: [Role.PARTNER, Role.AUDITOR], countryScoped: false, described: 'submit evidence' },
  [Action.SUPERSEDE_EVIDENCE]: { roles: [Role.PARTNER, Role.AUDITOR], countryScoped: true, described: 'supersede evidence' },
  [Action.ATTACH_EVIDENCE]: { roles: [Role.PARTNER, Role.AUDITOR], countryScoped: true, described: 'attach evidence' },
  [Action.ADD_STATEMENT]: { roles: [Role.PARTNER], countryScoped: true, described: 'add statements' },
  // An auditor does not score its own country: its token's country claim, when present, is excluded.
  [Action.ASSESS_OBLIGATION]: { roles: [Role.AUDITOR], countryScoped: false, notOwnCountry: true, described: 'assess obligations' },
  // The second key: someone other than the claimer, from another party of the commitment or an auditor.
  [Action.CONFIRM_DELIVERY]: {
    roles: [Role.PARTNER, Role.AUDITOR],
    countryScoped: true,
    described: 'confirm or refuse a delivery',
    outOfScope: (country) => ` for ${country}: only another accepted party of the commitment, an AUDITOR or an ADMIN may`,
  },
  // An organisation with no one country (a multilateral) is no partner's: its scope is empty.
  [Action.CHANGE_ORGANISATION]: {
    roles: [Role.PARTNER],
    countryScoped: true,
    described: 'record or answer for an organisation',
    outOfScope: (country) => ` of another country, or of none (your country is ${country}): that country's team or an ADMIN may`,
  },
  [Action.REPORT_PROJECT_FUNDING]: {
    roles: [Role.PARTNER],
    countryScoped: true,
    described: "report a project's organisations, budgets, transactions or results",
    outOfScope: (country) => ` for ${country}: only its reporting participant (ProjectParticipant.reporting) or an ADMIN may`,
  },
  [Action.READ_AUDIT_TRAIL]: { roles: [Role.AUDITOR], countryScoped: false },
  [Action.READ_PAST_STATES]: {
    roles: [Role.AUDITOR, Role.PARTNER],
    countryScoped: true,
    described: 'read past states (asOf)',
    // The countries a record had then are part of its past: the refusal does not list them.
    outOfScope: (country) =>
      ` of records its country ${country} is not part of; a list must be of ${country} alone (country(code: "${country}") or filter.countryCodes: ["${country}"])`,
  },
  // A partner knows its own country's people; the actor's country is the scope.
  [Action.READ_ACTOR_IDENTITY]: { roles: [Role.AUDITOR, Role.PARTNER], countryScoped: true, described: 'see who made a change' },
};

/**
 * Without a scope, only the caller's role is judged (used before a record is
 * read, so callers who can never act are refused without touching it).
 */
export function isAllowed(caller: Caller, action: Action, scope?: Scope): boolean {
  if (caller.role === Role.ADMIN) return true;
  const rule = RULES[action];
  if (!rule.roles.includes(caller.role)) return false;
  if (rule.notOwnCountry && scope && caller.country !== null && scope.countryCodes.includes(caller.country)) return false;
  if (!rule.countryScoped || scope === undefined || caller.role !== Role.PARTNER) return true;
  return caller.country !== null && scope.countryCodes.includes(caller.country);
}

const describe = (action: Action) => RULES[action].described ?? action.toLowerCase().replace(/_/g, ' ');
const partnerScoped = (action: Action) => RULES[action].countryScoped && RULES[action].roles.includes(Role.PARTNER);
/** The roles that may take the action wherever the record is, ADMIN last. */
const unscopedRoles = (action: Action) =>
  [...RULES[action].roles.filter((role) => !(partnerScoped(action) && role === Role.PARTNER)), Role.ADMIN].join(' or ');
const whoMay = (action: Action) => `${unscopedRoles(action)}${partnerScoped(action) ? ", or PARTNER for its own country's records" : ''}`;
const article = (role: string) => (/^[AEIOU]/.test(role) ? 'An' : 'A');

const CHANGES = new Set([
  Action.IMPORT_IATI,
  Action.CHANGE_COMMITMENT,
  Action.CHANGE_PROJECT,
  Action.CHANGE_PROJECT_STATUS,
  Action.REMOVE_ACCEPTED_COUNTRY,
  Action.CHANGE_MEETING,
  Action.CHANGE_MEMBERSHIP,
  Action.SUBMIT_EVIDENCE,
  Action.SUPERSEDE_EVIDENCE,
  Action.ATTACH_EVIDENCE,
  Action.ADD_STATEMENT,
  Action.ASSESS_OBLIGATION,
  Action.CONFIRM_DELIVERY,
  Action.CHANGE_ORGANISATION,
  Action.REPORT_PROJECT_FUNDING,
]);

/**
 * Throws when the caller may not act: UNAUTHENTICATED for a change without a token
 * (signing in may help), FORBIDDEN otherwise. Call before writing anything.
 */
export function authorize(caller: Caller, action: Action, scope?: Scope): void {
  if (isAllowed(caller, action, scope)) return;
  if (caller.role === Role.PUBLIC && CHANGES.has(action)) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, `Sign in with a bearer token to ${describe(action)}`, { action });
  }
  const who = caller.role === Role.PUBLIC ? 'The public' : `${article(caller.role)} ${caller.role}`;
  const rule = RULES[action];
  if (rule.notOwnCountry && rule.roles.includes(caller.role) && caller.country)
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `${article(caller.role)} ${caller.role} of ${caller.country} may not ${describe(action)} of ${caller.country}`,
      {
        action,
      },
    );
  const outOfScope =
    rule.outOfScope?.(caller.country) ??
    ` (your country ${caller.country} is not among ${scope?.countryCodes.join(', ') || 'its countries'})`;
  const where =
    caller.role === Role.PARTNER && scope && rule.roles.includes(Role.PARTNER)
      ? outOfScope
      : `: it needs a token with role ${whoMay(action)}`;
  throw new AppError(ErrorCode.FORBIDDEN, `${who} may not ${describe(action)}${where}`, { action });
}

const isScopedFor = (caller: Caller, action: Action) => caller.role === Role.PARTNER && RULES[action].countryScoped;

/**
 * Throws as authorize does, judging the role first (callers who can never act are refused
 * before anything is read) and reading the record's scope only when it decides.
 */
export async function authorizeRecord(caller: Caller, action: Action, scopeOf: () => Promise<Scope>): Promise<void> {
  authorize(caller, action);
  if (isScopedFor(caller, action)) authorize(caller, action, await scopeOf());
}

/**
 * For a list under a record already authorized: the one country whose records the list must be
 * narrowed to, or null when nothing narrows it. Throws for callers who may never act.
 */
export function narrowedTo(caller: Caller, action: Action): string | null {
  authorize(caller, action);
  return isScopedFor(caller, action) ? (caller.country ?? '') : null;
}

const asOfAccess = (partnerMay: string) =>
  `Past states need a token with role ${unscopedRoles(Action.READ_PAST_STATES)}, or a PARTNER token ${partnerMay}; FORBIDDEN otherwise.`;

/** Said in the schema of every `asOf` argument, from the rule, with which past a PARTNER may read there. */
export const AS_OF_ACCESS = Object.freeze({
  record: asOfAccess('of a country that is a party to it (or takes part in it) then or now'),
  country: asOfAccess('of this country'),
  list: asOfAccess('with filter.countryCodes: [its country] (the commitments its country was a party to then)'),
  /** A nested list that follows its parent record into the past. */
  nested:
    'Under a record read as of a past instant: those linked then, as they stood then; for a PARTNER only those whose past it may read itself (its country a party or participant then or now).',
});

/** Refuses a past state of the records that bind `scope` to callers who may not see it; `null` means now. */
export function authorizeAsOf(caller: Caller, asOf: Date | null | undefined, scope: Scope): void {
  if (asOf) authorize(caller, Action.READ_PAST_STATES, scope);
}
