import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request. Loaders whose batch depends on field
 * arguments (page size, filters) get one instance per distinct argument set.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, args: unknown, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    const key = args === undefined ? name : `${name}:${JSON.stringify(args)}`;
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders rows fetched with `key = ANY(...)` into one list per requested key. */
export function groupByKey<T, K extends keyof T>(rows: T[], key: K, keys: readonly T[K][]): T[][] {
  const groups = new Map<T[K], T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(row[key])?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}
