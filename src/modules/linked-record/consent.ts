/** Consent to be named: which countries a record may bind, and who may add, lead or remove them. */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { registerEnumType } from 'type-graphql';
import { AppError, BadUserInputError, ErrorCode } from '../../shared/errors';
import { type CountryLink, type CountryRoleInput, countryCodesOf, listChange } from '../../shared/link-tables';
import { assertVersion, updateVersioned, type Versioned } from '../../shared/versioned-row';
import { AuditAction } from '../audit/audit-event.entity';
import type { AuditService } from '../audit/audit.service';
import type { TrackedLinks } from '../audit/tracked-mutation';
import { type Caller, Role } from '../auth/caller';
import { Action, authorize } from '../auth/policy';

export enum PartyConsent {
  INVITED = 'INVITED',
  ACCEPTED = 'ACCEPTED',
}
registerEnumType(PartyConsent, {
  name: 'PartyConsent',
  description:
    'Whether a country named on a commitment or project has agreed to be bound by it. A PARTNER may name other countries only as INVITED; its own country, and every country ADMIN adds, is ACCEPTED at once.',
  valuesConfig: {
    INVITED: {
      description:
        "Named by another country and not answered yet: left out of the country's scorecard, lists, totals and stats, never LEAD, and its team cannot change the record until it accepts (respondToCommitmentInvitation, respondToProjectInvitation).",
    },
    ACCEPTED: { description: 'Named by itself or by ADMIN, or accepted its invitation: bound by the record and counted for the country.' },
  },
});

/**
 * The one SQL rule for which links count for a country: accepted ones. `alias` is a link row
 * or a snapshot's recordset; snapshots recorded before consent existed carry none, and count.
 */
export const acceptedLink = (alias: string) => `coalesce(${alias}.consent, '${PartyConsent.ACCEPTED}') = '${PartyConsent.ACCEPTED}'`;

/** The codes of the countries that have accepted. */
export const acceptedCodes = (links: readonly CountryLink[]) => links.filter((l) => l.consent === PartyConsent.ACCEPTED).map((l) => l.code);

/** The links a create or update will write, and the countries it newly invites. */
export interface ConsentedLinks {
  links: CountryLink[];
  invited: string[];
}

const LEAD = 'LEAD';

/**
 * Gives each requested country its consent: one already linked keeps its own; a new one is ACCEPTED
 * when it is the caller's country or ADMIN adds it (ADMIN is the data steward), else INVITED.
 * An invited country asked to be LEAD is stored as `memberRole` with LEAD as its proposed role, which
 * it takes by accepting. Throws, before anything is written, when a PARTNER would drop another
 * country that has accepted (a pending invitation may be withdrawn).
 */
export function consentedLinks(
  caller: Caller,
  current: readonly CountryLink[],
  requested: readonly CountryRoleInput[],
  argument: string,
  memberRole: string,
): ConsentedLinks {
  const codes = countryCodesOf(requested, argument);
  const byCode = new Map(current.map((link) => [link.code, link]));
  const links = requested.map((entry, index): CountryLink => {
    const code = codes[index];
    const accepted = caller.role === Role.ADMIN || code === caller.country;
    const consent = byCode.get(code)?.consent ?? (accepted ? PartyConsent.ACCEPTED : PartyConsent.INVITED);
    // Nobody makes another country LEAD: an invited one is asked to lead, and leads once it accepts.
    if (consent === PartyConsent.INVITED && entry.role === LEAD) return { code, role: memberRole, consent, proposedRole: LEAD };
    return { code, role: entry.role, consent, proposedRole: null };
  });
  const kept = new Set(codes);
  for (const link of current) {
    if (kept.has(link.code) || link.consent !== PartyConsent.ACCEPTED) continue;
    authorize(caller, Action.REMOVE_ACCEPTED_COUNTRY, { countryCodes: [link.code] });
  }
  const invited = links.filter((l) => l.consent === PartyConsent.INVITED && !byCode.has(l.code)).map((l) => l.code);
  return { links, invited };
}

/**
 * The consent of an organisation a project names: one already named keeps its own; a new one is
 * ACCEPTED when ADMIN names it, when it is of the caller's country, or when it is of no one country
 * (a multilateral has no team to answer); an organisation of another country is INVITED until that
 * country's team answers (respondToOrganisationInvitation).
 */
export function organisationConsent(caller: Caller, organisationCountry: string | null, current?: PartyConsent): PartyConsent {
  if (current) return current;
  const accepted = caller.role === Role.ADMIN || organisationCountry === null || organisationCountry === caller.country;
  return accepted ? PartyConsent.ACCEPTED : PartyConsent.INVITED;
}

/** An invited country's answer: accept (it becomes ACCEPTED) or decline (it stops being named). */
export interface InvitationAnswer {
  accept: boolean;
  note?: string | null;
  expectedVersion?: number | null;
  /** The answering country; a PARTNER answers for its own, ADMIN must name one. */
  countryCode?: string | null;
}

type Subject = { subjectType: string; typeName: string; entity: EntityTarget<ObjectLiteral> };

/**
 * Records an invited country's answer on a locked record: the link becomes ACCEPTED, or is removed
 * (the history keeps the invitation and the decline). Only that country's team, or ADMIN naming it,
 * may answer; a country that has accepted already gets INVALID_TRANSITION. Bumps the record's version.
 */
export async function answerInvitation<T extends Versioned>(
  manager: EntityManager,
  audit: AuditService,
  on: { subject: Subject; links: TrackedLinks; action: Action },
  current: { caller: Caller; row: T; countries: readonly CountryLink[] },
  answer: InvitationAnswer,
): Promise<{ row: T; code: string }> {
  const { subject, links, action } = on;
  const { caller, row, countries } = current;
  const codes = countries.map((link) => link.code);
  authorize(caller, action, { countryCodes: codes });
  const code = (answer.countryCode ?? caller.country ?? '').trim().toUpperCase();
  if (!code) throw new BadUserInputError('An ADMIN answers for a country it names in input.countryCode', { argument: 'input.countryCode' });
  authorize(caller, action, { countryCodes: [code] });
  const link = countries.find((entry) => entry.code === code);
  if (!link) throw new BadUserInputError(`${code} is not invited to this ${subject.typeName}`, { argument: 'input.countryCode' });
  if (link.consent !== PartyConsent.INVITED) {
    throw new AppError(
      ErrorCode.INVALID_TRANSITION,
      `${code} has already accepted this ${subject.typeName}; there is no invitation to answer`,
      {
        consent: link.consent,
      },
    );
  }
  if (answer.expectedVersion != null) assertVersion(subject.typeName, row, answer.expectedVersion);
  const where = `${links.countries.column} = $1 AND country_id = (SELECT id FROM countries WHERE code = $2)`;
  if (answer.accept)
    await manager.query(
      `UPDATE ${links.countries.table} SET consent = '${PartyConsent.ACCEPTED}', role = coalesce(proposed_role, role), proposed_role = NULL
       WHERE ${where}`,
      [row.id, code],
    );
  else await manager.query(`DELETE FROM ${links.countries.table} WHERE ${where}`, [row.id, code]);
  const updated = await updateVersioned<T>(manager, subject.entity, subject.typeName, row, {});
  const changes: Record<string, unknown> = {
    consent: { [code]: { old: PartyConsent.INVITED, new: answer.accept ? PartyConsent.ACCEPTED : null } },
  };
  if (!answer.accept) {
    const listed = countries.map((entry) => `${entry.code}:${entry.role}`);
    changes[links.countryField] = listChange(
      listed,
      listed.filter((entry) => entry !== `${code}:${link.role}`),
    );
  }
  await audit.record(manager, {
    subjectType: subject.subjectType,
    subjectId: row.id,
    action: AuditAction.UPDATED,
    actor: caller,
    countryCodes: codes,
    version: updated.version,
    note: answer.note ?? null,
    changes,
  });
  return { row: updated, code };
}
