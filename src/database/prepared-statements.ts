import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';

// Each text's name, so a text met again is not hashed again; bounded by the characters it holds.
const NAMED_TEXT_CHARACTERS = 2_000_000;
const names = new LRUCache<string, string>({ maxSize: NAMED_TEXT_CHARACTERS, sizeCalculation: (_name, sql) => sql.length });

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
    let name = names.get(sql);
    if (name === undefined) {
      name = `prepared_${createHash('sha1').update(sql).digest('hex')}`;
      names.set(sql, name);
    }
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
