import { AppError, ErrorCode } from '../../shared/errors';
import { Caller, Role } from './caller';

/** What a caller may want to do. */
export enum Action {
  CHANGE_COMMITMENT = 'CHANGE_COMMITMENT',
  CHANGE_PROJECT = 'CHANGE_PROJECT',
  CHANGE_MEETING = 'CHANGE_MEETING',
  CHANGE_MEMBERSHIP = 'CHANGE_MEMBERSHIP',
  READ_AUDIT_TRAIL = 'READ_AUDIT_TRAIL',
}

/** The countries a record binds: a partner may act only on records its country is part of. */
export interface Scope {
  countryCodes: readonly string[];
}

interface Rule {
  /** Roles besides ADMIN (who may do everything) that may take the action. */
  roles: readonly Role[];
  /** Whether a PARTNER's country must be among the record's countries. */
  countryScoped: boolean;
}

/** Every authorization decision of the API, as data. */
const RULES: Record<Action, Rule> = {
  [Action.CHANGE_COMMITMENT]: { roles: [Role.PARTNER], countryScoped: true },
  [Action.CHANGE_PROJECT]: { roles: [Role.PARTNER], countryScoped: true },
  [Action.CHANGE_MEETING]: { roles: [], countryScoped: false },
  [Action.CHANGE_MEMBERSHIP]: { roles: [], countryScoped: false },
  [Action.READ_AUDIT_TRAIL]: { roles: [Role.AUDITOR], countryScoped: false },
};

/**
 * Without a scope, only the caller's role is judged (used before a record is
 * read, so callers who can never act are refused without touching it).
 */
export function isAllowed(caller: Caller, action: Action, scope?: Scope): boolean {
  if (caller.role === Role.ADMIN) return true;
  const rule = RULES[action];
  if (!rule.roles.includes(caller.role)) return false;
  if (!rule.countryScoped || scope === undefined) return true;
  return caller.country !== null && scope.countryCodes.includes(caller.country);
}

const describe = (action: Action) => action.toLowerCase().replace(/_/g, ' ');
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
  const where = caller.role === Role.PARTNER && scope ? ` (your country ${caller.country} is not among ${scope.countryCodes.join(', ') || 'its countries'})` : '';
  throw new AppError(ErrorCode.FORBIDDEN, `${who} may not ${describe(action)}${where}`, { action });
}
