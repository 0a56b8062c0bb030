import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { Country } from '../country/country.entity';
import { Mineral } from '../mineral/mineral.entity';
import { defineLoader, groupByKey, type LoaderDefinition } from '../../shared/loader-registry';
import { entityColumns, entityJson, rowsByKeyPairs } from '../../shared/list-query';

/** Where a tracked record keeps its countries (with roles) and its minerals. */
export interface LinkLoaderTables<Link> {
  /** Entity of the country link rows, e.g. a commitment's parties. */
  countryLink: EntityTarget<Link & ObjectLiteral>;
  countryTable: string;
  mineralTable: string;
  /** Column of both link tables naming the record, e.g. `commitment_id`. */
  ownerColumn: string;
  /** The same column as the link entity's property, e.g. `commitmentId`. */
  ownerKey: string;
  /** Loader names: one link by "ownerId:countryId", the links of each owner, the minerals of each owner. */
  names: { linkByKey: string; linksByOwnerId: string; mineralsByOwnerId: string };
}

export interface LinkLoaders<Link> {
  linkByKey: LoaderDefinition<string, Link | undefined>;
  linksByOwnerId: LoaderDefinition<string, Link[]>;
  mineralsByOwnerId: LoaderDefinition<string, Mineral[]>;
}

/** The order of a record's country links: by role (LEAD first), then country code; `link` and `country` are the two rows' aliases. */
export const linkOrder = (link: string, country: string) => `${link}.role, ${country}.code`;

/** The country-link and mineral loaders of one tracked record kind; countries come with their role, by role then code. */
export function linkLoaders<Link extends ObjectLiteral>(tables: LinkLoaderTables<Link>): LinkLoaders<Link> {
  const { countryLink, countryTable, mineralTable, ownerColumn, ownerKey, names } = tables;
  const linkByKey = defineLoader<string, Link | undefined>(
    names.linkByKey,
    (db) => (keys) =>
      rowsByKeyPairs<Link>(
        db,
        `SELECT ${entityColumns(db, countryLink, 'l')}, ${entityJson(db, Country, 'k')} AS country, l.${ownerColumn} || ':' || l.country_id AS key
     FROM ${countryTable} l JOIN countries k ON k.id = l.country_id
     WHERE (l.${ownerColumn}, l.country_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        keys,
      ),
  );
  const linksByOwnerId = defineLoader<string, Link[]>(names.linksByOwnerId, (db) => async (ids) => {
    const rows: Record<string, string>[] = await db.query(
      `SELECT ${entityColumns(db, countryLink, 'l')}, ${entityJson(db, Country, 'k')} AS country
     FROM ${countryTable} l JOIN countries k ON k.id = l.country_id
     WHERE l.${ownerColumn} = ANY($1::uuid[]) ORDER BY ${linkOrder('l', 'k')}`,
      [ids],
    );
    return groupByKey(rows, ownerKey, ids) as unknown as Link[][];
  });
  const mineralsByOwnerId = defineLoader<string, Mineral[]>(names.mineralsByOwnerId, (db) => async (ids) => {
    const rows: (Mineral & Record<string, string>)[] = await db.query(
      `SELECT ${entityColumns(db, Mineral, 'm')}, lm.${ownerColumn} AS "${ownerKey}"
     FROM ${mineralTable} lm JOIN minerals m ON m.id = lm.mineral_id
     WHERE lm.${ownerColumn} = ANY($1::uuid[]) ORDER BY m.code`,
      [ids],
    );
    return groupByKey(rows, ownerKey, ids);
  });
  return { linkByKey, linksByOwnerId, mineralsByOwnerId };
}
