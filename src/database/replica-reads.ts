import type { DataSource, QueryRunner } from 'typeorm';
import { requestScope } from './request-trace';

/**
 * Only an HTTP request that has not written may read a replica. A mutation's
 * payload is read right after its write; outside a request (subscription events,
 * which follow a NOTIFY from the primary; start-up; scripts) a lagging replica
 * could contradict what just happened, so those read the primary.
 */
export function mayReadReplica(): boolean {
  const trace = requestScope.getStore();
  return trace !== undefined && !trace.readFromPrimary;
}

/**
 * The DataSource the read services hold: `db` itself (entities, metadata, pools,
 * transactions), except that `query()` outside a transaction runs on a replica
 * when replicas are configured and the request may read one. TypeORM's own
 * `query()` always takes the primary, so this is the one place a read can leave it.
 */
export function replicaReads(db: DataSource): DataSource {
  if (!db.driver.isReplicated) return db;
  const reads: DataSource = Object.create(db);
  reads.query = async <T>(sql: string, parameters?: unknown[], queryRunner?: QueryRunner): Promise<T> => {
    if (queryRunner || !mayReadReplica()) return db.query<T>(sql, parameters, queryRunner);
    // 'slave' is TypeORM's name for a replica; each runner takes one at random.
    const replica = db.createQueryRunner('slave');
    try {
      return await replica.query(sql, parameters);
    } finally {
      await replica.release();
    }
  };
  return reads;
}
