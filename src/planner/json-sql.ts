import { getNamedType, GraphQLEnumType, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import { NotCompiled } from './plan-context';

// json_build_object takes at most 100 arguments (Postgres' FUNC_MAX_ARGS): 50 keys.
const MAX_KEYS = 50;

// Postgres truncates longer identifiers, so a longer key cannot name a column.
const MAX_IDENTIFIER_LENGTH = 63;

type Pairs = readonly (readonly [key: string, value: string])[];

/** A JSON object of [response key, SQL value] pairs, in the order given (json keeps it; jsonb would not). */
export function jsonObject(pairs: Pairs): string {
  if (pairs.length > MAX_KEYS) throw new NotCompiled('more than 50 fields in one object');
  return `json_build_object(${pairs.map(([key, value]) => `'${key}', ${value}`).join(', ')})`;
}

/**
 * The same object as jsonObject, as row_to_json of a one-row select naming each value by its key:
 * the same members in the same order, the values written by the same rules, without the spaces
 * json_build_object puts around ':' and after ','. Objects built once per row of a page cost
 * Postgres less this way (bench W3's statement, 100 events: 1.0 -> 0.87 ms; W2's, a handful of
 * objects, 0.19 -> 0.21 ms). No value may be an aggregate, which would aggregate over that one row.
 */
export function rowJsonObject(pairs: Pairs): string {
  if (pairs.length > MAX_KEYS) throw new NotCompiled('more than 50 fields in one object');
  // GraphQL names are plain ASCII identifiers; json_build_object() writes the empty object as before.
  if (pairs.length === 0 || pairs.some(([key]) => key.length > MAX_IDENTIFIER_LENGTH)) return jsonObject(pairs);
  // The row's alias is no GraphQL name: a column of the same name would be what row_to_json() reads.
  return `(SELECT row_to_json("row object") FROM (SELECT ${pairs.map(([key, value]) => `${value} AS "${key}"`).join(', ')}) "row object")`;
}

/**
 * base64url without padding, as Buffer's 'base64url' writes it (Postgres wraps base64 every 76
 * characters). replace() rather than translate(), which costs three times as much per cursor.
 */
export function base64url(text: string): string {
  return `rtrim(replace(replace(replace(encode(convert_to(${text}, 'UTF8'), 'base64'), E'\\n', ''), '+', '-'), '/', '_'), '=')`;
}

/** The global ID toGlobalId(typeName, id) gives (shared/global-id.ts). */
export function globalIdSql(typeName: string, idColumn: string): string {
  if (!/^[A-Za-z]+$/.test(typeName)) throw new NotCompiled(`type name ${typeName}`);
  return base64url(`'${typeName}:' || ${idColumn}::text`);
}

/** An instant as graphql-scalars' DateTime writes a Date: toISOString(), milliseconds and Z. */
export const instantSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A calendar date as the LocalDate scalar writes it. */
export const dateSql = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

const PASSED_THROUGH = new Set(['String', 'Int', 'Boolean', 'Currency']);

/** An enum whose values are sent as stored: each value's name is its internal value. */
function storedAsNamed(type: GraphQLEnumType): boolean {
  return type.getValues().every((value) => value.value === value.name);
}

/**
 * A column written as the field's scalar or enum would serialize it; NotCompiled for any
 * type whose serialization is not restated here.
 */
export function scalarSql(type: GraphQLOutputType, column: string): string {
  const inner = isNonNullType(type) ? type.ofType : type;
  const named = getNamedType(inner);
  if (named instanceof GraphQLEnumType && !storedAsNamed(named)) throw new NotCompiled(`enum ${named.name}`);
  if (isListType(inner)) {
    const item = isNonNullType(inner.ofType) ? inner.ofType.ofType : inner.ofType;
    if (isListType(item) || !(named instanceof GraphQLEnumType || named.name === 'String')) throw new NotCompiled('list column');
    return `to_json(${column})`;
  }
  if (named instanceof GraphQLEnumType || PASSED_THROUGH.has(named.name)) return column;
  if (named.name === 'DateTime') return instantSql(column);
  if (named.name === 'LocalDate') return dateSql(column);
  throw new NotCompiled(`scalar ${named.name}`);
}
