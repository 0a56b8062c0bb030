import express, { type Request, type RequestHandler } from 'express';
import {
  coerceInputValue,
  getNamedType,
  getNullableType,
  GraphQLBoolean,
  GraphQLFloat,
  type GraphQLInputType,
  GraphQLInt,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
} from 'graphql';
import { to as copyTo } from 'pg-copy-streams';
import type { ExportLease } from '../database/export-connections';
import { COMMITMENT_EXPORT } from '../modules/commitment/commitment.export';
import { PROJECT_EXPORT } from '../modules/project/project.export';
import { TRANSACTION_EXPORT } from '../modules/transaction/transaction.export';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import type { ExportFormat } from '../shared/csv-export';
import { BadUserInputError } from '../shared/errors';
import { exportStatement, type RecordExport } from '../shared/record-export';
import { validateInput } from '../shared/validation';
import { type ExportCapacity, leaseExportConnection, refuse, sendExport } from './export-response';
import { QueryParameters } from './query-parameters';

/** Every analyst export: adding one is a descriptor in its module and a line here. */
const RECORD_EXPORTS: readonly RecordExport<object>[] = [COMMITMENT_EXPORT, PROJECT_EXPORT, TRANSACTION_EXPORT];

/** The file extension of each format; `.jsonl` is what analysts' tools look for. */
const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', ndjson: 'jsonl' };

/** A query parameter's text as the GraphQL value it stands for; the filter's type then judges it. */
function graphqlValue(text: string, type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (named === GraphQLBoolean) return text === 'true' ? true : text === 'false' ? false : text;
  if ((named === GraphQLInt || named === GraphQLFloat) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/**
 * The list's filter from query parameters, one per field of its GraphQL input (lists
 * comma-separated), coerced and validated as GraphQL does: the same enums, scalars and limits.
 * Anything else (an unknown or repeated parameter, a bad value) is BAD_USER_INPUT naming it.
 */
export async function filterFromQuery<F extends object>(schema: GraphQLSchema, filterType: new () => F, query: Request['query']) {
  const type = schema.getType(filterType.name);
  if (!isInputObjectType(type)) throw new Error(`${filterType.name} is not an input type of the schema`);
  const fields = type.getFields();
  const parameters = new QueryParameters(query, Object.keys(fields));
  const raw: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const listed = isListType(getNullableType(field.type));
    const text = listed ? parameters.list(name) : parameters.single(name);
    if (text !== undefined)
      raw[name] = Array.isArray(text) ? text.map((item) => graphqlValue(item, field.type)) : graphqlValue(text, field.type);
  }
  if (Object.keys(raw).length === 0) return null;
  const coerced = coerceInputValue(raw, type, (path, _invalid, error) => {
    const argument = String(path[0]);
    throw new BadUserInputError(`Invalid ${argument}: ${error.message}`, { argument });
  });
  const filter = Object.assign(new filterType(), coerced);
  await validateInput(filter, 'filter');
  return filter;
}

/**
 * GET /export/<name>.{csv,jsonl}: the list as the GraphQL query returns it for the same filter,
 * every row, written by Postgres and streamed with back-pressure on an export connection. Public
 * like the lists; a token that is sent must still be valid.
 */
function recordExportHandler<F extends object>(
  descriptor: RecordExport<F>,
  format: ExportFormat,
  { capacity, tokens, schema }: RecordExportDependencies,
): RequestHandler {
  return async (request, response) => {
    let statement: string;
    let lease: ExportLease;
    try {
      await tokens.callerFrom(request.headers.authorization);
      statement = exportStatement(descriptor, await filterFromQuery(schema, descriptor.filter, request.query), format);
      lease = await leaseExportConnection(capacity);
    } catch (error) {
      refuse(response, error);
      return;
    }
    const filename = `${descriptor.name}.${EXTENSIONS[format]}`;
    await sendExport(response, capacity, lease, { filename, format, rows: (client) => client.query(copyTo(statement)) });
  };
}

export interface RecordExportDependencies {
  capacity: ExportCapacity;
  tokens: TokenVerifier;
  schema: GraphQLSchema;
}

/** The routes of every analyst export, each behind `limiter`. */
export function recordExportRoutes(limiter: RequestHandler, dependencies: RecordExportDependencies): express.Router {
  const router = express.Router();
  for (const descriptor of RECORD_EXPORTS) {
    for (const format of ['csv', 'ndjson'] as const) {
      router.get(`/export/${descriptor.name}.${EXTENSIONS[format]}`, limiter, recordExportHandler(descriptor, format, dependencies));
    }
  }
  return router;
}
