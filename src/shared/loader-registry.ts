import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

declare const LOADS: unique symbol;

/**
 * Names one kind of loader of a request, with the types of its keys and values, so a
 * caller cannot read one loader's cache as another's. Keys are compared by identity:
 * two modules that chose the same name still get separate loaders.
 */
export interface LoaderKey<K, V> {
  readonly name: string;
  readonly [LOADS]?: (key: K) => V;
}

export function loaderKey<K, V>(name: string): LoaderKey<K, V> {
  return Object.freeze({ name }) as LoaderKey<K, V>;
}

/** A loader whose batch needs only the database and its arguments: declared once in its module's `<concept>.loaders.ts`. */
export interface LoaderDefinition<K, V, A = undefined> extends LoaderKey<K, V> {
  batch(db: DataSource, args: A): (keys: readonly K[]) => Promise<V[]>;
}

export function defineLoader<K, V, A = undefined>(
  name: string,
  batch: (db: DataSource, args: A) => (keys: readonly K[]) => Promise<V[]>,
): LoaderDefinition<K, V, A> {
  return Object.freeze({ name, batch });
}

/**
 * The DataLoaders of one request. Loaders whose batch depends on field
 * arguments (page size, filters) get one instance per distinct argument set.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<LoaderKey<unknown, unknown>, Map<string, DataLoader<unknown, unknown>>>();

  get<K, V>(kind: LoaderKey<K, V>, args: unknown, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    const key = kind as LoaderKey<unknown, unknown>;
    let instances = this.loaders.get(key);
    if (!instances) this.loaders.set(key, (instances = new Map()));
    const argsKey = args === undefined ? '' : JSON.stringify(args);
    let loader = instances.get(argsKey) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      instances.set(argsKey, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** The request's loader of a declared definition, reading from `db`. */
  use<K, V>(definition: LoaderDefinition<K, V>, db: DataSource): DataLoader<K, V>;
  use<K, V, A>(definition: LoaderDefinition<K, V, A>, db: DataSource, args: A): DataLoader<K, V>;
  use<K, V, A>(definition: LoaderDefinition<K, V, A>, db: DataSource, args?: A): DataLoader<K, V> {
    return this.get(definition, args, definition.batch(db, args as A));
  }
}

/** Orders rows fetched with `key = ANY(...)` into one list per requested key. */
export function groupByKey<T, K extends keyof T>(rows: T[], key: K, keys: readonly T[K][]): T[][] {
  const groups = new Map<T[K], T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(row[key])?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}
