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

type Rule = (caller: Caller, scope?: Scope) => boolean;

const partnerOfScope: Rule = (caller, scope) => caller.role === Role.PARTNER && caller.country !== null && (scope?.countryCodes.includes(caller.country) ?? false);

/** Every authorization decision of the API, as data. ADMIN may do everything. */
const RULES: Record<Action, Rule> = {
  [Action.CHANGE_COMMITMENT]: partnerOfScope,
  [Action.CHANGE_PROJECT]: partnerOfScope,
  [Action.CHANGE_MEETING]: () => false,
  [Action.CHANGE_MEMBERSHIP]: () => false,
  [Action.READ_AUDIT_TRAIL]: (caller) => caller.role === Role.AUDITOR,
};

export function isAllowed(caller: Caller, action: Action, scope?: Scope): boolean {
  return caller.role === Role.ADMIN || RULES[action](caller, scope);
}

/** Throws UNAUTHENTICATED for the public and FORBIDDEN for anyone else not allowed; call before writing anything. */
export function authorize(caller: Caller, action: Action, scope?: Scope): void {
  if (isAllowed(caller, action, scope)) return;
  if (caller.role === Role.PUBLIC) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in with a bearer token to make changes', { action });
  }
  const where = caller.role === Role.PARTNER && scope ? ` (your country ${caller.country} is not among ${scope.countryCodes.join(', ') || 'its parties'})` : '';
  throw new AppError(ErrorCode.FORBIDDEN, `A ${caller.role} may not ${action.toLowerCase().replace(/_/g, ' ')}${where}`, { action });
}
