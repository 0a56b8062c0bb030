import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, getVariableValues, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import type { HttpSettings } from '../config';
import { type Context, createContext } from '../context';
import type { RequestTrace } from '../database/request-trace';
import { PUBLIC_CALLER } from '../modules/auth/caller';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import type { PlanMemo } from '../planner/plan-memo';
import { RawJson, stringifyResult } from '../planner/raw-json';
import { runCompiledRead } from '../planner/run';
import type { Services } from '../services';
import { checkOperation } from './operation-limits';

/**
 * Operations kept learned, and the characters of their text: each holds Apollo's parsed document
 * (and, weakly, the operation limits' memo of it), so both bound what clients sending endless
 * new texts can make the process keep, about as much as Apollo's own document store.
 */
const LEARNED_OPERATIONS = 1_000;
const LEARNED_CHARACTERS = 4_000_000;
/** Media types Apollo Server answers a single result with, in its order of preference (its MEDIA_TYPES). */
const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';
const RESULT_MEDIA_TYPES = [
  JSON_MEDIA_TYPE,
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];
/** Those answered here: the subscription-callback type is left to Apollo. */
const ANSWERED_MEDIA_TYPES = new Set(RESULT_MEDIA_TYPES.slice(0, 2));
/** Accept headers whose choice of media type is remembered: clients send few distinct ones. */
const ACCEPT_HEADERS = 100;

/** An operation Apollo Server parsed, validated and answered with a compiled read (see src/planner). */
interface LearnedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The name Apollo resolved the operation to: what metrics and logs label it with. */
  operationName: string | null;
  /** The key its plans are remembered under (PlanMemo), the same on both ways in. */
  operationKey: string;
}

/** What a request's answer is recorded with: Apollo's plugins record the same for the requests they answer. */
export interface AnsweredRequest {
  context: Context;
  operationName: string | null | undefined;
  status: number;
  errors?: readonly { extensions?: Record<string, unknown> }[];
  /** Answered by PlannedReads rather than by Apollo Server. */
  planned?: boolean;
}

type Observer = () => (answered: AnsweredRequest) => void;

/** The body of a plain POST: a single operation with nothing Apollo Server would treat specially (extensions, a batch). */
function plainOperation(req: Request): { query: string; operationName: string | null; variables: Record<string, unknown> } | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (req.method !== 'POST' || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const key in body) if (key !== 'query' && key !== 'operationName' && key !== 'variables') return undefined;
  const { query, operationName, variables } = body;
  if (typeof query !== 'string') return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return {
    query,
    operationName: (operationName as string | null | undefined) ?? null,
    variables: (variables ?? {}) as Record<string, unknown>,
  };
}

const operationKeyOf = (query: string, operationName: string | null) => JSON.stringify([query, operationName]);

/**
 * Reads answered without Apollo Server's pipeline. Once Apollo has parsed, validated and
 * answered an operation with a compiled read, the same query text is answered here: the
 * same token check, limits, variable coercion, plan and statement, the same metrics and log
 * line, the same status, headers and body, but none of the per-request machinery around them
 * (document hashing, plugin dispatch, response assembly), which cost more CPU than the
 * statement on small reads (README "Benchmarks"). Anything else, or anything that does not
 * go exactly as it did then (a limit refused, a variable that does not coerce, a plan the
 * resolvers must answer), is passed on to Apollo whole. A statement that fails here is not
 * run again there: Apollo reports this one's failure (settledRead).
 */
export class PlannedReads {
  private readonly learned = new LRUCache<string, LearnedOperation>({
    max: LEARNED_OPERATIONS,
    maxSize: LEARNED_CHARACTERS,
    sizeCalculation: (_operation, key) => key.length,
  });
  private readonly mediaTypes = new LRUCache<string, string | false>({ max: ACCEPT_HEADERS });
  private readonly settled = new WeakMap<RequestTrace, ExecutionResult>();

  constructor(
    private readonly schema: GraphQLSchema,
    readonly plans: PlanMemo,
    private readonly options: {
      limits: HttpSettings['limits'];
      services: Services;
      tokens: TokenVerifier;
      observers: readonly Observer[];
    },
  ) {}

  /** Learns the operations Apollo answered with a compiled read, with no error. */
  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ request, response, document, operation, queryHash, errors }) => {
          if (errors || response.body.kind !== 'single' || (response.http.status ?? 200) !== 200) return;
          const { data, errors: resultErrors } = response.body.singleResult;
          if (!(data instanceof RawJson) || resultErrors || !document || !operation || typeof request.query !== 'string') return;
          const operationName = request.operationName ?? null;
          this.learned.set(operationKeyOf(request.query, operationName), {
            document,
            operation,
            operationName: operation.name?.value ?? null,
            operationKey: JSON.stringify([queryHash, request.operationName ?? null]),
          });
        },
      }),
    };
  }

  /** A failed statement's result, for Apollo to report instead of running the statement again. */
  settledRead(trace: RequestTrace): ExecutionResult | undefined {
    return this.settled.get(trace);
  }

  /** The handler in front of Apollo Server: answers a learned read, else passes the request on. */
  handler(): RequestHandler {
    return (req, res, next) => {
      this.answer(req, res.locals.trace)
        // Whatever went wrong here, Apollo answers the request as it would have without this lane.
        .catch(() => undefined)
        .then((answer) => {
          if (!answer) return next();
          res.statusCode = 200;
          res.setHeader('content-type', answer.mediaType);
          res.setHeader('x-sql-statements', String(answer.statements));
          res.send(answer.body);
        })
        .catch(next);
    };
  }

  private async answer(req: Request, trace: RequestTrace) {
    const body = plainOperation(req);
    const learned = body && this.learned.get(operationKeyOf(body.query, body.operationName));
    const mediaType = learned && this.mediaType(req.headers.accept);
    if (!body || !learned || !mediaType) return undefined;
    const observers = this.options.observers.map((observe) => observe());
    let context: Context;
    try {
      const caller = (await this.options.tokens.callerFrom(req.headers.authorization)) ?? PUBLIC_CALLER;
      context = createContext(this.options.services, caller, trace);
      // The name Apollo resolved, as its limits plugin passes it, so both ways share the limits' memo of the document.
      const cost = checkOperation(this.schema, learned.document, learned.operationName, body.variables, this.options.limits);
      if (cost === undefined || cost >= this.options.limits.largeCost) return undefined;
    } catch {
      // Refused: Apollo refuses it again, with its own answer.
      return undefined;
    }
    const coerced = getVariableValues(this.schema, learned.operation.variableDefinitions ?? [], body.variables);
    if (coerced.errors) return undefined;
    const read = this.plans.plan(learned.operationKey, learned.document, learned.operation, coerced.coerced, context);
    if (!read) return undefined;
    const result = await runCompiledRead(read, context);
    if (result.errors) {
      this.settled.set(trace, result);
      return undefined;
    }
    const answered = { context, operationName: learned.operationName, status: 200, planned: true };
    for (const observe of observers) observe(answered);
    return { mediaType, statements: trace.statementCount, body: stringifyResult({ data: result.data }) };
  }

  /** Apollo Server's choice of media type for a single result (its chooseContentTypeForSingleResultResponse); false: left to Apollo. */
  private mediaType(accept: string | undefined): string | false {
    if (!accept) return JSON_MEDIA_TYPE;
    let chosen = this.mediaTypes.get(accept);
    if (chosen === undefined) {
      const preferred = new Negotiator({ headers: { accept } }).mediaType(RESULT_MEDIA_TYPES);
      chosen = preferred !== undefined && ANSWERED_MEDIA_TYPES.has(preferred) ? preferred : false;
      this.mediaTypes.set(accept, chosen);
    }
    return chosen;
  }
}
