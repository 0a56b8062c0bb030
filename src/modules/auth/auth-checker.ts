import type { AuthChecker } from 'type-graphql';
import type { Context } from '../../context';
import { Action, authorize } from './policy';

/**
 * Backs `@Authorized(Action.X)` on resolvers with the policy table: the role-level
 * check only (record-level scopes are the services' to judge, once the record is read).
 * It throws the policy's own refusal, so a declared rule refuses exactly as a call to
 * `authorize` does; type-graphql adds it only to fields that carry `@Authorized`.
 */
export const policyAuthChecker: AuthChecker<Context, Action> = ({ context }, actions) => {
  for (const action of actions) authorize(context.caller, action);
  return true;
};
