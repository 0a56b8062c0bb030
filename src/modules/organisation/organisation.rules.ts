/** What makes an organisation identifier valid, and the government organisation this service derives where no source names one. */
import type { EntityManager } from 'typeorm';
import { idsForCodes } from '../../shared/code-lookup';
import { BadUserInputError } from '../../shared/errors';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { ProvenanceBasis } from '../provenance/provenance.types';
import { OrganisationType } from './organisation.codes';

/**
 * An IATI organisation identifier: a registration agency prefix and an identifier, with none of the
 * characters IATI forbids in identifiers (whitespace, / & | ?); the migration's CHECK is the same.
 */
export const ORGANISATION_IDENTIFIER = /^[A-Za-z]{2}-[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const MAX_ORGANISATION_IDENTIFIER = 100;

/** This service's own identifier scheme for a country's government, where no source identifies it (ZZ: no IATI registration agency). */
export const governmentIdentifier = (countryCode: string) => `ZZ-CMC-GOV-${countryCode}`;

export const GOVERNMENT_NOTE =
  "No source names the organisation that reports this project; the government of its reporting participant's country is taken to report it, under this service's own identifier scheme ZZ-CMC-GOV-<ISO 3166 code> (ZZ: not an IATI registration agency).";

/** The activity identifier a project is given when none is stated: its reporting organisation's, then its own UUID. */
export const derivedProjectIdentifier = (organisationIdentifier: string, projectId: string) => `${organisationIdentifier}-${projectId}`;

/**
 * The id of the government organisation of a country, recorded (INFERRED) the first time it is needed.
 * Concurrent first uses insert it once: the identifier is unique and the loser reads the winner's row.
 */
export async function governmentOrganisationId(
  manager: EntityManager,
  recorder: { audit: AuditService; caller: Caller },
  countryCode: string,
): Promise<{ id: string; identifier: string }> {
  // The country comes from a participant list: an unknown one is named as the list's mistake.
  await idsForCodes(manager, 'countries', [countryCode], 'input.participants');
  const identifier = governmentIdentifier(countryCode);
  const inserted: { id: string; name: string }[] = await manager.query(
    `INSERT INTO organisations (iati_identifier, name, organisation_type, country_id, basis, note)
     SELECT $1, 'Government of ' || k.name, $3, k.id, $4, $5 FROM countries k WHERE k.code = $2
     ON CONFLICT (iati_identifier) DO NOTHING RETURNING id, name`,
    [identifier, countryCode, OrganisationType.GOVERNMENT, ProvenanceBasis.INFERRED, GOVERNMENT_NOTE],
  );
  if (inserted.length)
    await recordOrganisationCreated(manager, recorder, inserted[0].id, countryCode, {
      iatiIdentifier: identifier,
      name: inserted[0].name,
      organisationType: OrganisationType.GOVERNMENT,
      basis: ProvenanceBasis.INFERRED,
    });
  const [row] = await manager.query('SELECT id FROM organisations WHERE iati_identifier = $1', [identifier]);
  return { id: row.id, identifier };
}

/** Enters an organisation's creation into the audit trail, by whoever caused it (an inferred one notes why). */
export function recordOrganisationCreated(
  manager: EntityManager,
  recorder: { audit: AuditService; caller: Caller },
  organisationId: string,
  countryCode: string | null,
  changes: Record<string, unknown>,
) {
  return recorder.audit.record(manager, {
    subjectType: SubjectType.ORGANISATION,
    subjectId: organisationId,
    action: AuditAction.CREATED,
    actor: recorder.caller,
    countryCodes: countryCode ? [countryCode] : [],
    version: 1,
    note: changes.basis === ProvenanceBasis.INFERRED ? GOVERNMENT_NOTE : null,
    changes,
  });
}

/** Refuses an activity identifier that does not begin with its reporting organisation's identifier, as IATI's rules require. */
export function assertProjectIdentifier(identifier: string, reportingIdentifier: string, argument: string): void {
  if (!ORGANISATION_IDENTIFIER.test(identifier) || identifier.length > 150)
    throw new BadUserInputError(`${argument} is not an IATI identifier (letters, digits and . _ : - only, at most 150)`, { argument });
  if (!identifier.startsWith(`${reportingIdentifier}-`))
    throw new BadUserInputError(
      `${argument} must begin with the reporting organisation's identifier and a hyphen (${reportingIdentifier}-…), as IATI requires`,
      { argument },
    );
}
