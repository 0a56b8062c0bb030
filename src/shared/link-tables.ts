import type { EntityManager } from 'typeorm';
import { idsForCodes } from './code-lookup';
import { BadUserInputError } from './errors';

/** A country with its role in a record (party of a commitment, participant of a project). */
export interface CountryRoleInput {
  countryCode: string;
  role: string;
}

/** A country linked to a record as stored: its role, its consent, and for a project whether it reports. */
export interface CountryLink {
  code: string;
  role: string;
  /** INVITED or ACCEPTED (see PartyConsent). */
  consent: string;
  reporting?: boolean;
}

/** A country link table; `reporting` when its rows say which one reports (project participants). */
export interface CountryLinkTable {
  table: string;
  column: string;
  reporting?: boolean;
}

/** Upper-cased codes in input order; a country listed twice is the caller's mistake. */
export function countryCodesOf(entries: readonly CountryRoleInput[], argument: string): string[] {
  const codes = entries.map((entry) => entry.countryCode.trim().toUpperCase());
  const repeated = codes.find((code, index) => codes.indexOf(code) !== index);
  if (repeated) throw new BadUserInputError(`Country ${repeated} is listed twice in ${argument}`, { argument });
  return codes;
}

/** Replaces the countries linked to a record (with their roles and consent) by the given list. */
export async function replaceCountryLinks(
  manager: EntityManager,
  link: CountryLinkTable,
  subjectId: string,
  entries: readonly CountryLink[],
  argument: string,
): Promise<void> {
  const codes = entries.map((entry) => entry.code);
  const ids = await idsForCodes(manager, 'countries', codes, argument);
  await manager.query(`DELETE FROM ${link.table} WHERE ${link.column} = $1`, [subjectId]);
  const reporting = link.reporting ? [', reporting', ', unnest($5::boolean[])'] : ['', ''];
  await manager.query(
    `INSERT INTO ${link.table} (${link.column}, country_id, role, consent${reporting[0]})
     SELECT $1, unnest($2::uuid[]), unnest($3::varchar[]), unnest($4::varchar[])${reporting[1]}`,
    [
      subjectId,
      codes.map((code) => ids.get(code)),
      entries.map((entry) => entry.role),
      entries.map((entry) => entry.consent),
      ...(link.reporting ? [entries.map((entry) => entry.reporting === true)] : []),
    ],
  );
}

/** Replaces the minerals linked to a record by the given codes. */
export async function replaceMineralLinks(
  manager: EntityManager,
  link: { table: string; column: string },
  subjectId: string,
  mineralCodes: readonly string[],
  argument: string,
) {
  const codes = [...new Set(mineralCodes.map((code) => code.trim().toUpperCase()))];
  const ids = await idsForCodes(manager, 'minerals', codes, argument);
  await manager.query(`DELETE FROM ${link.table} WHERE ${link.column} = $1`, [subjectId]);
  await manager.query(`INSERT INTO ${link.table} (${link.column}, mineral_id) SELECT $1, unnest($2::uuid[])`, [
    subjectId,
    [...ids.values()],
  ]);
}

/** The countries linked to a record, with roles and consent (and whether each reports), by code. */
export function linkedCountries(manager: EntityManager, link: CountryLinkTable, subjectId: string): Promise<CountryLink[]> {
  const reporting = link.reporting ? ', l.reporting' : '';
  return manager.query(
    `SELECT k.code, l.role, l.consent${reporting} FROM ${link.table} l JOIN countries k ON k.id = l.country_id WHERE l.${link.column} = $1 ORDER BY k.code`,
    [subjectId],
  );
}

export async function linkedMineralCodes(
  manager: EntityManager,
  link: { table: string; column: string },
  subjectId: string,
): Promise<string[]> {
  const rows: { code: string }[] = await manager.query(
    `SELECT m.code FROM ${link.table} l JOIN minerals m ON m.id = l.mineral_id WHERE l.${link.column} = $1 ORDER BY m.code`,
    [subjectId],
  );
  return rows.map((row) => row.code);
}

/** Field-level diff of a replaced link list, or nothing when it is unchanged. */
export function listChange(before: string[], after: string[]): { old: string[]; new: string[] } | undefined {
  const [a, b] = [[...before].sort(), [...after].sort()];
  return a.join() === b.join() ? undefined : { old: a, new: b };
}
