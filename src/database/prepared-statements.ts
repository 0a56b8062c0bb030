import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import { literalOf, withLiterals } from './sql-literal';
import type { Statement } from './statement';

// Each text's name, so a text met again is not hashed again; bounded by the characters it holds.
const NAMED_TEXT_CHARACTERS = 2_000_000;
const names = new LRUCache<string, string>({ maxSize: NAMED_TEXT_CHARACTERS, sizeCalculation: (_name, sql) => sql.length });

/** The hash that names `sql`, computed once per text. */
function textHash(sql: string): string {
  let hash = names.get(sql);
  if (hash === undefined) {
    hash = createHash('sha1').update(sql).digest('hex');
    names.set(sql, hash);
  }
  return hash;
}

/**
 * Statement texts kept prepared on every connection, up to `shapes` of them, so that clients
 * sending endless new shapes cannot grow every backend: the rest run unnamed. A named statement
 * is parsed once per connection, and after five executions Postgres may keep a generic plan, so
 * it is neither parsed nor planned again.
 */
export class PreparedStatements {
  private readonly prepared = new Set<string>();

  constructor(private readonly shapes: number) {}

  /** The name `sql` is prepared under (its text's hash), while there is room for more. */
  nameOf(sql: string): string | undefined {
    const name = `prepared_${textHash(sql)}`;
    if (this.prepared.has(name)) return name;
    if (this.prepared.size >= this.shapes) return undefined;
    this.prepared.add(name);
    return name;
  }

  /**
   * Makes the statements with parameters that `runner` sends prepared ones, until the function
   * returned is called (before the connection goes back to the pool). Statements without
   * parameters (SAVEPOINT, COMMIT) keep the simple protocol.
   */
  async preparing(runner: QueryRunner): Promise<() => void> {
    const client = (await runner.connect()) as PoolClient;
    const query = client.query;
    const own = Object.hasOwn(client, 'query');
    const send = query as (this: PoolClient, ...args: unknown[]) => unknown;
    const named = (text: unknown, values?: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 ? this.nameOf(text) : undefined;
      return name ? send.call(client, { name, text, values }, ...rest) : send.call(client, text, values, ...rest);
    };
    client.query = named as typeof client.query;
    return () => {
      // Back to exactly what it was, so a later patch of the prototype's query still reaches this client.
      if (own) client.query = query;
      else delete (client as { query?: unknown }).query;
    };
  }
}

/** A statement's text and the values of its parameters. */
export type SqlText = Pick<Statement<unknown>, 'sql' | 'values'>;

/** Statement names prepared with SQL PREPARE on each connection: a prepared statement outlives a rolled-back transaction. */
const preparedOn = new WeakMap<PoolClient, Set<string>>();
/** Shapes one connection keeps prepared with SQL PREPARE; past them, statements go with their values written in. */
const MAX_SQL_PREPARED_SHAPES = 64;

/** The name a statement's text is prepared under by sqlExecuting. */
export const sqlPreparedName = (sql: string) => `group_${textHash(sql).slice(0, 24)}`;

/**
 * The texts to send for `statements` in one message of several statements, which the simple
 * protocol sends without parameters: EXECUTE of each one prepared on the connection with SQL
 * PREPARE, which Postgres then plans once, not each time. Those not prepared yet are prepared first,
 * in a message of their own (which nothing else can make fail).
 */
export async function sqlExecuting(client: PoolClient, statements: readonly SqlText[]): Promise<string[]> {
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  const preparing = new Map<string, string>();
  const texts = statements.map(({ sql, values }) => {
    if (values.length === 0) return sql;
    const name = sqlPreparedName(sql);
    if (!prepared.has(name) && !preparing.has(name)) {
      if (prepared.size + preparing.size >= MAX_SQL_PREPARED_SHAPES) return withLiterals(client, sql, values);
      preparing.set(name, `PREPARE ${name} AS ${sql}`);
    }
    return `EXECUTE ${name}(${values.map((value) => literalOf(client, value)).join(', ')})`;
  });
  if (preparing.size > 0) {
    await client.query([...preparing.values()].join('; '));
    for (const name of preparing.keys()) prepared.add(name);
  }
  return texts;
}
