/** Which participant reports a project (IATI's reporting-org): the one whose team, besides ADMIN, owns its status. */
import { BadUserInputError } from '../../shared/errors';
import type { CountryLink } from '../../shared/link-tables';
import { type Caller, Role } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { consentedLinks, PartyConsent } from '../linked-record/consent';
import { ProjectRole } from './project.entity';
import type { ParticipantInput } from './project.inputs';

const ARGUMENT = 'input.participants';

/**
 * Marks exactly one participant as reporting: the one the input marks; else the current one if still
 * listed; else the caller's own country (PARTNER) or, for ADMIN, the LEAD, else the first listed.
 * The reporting participant must have accepted; only it or ADMIN may hand reporting to another.
 */
export function withReporter(
  caller: Caller,
  links: readonly CountryLink[],
  marked: readonly (boolean | null | undefined)[],
  current: readonly CountryLink[] = [],
): CountryLink[] {
  const markedCodes = links.filter((_, index) => marked[index] === true).map((link) => link.code);
  if (markedCodes.length > 1) {
    throw new BadUserInputError(`Only one participant reports a project; ${markedCodes.join(' and ')} are both marked reporting`, {
      argument: ARGUMENT,
    });
  }
  const listed = (code: string | undefined) => links.find((link) => link.code === code)?.code;
  const previous = current.find((link) => link.reporting)?.code;
  const reporter =
    markedCodes[0] ??
    listed(previous) ??
    listed(caller.role === Role.PARTNER ? (caller.country ?? undefined) : undefined) ??
    links.find((link) => link.role === ProjectRole.LEAD && link.consent === PartyConsent.ACCEPTED)?.code ??
    links.find((link) => link.consent === PartyConsent.ACCEPTED)?.code;
  if (previous && reporter !== previous) authorize(caller, Action.CHANGE_PROJECT_STATUS, { countryCodes: [previous] });
  const chosen = links.find((link) => link.code === reporter);
  if (!chosen || chosen.consent !== PartyConsent.ACCEPTED) {
    throw new BadUserInputError(`${reporter ?? 'No participant'} cannot report the project: the reporting participant must have accepted`, {
      argument: ARGUMENT,
    });
  }
  return links.map((link) => ({ ...link, reporting: link.code === reporter }));
}

/** The participants a create or update writes, each with its consent and one reporting, and the countries newly invited. */
export function participantsFor(caller: Caller, requested: readonly ParticipantInput[], current: readonly CountryLink[] = []) {
  const { links, invited } = consentedLinks(caller, current, requested, ARGUMENT);
  const participants = withReporter(
    caller,
    links,
    requested.map((p) => p.reporting),
    current,
  );
  return { participants, invited };
}

/** What an update's history says about consent and reporting besides the participants diff: who is invited, who reports now. */
export function participantChanges(current: readonly CountryLink[], updated: ReturnType<typeof participantsFor>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const before = current.find((p) => p.reporting)?.code ?? null;
  const after = updated.participants.find((p) => p.reporting)?.code ?? null;
  if (before !== after) changes.reporting = { old: before, new: after };
  if (updated.invited.length) changes.invited = updated.invited;
  return changes;
}
