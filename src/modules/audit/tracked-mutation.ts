import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  type CountryLink,
  type CountryLinkTable,
  linkedCountries,
  linkedMineralCodes,
  listChange,
  replaceCountryLinks,
  replaceMineralLinks,
} from '../../shared/link-tables';
import { lockRow, type Versioned } from '../../shared/versioned-row';
import type { Caller } from '../auth/caller';
import { AuditAction } from './audit-event.entity';
import type { AuditService } from './audit.service';
import type { StatusChangeRecord } from './status-change.types';

type LinkTable = { table: string; column: string };

/** Where a tracked record keeps its countries and minerals, and what its inputs and history call the country list. */
export interface TrackedLinks {
  countries: CountryLinkTable;
  minerals: LinkTable;
  /** The history's name for the country list, e.g. `parties`. */
  countryField: string;
  /** The input argument holding the country list, e.g. `input.parties`. */
  countryArgument: string;
  /** Keys of an update's changes that are attributes of the country links besides roles (e.g. `reporting`): they rewrite the links too. */
  countryAttributes?: readonly string[];
}

type Subject = { subjectType: string; typeName: string; entity: EntityTarget<ObjectLiteral> };

/** The links a create or update writes (countries with their consent); absent lists stay as they are on update. */
export interface LinkInput {
  countries?: readonly CountryLink[] | null;
  mineralCodes?: readonly string[] | null;
}

/** Locks a tracked record by its global ID and reads its countries, so the caller can be judged before anything is written. */
export async function lockWithCountries<T extends Versioned>(
  manager: EntityManager,
  subject: Subject,
  links: TrackedLinks,
  globalId: string,
  argument: string,
) {
  const row = await lockRow<T>(manager, subject.entity as EntityTarget<T>, subject.typeName, globalId, argument);
  const countries = await linkedCountries(manager, links.countries, row.id);
  return { row, countries };
}

/** Links a new record to its countries and minerals and enters its first status into the history. */
export async function linkCreated(
  manager: EntityManager,
  audit: AuditService,
  subject: Subject,
  links: TrackedLinks,
  created: { row: { id: string; status: string }; input: { countries: readonly CountryLink[]; mineralCodes: readonly string[] } },
  record: { caller: Caller; countryCodes: string[]; changes: Record<string, unknown> },
): Promise<StatusChangeRecord> {
  const { row, input } = created;
  await replaceCountryLinks(manager, links.countries, row.id, input.countries, links.countryArgument);
  await replaceMineralLinks(manager, links.minerals, row.id, input.mineralCodes, 'input.mineralCodes');
  return audit.record(manager, {
    subjectType: subject.subjectType,
    subjectId: row.id,
    action: AuditAction.CREATED,
    actor: record.caller,
    countryCodes: record.countryCodes,
    version: 1,
    toStatus: row.status,
    changes: record.changes,
  });
}

/** Adds to `changes` how the country and mineral lists would change; lists the input leaves out do not change. */
export async function addLinkChanges(
  manager: EntityManager,
  links: TrackedLinks,
  current: { id: string; countries: readonly CountryLink[] },
  input: LinkInput,
  changes: Record<string, unknown>,
): Promise<void> {
  const countries =
    input.countries &&
    listChange(
      current.countries.map((p) => `${p.code}:${p.role}`),
      input.countries.map((p) => `${p.code}:${p.role}`),
    );
  if (countries) changes[links.countryField] = countries;
  const minerals =
    input.mineralCodes &&
    listChange(await linkedMineralCodes(manager, links.minerals, current.id), [
      ...new Set(input.mineralCodes.map((code) => code.toUpperCase())),
    ]);
  if (minerals) changes.minerals = minerals;
}

/** Rewrites the links an update changed (as `addLinkChanges` found) and records the update in the history. */
export async function saveLinkChanges(
  manager: EntityManager,
  audit: AuditService,
  subject: Subject,
  links: TrackedLinks,
  updated: { row: Versioned; input: LinkInput; changes: Record<string, unknown> },
  record: { caller: Caller; countryCodes: string[] },
): Promise<void> {
  const { row, input, changes } = updated;
  const countriesChanged = [links.countryField, ...(links.countryAttributes ?? [])].some((key) => changes[key] !== undefined);
  if (countriesChanged) await replaceCountryLinks(manager, links.countries, row.id, input.countries!, links.countryArgument);
  if (changes.minerals) await replaceMineralLinks(manager, links.minerals, row.id, input.mineralCodes!, 'input.mineralCodes');
  await audit.record(manager, {
    subjectType: subject.subjectType,
    subjectId: row.id,
    action: AuditAction.UPDATED,
    actor: record.caller,
    countryCodes: [...new Set(record.countryCodes)],
    version: row.version,
    changes,
  });
}
