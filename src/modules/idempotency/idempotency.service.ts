import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import { AppError, ErrorCode } from '../../shared/errors';
import { changeOf, MutationInput } from '../../shared/relay-mutation';
import type { Caller } from '../auth/caller';
import type { ChainWriter, ChangeOptions } from '../audit/chain-writer';
import { Action, authorize } from '../auth/policy';

/** A field sent as null and one left out mean the same request. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== null && member !== undefined)
        .map(([key, member]) => [key, withoutNulls(member)]),
    );
  }
  return value;
}

type Attempt<T> = { kind: 'done'; value: T } | { kind: 'retry' };

/** Who owns a key: the whole identity of the token, so another role or country never shares its results. */
const OWNER = 'caller_sub = $1 AND caller_role = $2 AND caller_country = $3 AND key = $4';
const ownerOf = (caller: Caller, key: string) => [caller.sub, caller.role, caller.country ?? '', key];

/**
 * Runs a mutation as one change of the chain writer's next group (all of it or none),
 * remembering its result under the caller's idempotency key (as Stripe's keys work).
 * The key row is claimed in the same transaction, so a duplicate in the same group
 * replays the first's result, and one elsewhere (another process) blocks on it until
 * the first commits and then replays it; if the first rolls back, the duplicate runs
 * instead. Keys belong to the token's sub, role and country together; a caller whose
 * role may never take `action` is refused before any key is looked at.
 */
export class IdempotencyService {
  constructor(private readonly writer: ChainWriter) {}

  async run<T>(
    caller: Caller,
    action: Action,
    operation: string,
    key: string | null | undefined,
    input: MutationInput,
    work: (manager: EntityManager) => Promise<T>,
    options: ChangeOptions = {},
  ): Promise<T> {
    authorize(caller, action);
    if (!key) return this.writer.run(work, options);
    // Its result is stored as the work returns it, so its events cannot wait for the group's end: `options` do not apply.
    // A retry with a new clientMutationId is still the same request.
    const requestHash = createHash('sha256')
      .update(`${operation}\n${canonicalJson(withoutNulls(changeOf(input)))}`)
      .digest('hex');
    for (;;) {
      const attempt = await this.writer.run(async (manager): Promise<Attempt<T>> => {
        const claimed = await manager.query(
          `INSERT INTO idempotency_keys (caller_sub, caller_role, caller_country, key, operation, request_hash) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING key`,
          [...ownerOf(caller, key), operation, requestHash],
        );
        if (claimed.length === 0) {
          const [stored] = await manager.query(
            `SELECT operation, request_hash, response FROM idempotency_keys WHERE ${OWNER}`,
            ownerOf(caller, key),
          );
          // The first request rolled back after our insert conflicted: try to claim the key again.
          if (!stored) return { kind: 'retry' };
          if (stored.operation !== operation || stored.request_hash !== requestHash) {
            throw new AppError(ErrorCode.IDEMPOTENCY_KEY_REUSED, `Idempotency key "${key}" was already used for a different request`, {
              argument: 'idempotencyKey',
              firstOperation: stored.operation,
            });
          }
          return { kind: 'done', value: stored.response as T };
        }
        const value = await work(manager);
        await manager.query(`UPDATE idempotency_keys SET response = $5 WHERE ${OWNER}`, [...ownerOf(caller, key), JSON.stringify(value)]);
        return { kind: 'done', value };
      });
      if (attempt.kind === 'done') return attempt.value;
    }
  }
}
