import { registerEnumType } from 'type-graphql';
import { Role } from './caller';

/**
 * The roles a token can carry, so the roles an actor can have on record (the public
 * changes nothing; the seed loader acts as ADMIN).
 */
export const ACTOR_ROLES = { PARTNER: Role.PARTNER, AUDITOR: Role.AUDITOR, ADMIN: Role.ADMIN } as const;

registerEnumType(ACTOR_ROLES, {
  name: 'Role',
  description: 'The role a bearer token gives its holder (see README "Authentication and changes").',
  valuesConfig: {
    PARTNER: { description: "A partner country's team: changes the commitments and projects its country is part of." },
    AUDITOR: { description: 'Reads everything, the audit trail included; changes nothing.' },
    ADMIN: { description: 'May do everything; data loaded from the published sources is recorded as ADMIN.' },
  },
});
