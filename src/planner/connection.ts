import { getNamedType, type GraphQLObjectType } from 'graphql';
import type { ListQuery } from '../shared/list-query';
import {
  ConnectionArgs,
  cursorCondition,
  MAX_CURSOR_LENGTH,
  Ordering,
  orderClause,
  PageRequest,
  toPageRequest,
} from '../shared/pagination';
import { base64url, jsonObject } from './json-sql';
import { objectJson } from './object-json';
import { NotCompiled, PlanContext } from './plan-context';
import { objectTypeOf, SelectedField, selectedFields } from './selection';

/** A list as the services write it (ListQuery), joined to its parent row when nested. */
export interface ListSource {
  query: ListQuery;
  /** The row alias of `query.from` that node fields read. */
  row: string;
  /** Nested lists: the parent's key in the list's rows, and the parent row's id. */
  parent?: { expression: string; id: string };
}

function whereClause(conditions: readonly (string | undefined)[]): string {
  const present = conditions.filter(Boolean);
  return present.length ? `WHERE ${present.join(' AND ')}` : '';
}

/** The page the arguments ask for; any refusal (size, cursor) is left to the resolvers, which word it. */
function pageOf(field: SelectedField, source: ListSource): PageRequest {
  const { after, before } = field.args as ConnectionArgs;
  // Longer cursors are refused by the arguments' validation (BAD_USER_INPUT), before any service runs.
  if ((after?.length ?? 0) > MAX_CURSOR_LENGTH || (before?.length ?? 0) > MAX_CURSOR_LENGTH) throw new NotCompiled('cursor too long');
  try {
    return toPageRequest(field.args as ConnectionArgs, source.query.ordering);
  } catch {
    throw new NotCompiled('page arguments the resolvers refuse');
  }
}

/** The text a cursor encodes, ["ordering key", "sort value", "id"] (shared/pagination.ts, no id for a unique ordering), from the row's sort key. */
function cursorTextSql(ordering: Ordering): string {
  if (!/^[\w:.-]+$/.test(ordering.key)) throw new NotCompiled(`ordering key ${ordering.key}`);
  // Digits and a sign need no JSON escaping: the text is written out, not built as an array and converted.
  if (integerCursors(ordering)) return `'["${ordering.key}","' || (${ordering.expression})::text || '"]'`;
  const id = ordering.unique ? '' : `, ${ordering.idColumn}::text`;
  return `array_to_json(ARRAY['${ordering.key}', (${ordering.expression})::text${id}])::text`;
}

/** Longest key whose integer cursors stay within the 57 bytes that Postgres encodes in base64 on one line. */
const MAX_INTEGER_CURSOR_KEY = 57 - '["","-9223372036854775808"]'.length;

/** Whether the ordering's cursor texts are a key and an integer alone, short enough for one line of base64. */
const integerCursors = (ordering: Ordering) =>
  ordering.unique && ordering.sqlType === 'bigint' && ordering.key.length <= MAX_INTEGER_CURSOR_KEY;

/**
 * The cursor that encodes `text`. Base64 of ASCII text has a '+' or '/' only where a byte is
 * '>', '?', '~' or DEL: none of them is in an integer cursor's text, nor its key ([\w:.-]), and it
 * fits on one line, so its base64url is its base64 without the padding, with no replace() per row.
 */
function cursorSql(ordering: Ordering, text: string): string {
  return integerCursors(ordering) ? `rtrim(encode(convert_to(${text}, 'UTF8'), 'base64'), '=')` : base64url(text);
}

interface Shape {
  page: PageRequest;
  /** The cursor the resolvers issue for a row of the page. */
  cursor: string;
  /** Rows of this page only (the query fetches one more to know whether more follow). */
  inPage: string;
  /** The response's order (a backward page is fetched nearest-first), by the sort key the scan exposes. */
  order: string;
}

function edgesSql(ctx: PlanContext, edgeType: GraphQLObjectType, field: SelectedField, shape: Shape): string {
  const edge = selectedFields(ctx, edgeType, field.node.selectionSet).map((selected) => {
    if (selected.name === '__typename') return [selected.key, `'${edgeType.name}'`] as const;
    if (selected.name === 'cursor') return [selected.key, shape.cursor] as const;
    if (selected.name === 'node') return [selected.key, 'pg.n'] as const;
    throw new NotCompiled(`${edgeType.name}.${selected.name}`);
  });
  return `coalesce(json_agg(${jsonObject(edge)} ORDER BY ${shape.order}) FILTER (WHERE ${shape.inPage}), '[]'::json)`;
}

function pageInfoSql(ctx: PlanContext, type: GraphQLObjectType, field: SelectedField, shape: Shape, ordering: Ordering): string {
  const { page } = shape;
  const more = `count(*) > ${page.limit}`;
  const given = page.cursor ? 'true' : 'false';
  // One array of the page's cursor texts in response order (Postgres computes an aggregate written twice once);
  // only the first and last are encoded, and its ORDER BY is the edges' own, so Postgres sorts the page at most once.
  const texts = `(array_agg(pg.k ORDER BY ${shape.order}) FILTER (WHERE ${shape.inPage}))`;
  const cursorAt = (first: boolean) => cursorSql(ordering, `${texts}[${first ? 1 : `least(count(*), ${page.limit})`}]`);
  const values: Record<string, string> = {
    __typename: `'${type.name}'`,
    hasNextPage: page.backward ? given : more,
    hasPreviousPage: page.backward ? more : given,
    startCursor: cursorAt(true),
    endCursor: cursorAt(false),
  };
  return jsonObject(
    selectedFields(ctx, type, field.node.selectionSet).map((selected) => {
      const value = values[selected.name];
      if (!value) throw new NotCompiled(`PageInfo.${selected.name}`);
      return [selected.key, value] as const;
    }),
  );
}

/** The node JSON of each row, if any edge selects its node. */
function nodeSql(ctx: PlanContext, edgeType: GraphQLObjectType, edges: SelectedField[], row: string): string {
  const nodes = edges.flatMap((edge) => selectedFields(ctx, edgeType, edge.node.selectionSet).filter((f) => f.name === 'node'));
  if (nodes.length > 1) throw new NotCompiled('node selected under two edge keys');
  return nodes.length ? objectJson(ctx, objectTypeOf(nodes[0]), nodes[0].node.selectionSet, row) : 'NULL::json';
}

/**
 * A Relay connection as one SQL expression: the page is the list's own LIMITed, keyset-ordered
 * scan (limit + 1 rows tell whether more follow), aggregated with json_agg; cursors and pageInfo
 * are those toConnection() gives, and totalCount a count of the same rows.
 */
export function connectionJson(ctx: PlanContext, field: SelectedField, source: ListSource): string {
  const { query, row } = source;
  if (query.params.values.length) throw new NotCompiled('a list query with parameters of its own');
  const type = objectTypeOf(field);
  const page = pageOf(field, source);
  const selected = selectedFields(ctx, type, field.node.selectionSet);
  const edges = selected.filter((f) => f.name === 'edges');
  const edgeType = getNamedType(type.getFields().edges.type) as GraphQLObjectType;
  const direction = query.ordering.direction;
  const shape: Shape = {
    page,
    cursor: cursorSql(query.ordering, 'pg.k'),
    inPage: `pg.r <= ${page.limit}`,
    order: `pg.o ${direction}, pg.i ${direction}`,
  };
  const pairs = selected.map((f) => {
    if (f.name === '__typename') return [f.key, `'${type.name}'`] as const;
    if (f.name === 'edges') return [f.key, edgesSql(ctx, edgeType, f, shape)] as const;
    if (f.name === 'pageInfo') return [f.key, pageInfoSql(ctx, objectTypeOf(f), f, shape, query.ordering)] as const;
    if (f.name === 'totalCount') return [f.key, `(SELECT count(*)::int FROM ${rowsOf(ctx, source, '1', [])} counted)`] as const;
    throw new NotCompiled(`${type.name}.${f.name}`);
  });
  const order = orderClause(query.ordering, page.backward);
  // Columns nobody reads (k when no cursor is asked for) are dropped by Postgres' planner, never computed.
  const scan = `${nodeSql(ctx, edgeType, edges, row)} AS n, ${cursorTextSql(query.ordering)} AS k,
      ${query.ordering.expression} AS o, ${query.ordering.idColumn} AS i, row_number() OVER (ORDER BY ${order}) AS r`;
  const from = rowsOf(ctx, source, scan, [cursorCondition(query.ordering, page, ctx.params)], `ORDER BY ${order} LIMIT ${page.limit + 1}`);
  // GROUP BY (): one row, even when only totalCount is asked for or the page is empty.
  return `(SELECT ${jsonObject(pairs)} FROM ${from} pg GROUP BY ())`;
}

/**
 * A derived table of the list's rows for this parent: `select` over them, narrowed by `extra`
 * and closed by `tail`. A nested list reads its parent's id through a one-row derived table
 * of its own, so its aliases never shadow the parent row's.
 */
function rowsOf(ctx: PlanContext, source: ListSource, select: string, extra: (string | undefined)[], tail = ''): string {
  const { query, parent } = source;
  const pv = ctx.alias('pv');
  const scope = parent ? [`${parent.expression} = ${pv}.id`, ...query.where] : query.where;
  const scan = `SELECT ${select} FROM ${query.from} ${whereClause([...scope, ...extra])} ${tail}`;
  return parent ? `(SELECT ${parent.id} AS id) ${pv} CROSS JOIN LATERAL (${scan})` : `(${scan})`;
}
