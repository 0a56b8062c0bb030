import { Role } from '../../src/modules/auth/caller';
import type { TokenClaims } from '../../src/modules/auth/token-verifier';
import { mutateAs } from './mutations';
import { dataOf, type TestApi } from './test-api';

export const FUNDING_ADMIN: TokenClaims = { sub: 'funding-admin', role: Role.ADMIN };
export const partnerOf = (country: string): TokenClaims => ({ sub: `funding-partner-${country}`, role: Role.PARTNER, country });

const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project {
  id version iatiIdentifier reportingOrganisationBasis reportingOrganisation { id iatiIdentifier name organisationType basis note country { code } }
} } }`;

/** A project created through the API, reported by its first (LEAD) country; the others accepted (ADMIN adds them). */
export async function createReportedProject(api: TestApi, codes: string[], name = 'Funded project') {
  const participants = codes.map((code, index) => ({ countryCode: code, role: index === 0 ? 'LEAD' : 'PARTNER' }));
  return dataOf(await mutateAs(api, FUNDING_ADMIN, CREATE_PROJECT, { name, kind: 'FUNDING', participants })).createProject.project;
}

const CREATE_ORGANISATION = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation {
  id iatiIdentifier name organisationType basis country { code }
} } }`;

/** An organisation recorded by ADMIN. */
export async function createOrganisation(
  api: TestApi,
  iatiIdentifier: string,
  countryCode: string | null,
  organisationType = 'MULTILATERAL',
) {
  const input = { iatiIdentifier, name: `Organisation ${iatiIdentifier}`, organisationType, countryCode };
  return dataOf(await mutateAs(api, FUNDING_ADMIN, CREATE_ORGANISATION, input)).createOrganisation.organisation;
}

export { CREATE_ORGANISATION };
