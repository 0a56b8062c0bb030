import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { LoaderKey, loaderKey, LoaderRegistry } from './loader-registry';
import {
  Connection,
  ConnectionArgs,
  cursorCondition,
  orderClause,
  Ordering,
  PageRequest,
  PageRows,
  SORT_VALUE,
  SqlParams,
  toConnection,
  toPageRequest,
} from './pagination';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** A filtered list of rows: what to select, from where, under which conditions, in which order. */
export interface ListQuery {
  columns: string;
  from: string;
  where: string[];
  params: SqlParams;
  ordering: Ordering;
  /** `from` is a derived table (a snapshot as of an instant): build it once per statement, never once per parent. */
  costlyToRepeat?: boolean;
}

const PARENT = '__parent';
const columnLists = new WeakMap<object, Map<string, string>>();

/** `alias.column AS "property"` for every column of an entity, so raw rows have the entity's shape. */
export function entityColumns(db: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const key = entity as object;
  let byAlias = columnLists.get(key);
  if (!byAlias) columnLists.set(key, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (!list) {
    list = db
      .getMetadata(entity)
      .columns.map((column) => `${alias}."${column.databaseName}" AS "${column.propertyName}"`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

function whereClause(conditions: (string | undefined)[]): string {
  const present = conditions.filter((c): c is string => Boolean(c));
  return present.length ? `WHERE ${present.join(' AND ')}` : '';
}

/** The entity's columns as one JSON object, to embed a parent's related row instead of loading it separately. */
export function entityJson(db: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const pairs = db
    .getMetadata(entity)
    .columns.map((column) => `'${column.propertyName}', ${alias}."${column.databaseName}"`)
    .join(', ');
  return `json_build_object(${pairs})`;
}

/** One page of a root list, fetched with one statement (limit + 1 rows tell whether more follow). */
export async function fetchPage<T>(db: Queryable, query: ListQuery, page: PageRequest): Promise<PageRows<T>> {
  const params = query.params.clone();
  const sql = `SELECT ${query.columns}, (${query.ordering.expression})::text AS "${SORT_VALUE}"
    FROM ${query.from}
    ${whereClause([...query.where, cursorCondition(query.ordering, page, params)])}
    ORDER BY ${orderClause(query.ordering, page.backward)}
    LIMIT ${page.limit + 1}`;
  const rows = await db.query(sql, params.values);
  return { rows, hasMore: rows.length > page.limit };
}

/**
 * The same page for many parents in one statement, so a DataLoader batch of N
 * parents costs one query, not N. Each parent's page is its own LIMITed scan
 * (a LATERAL join): a parent with 13,000 rows costs what one with 20 does. A
 * source that is costly to build (a snapshot as of an instant) is built once
 * and ranked per parent instead.
 */
export async function fetchPagesByParent<T>(
  db: Queryable,
  query: ListQuery,
  parentExpression: string,
  parentIds: readonly string[],
  page: PageRequest,
): Promise<PageRows<T>[]> {
  const params = query.params.clone();
  const parents = params.add(parentIds);
  const order = orderClause(query.ordering, page.backward);
  const selected = `${query.columns}, (${query.ordering.expression})::text AS "${SORT_VALUE}", ${parentExpression} AS "${PARENT}"`;
  const sql = query.costlyToRepeat
    ? `SELECT * FROM (
        SELECT ${selected}, row_number() OVER (PARTITION BY ${parentExpression} ORDER BY ${order}) AS rank
        FROM ${query.from}
        ${whereClause([`${parentExpression} = ANY(${parents}::uuid[])`, ...query.where, cursorCondition(query.ordering, page, params)])}
      ) ranked
      WHERE rank <= ${page.limit + 1}
      ORDER BY rank`
    : `SELECT page.* FROM unnest(${parents}::uuid[]) WITH ORDINALITY AS parent_ids(id, position)
      CROSS JOIN LATERAL (
        SELECT ${selected}, row_number() OVER (ORDER BY ${order}) AS rank
        FROM ${query.from}
        ${whereClause([`${parentExpression} = parent_ids.id`, ...query.where, cursorCondition(query.ordering, page, params)])}
        ORDER BY ${order}
        LIMIT ${page.limit + 1}
      ) page
      ORDER BY parent_ids.position, page.rank`;
  const rows: (T & { [PARENT]: string })[] = await db.query(sql, params.values);
  const byParent = new Map<string, T[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) byParent.get(row[PARENT])?.push(row);
  return parentIds.map((id) => {
    const list = byParent.get(id) as PageRows<T>['rows'];
    return { rows: list, hasMore: list.length > page.limit };
  });
}

export async function countRows(db: Queryable, query: ListQuery): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS total FROM ${query.from} ${whereClause(query.where)}`, query.params.values);
  return row.total;
}

export async function countRowsByParent(
  db: Queryable,
  query: ListQuery,
  parentExpression: string,
  parentIds: readonly string[],
): Promise<number[]> {
  const params = query.params.clone();
  const parents = params.add(parentIds);
  const rows: { parent: string; total: number }[] = await db.query(
    `SELECT ${parentExpression} AS parent, count(*)::int AS total FROM ${query.from}
     ${whereClause([`${parentExpression} = ANY(${parents}::uuid[])`, ...query.where])}
     GROUP BY 1`,
    params.values,
  );
  const totals = new Map(rows.map((row) => [row.parent, row.total]));
  return parentIds.map((id) => totals.get(id) ?? 0);
}

/** Rows of one table by primary key, in the order asked for (undefined where missing). */
export async function rowsByIds<T extends { id: string }>(
  db: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  ids: readonly string[],
): Promise<(T | undefined)[]> {
  const table = db.getMetadata(entity).tableName;
  const rows: T[] = await db.query(`SELECT ${entityColumns(db, entity, 't')} FROM ${table} t WHERE t.id = ANY($1::uuid[])`, [ids]);
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id));
}

/**
 * Rows of a link table keyed by two row ids, by "id1:id2" keys, in the order asked for
 * (undefined where missing). `select` reads the pairs as `(a, b) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`
 * and returns each row's key as "key".
 */
export async function rowsByKeyPairs<T>(db: DataSource, select: string, keys: readonly string[]): Promise<(T | undefined)[]> {
  const pairs = keys.map((key) => key.split(':'));
  const rows: (T & { key: string })[] = await db.query(select, [pairs.map(([first]) => first), pairs.map(([, second]) => second)]);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return keys.map((key) => byKey.get(key));
}

/** The two loaders of a nested list: its pages and its counts, per parent id. */
export interface NestedListKey<T> {
  pages: LoaderKey<string, PageRows<T>>;
  counts: LoaderKey<string, number>;
}

export function nestedListKey<T>(name: string): NestedListKey<T> {
  return Object.freeze({ pages: loaderKey<string, PageRows<T>>(name), counts: loaderKey<string, number>(`${name}:count`) });
}

/** How to fetch one nested list; its loader key is declared in the module's loaders file. */
export interface NestedList<T> {
  loader: NestedListKey<T>;
  query: ListQuery;
  parentExpression: string;
  filterKey?: unknown;
}

/** A nested list as a connection, batched across all parents in the request: one statement per page shape, one per count. */
export async function loadPageByParent<T>(
  db: DataSource,
  loaders: LoaderRegistry,
  list: NestedList<T>,
  parentId: string,
  args: ConnectionArgs,
): Promise<Connection<T>> {
  const { query, parentExpression, filterKey } = list;
  const key = list.loader;
  const page = toPageRequest(args, query.ordering);
  const pages = loaders.get(key.pages, { filterKey, page }, (ids: readonly string[]) =>
    fetchPagesByParent<T>(db, query, parentExpression, ids, page),
  );
  const counts = loaders.get(key.counts, filterKey ?? null, (ids: readonly string[]) =>
    countRowsByParent(db, query, parentExpression, ids),
  );
  return toConnection(await pages.load(parentId), page, query.ordering, () => counts.load(parentId));
}

/** A root list as a connection: one statement for the page, one more only if totalCount is asked for. */
export async function loadPage<T>(db: DataSource, query: ListQuery, args: ConnectionArgs): Promise<Connection<T>> {
  const page = toPageRequest(args, query.ordering);
  return toConnection(await fetchPage<T>(db, query, page), page, query.ordering, () => countRows(db, query));
}
