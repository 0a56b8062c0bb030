import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Statement } from '../database/statement';
import { ConflictError, NotFoundError } from './errors';
import { fromGlobalId, toGlobalId } from './global-id';

export interface Versioned {
  id: string;
  version: number;
}

/** The select list of an entity's columns over alias `t`, each named as its property. */
export function returningColumns(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  return manager.connection
    .getMetadata(entity)
    .columns.map((column) => `t."${column.databaseName}" AS "${column.propertyName}"`)
    .join(', ');
}

/**
 * Reads a row and locks it until the transaction ends, so concurrent changes to
 * the same record queue up and each sees the version the previous one produced.
 */
export async function lockRow<T extends Versioned>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  typeName: string,
  globalId: string,
  argument: string,
): Promise<T> {
  const table = manager.connection.getMetadata(entity).tableName;
  const id = fromGlobalId(typeName, globalId, argument);
  const [row] = await manager.query(`SELECT ${returningColumns(manager, entity)} FROM ${table} t WHERE t.id = $1 FOR UPDATE`, [id]);
  if (!row) throw new NotFoundError(typeName, globalId);
  return row;
}

/**
 * The statement that reads rows by id and locks them until the transaction ends, in the order of
 * their ids, so that writers locking overlapping sets of rows this way never wait for each other in a circle.
 */
export function lockingRows<T extends Versioned>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  ids: readonly string[],
): Statement<Map<string, T>> {
  const table = manager.connection.getMetadata(entity).tableName;
  return {
    sql: `SELECT ${returningColumns(manager, entity)} FROM ${table} t WHERE t.id = ANY($1::uuid[]) ORDER BY t.id FOR UPDATE`,
    values: [ids],
    read: (rows) => new Map((rows as unknown as T[]).map((row) => [row.id, row])),
  };
}

export function assertVersion(typeName: string, row: Versioned, expectedVersion: number): void {
  if (row.version !== expectedVersion) throw new ConflictError(typeName, toGlobalId(typeName, row.id), expectedVersion, row.version);
}

/**
 * Applies column changes and bumps the version in one conditional UPDATE: the
 * database, not a read in Node, decides that exactly one writer wins.
 */
export async function updateVersioned<T extends Versioned>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  typeName: string,
  row: Versioned,
  columns: Record<string, unknown>,
): Promise<T> {
  const table = manager.connection.getMetadata(entity).tableName;
  const names = Object.keys(columns);
  const assignments = names.map((name, index) => `"${name}" = $${index + 3}`);
  const rows = await manager.query(
    `UPDATE ${table} t SET ${[...assignments, 'version = t.version + 1', 'updated_at = now()'].join(', ')}
     WHERE t.id = $1 AND t.version = $2 RETURNING ${returningColumns(manager, entity)}`,
    [row.id, row.version, ...names.map((name) => columns[name])],
  );
  const [updated] = rows[0] as T[];
  if (!updated) throw new ConflictError(typeName, toGlobalId(typeName, row.id), row.version, row.version + 1);
  return updated;
}

/** Inserts one row and returns it in the entity's shape. */
export async function insertRow<T>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  columns: Record<string, unknown>,
): Promise<T>;
/** With `ifAbsent`, a row that would break a unique key is not inserted: undefined (it waits for a concurrent insert to commit first). */
export async function insertRow<T>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  columns: Record<string, unknown>,
  options: { ifAbsent: true },
): Promise<T | undefined>;
export async function insertRow<T>(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  columns: Record<string, unknown>,
  options?: { ifAbsent: true },
): Promise<T | undefined> {
  const table = manager.connection.getMetadata(entity).tableName;
  const names = Object.keys(columns);
  const [row] = await manager.query(
    `INSERT INTO ${table} AS t (${names.map((name) => `"${name}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ${options?.ifAbsent ? 'ON CONFLICT DO NOTHING' : ''}
     RETURNING ${returningColumns(manager, entity)}`,
    names.map((name) => columns[name]),
  );
  return row;
}
