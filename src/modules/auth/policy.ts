import { AppError, ErrorCode } from '../../shared/errors';
import { Caller, Role } from './caller';

/** What a caller may want to do. */
export enum Action {
  CHANGE_COMMITMENT = 'CHANGE_COMMITMENT',
  CHANGE_PROJECT = 'CHANGE_PROJECT',
  CHANGE_MEETING = 'CHANGE_MEETING',
  CHANGE_MEMBERSHIP = 'CHANGE_MEMBERSHIP',
  READ_AUDIT_TRAIL = 'READ_AUDIT_TRAIL',
  /** Any `asOf` argument: a past state may hold what was later edited away. */
  READ_PAST_STATES = 'READ_PAST_STATES',
  /** Who made a change (`Actor.sub`, often an e-mail address); roles and countries are public. */
  READ_ACTOR_IDENTITY = 'READ_ACTOR_IDENTITY',
}

/** The countries a record binds: a partner may act only on records its country is part of. */
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
}

/** Every authorization decision of the API, as data. */
const RULES: Record<Action, Rule> = {
  [Action.CHANGE_COMMITMENT]: { roles: [Role.PARTNER], countryScoped: true },
  [Action.CHANGE_PROJECT]: { roles: [Role.PARTNER], countryScoped: true },
  [Action.CHANGE_MEETING]: { roles: [], countryScoped: false },
  [Action.CHANGE_MEMBERSHIP]: { roles: [], countryScoped: false },
  [Action.READ_AUDIT_TRAIL]: { roles: [Role.AUDITOR], countryScoped: false },
  [Action.READ_PAST_STATES]: { roles: [Role.AUDITOR], countryScoped: false, described: 'read past states (asOf)' },
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
  if (!rule.countryScoped || scope === undefined || caller.role !== Role.PARTNER) return true;
  return caller.country !== null && scope.countryCodes.includes(caller.country);
}

const describe = (action: Action) => RULES[action].described ?? action.toLowerCase().replace(/_/g, ' ');
const whoMay = (action: Action) => [...RULES[action].roles, Role.ADMIN].join(' or ');
const article = (role: string) => (/^[AEIOU]/.test(role) ? 'An' : 'A');

const CHANGES = new Set([Action.CHANGE_COMMITMENT, Action.CHANGE_PROJECT, Action.CHANGE_MEETING, Action.CHANGE_MEMBERSHIP]);

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
  const where =
    caller.role === Role.PARTNER && scope && RULES[action].roles.includes(Role.PARTNER)
      ? ` (your country ${caller.country} is not among ${scope.countryCodes.join(', ') || 'its countries'})`
      : `: it needs a token with role ${whoMay(action)}`;
  throw new AppError(ErrorCode.FORBIDDEN, `${who} may not ${describe(action)}${where}`, { action });
}

/** Said in the schema of every `asOf` argument, from the rule itself. */
export const AS_OF_ACCESS = `Past states need a token with role ${whoMay(Action.READ_PAST_STATES)}; FORBIDDEN otherwise.`;

/** Refuses a read of a past state (any `asOf` argument) to callers who may not see history; `null` means now. */
export function authorizeAsOf(caller: Caller, asOf: Date | null | undefined): void {
  if (asOf) authorize(caller, Action.READ_PAST_STATES);
}
