import { registerEnumType } from 'type-graphql';
import type { Ordering } from './pagination';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'ASC: smallest, earliest or A first; DESC: the reverse. Items without a value come last either way.',
  valuesConfig: {
    ASC: { description: 'Ascending: smallest, earliest or A first.' },
    DESC: { description: 'Descending: largest, latest or Z first.' },
  },
});

/** How one sortable field is written in SQL. */
export interface SortKey {
  /** Short name used inside cursors. */
  name: string;
  column: string;
  sqlType: Ordering['sqlType'];
  nullable?: boolean;
}

/**
 * The keyset ordering for a sort key in a direction. A nullable column is replaced
 * by a non-null key (cursors compare tuples, and NULL compares to nothing): +infinity
 * ascending and -infinity descending, so items without a value come last both ways.
 * The cursor key is the name for ASC and "-name" for DESC, so cursors issued before
 * sorting existed (always ascending) stay valid, and one direction's cursor is
 * refused by the other.
 */
export function orderingFor(sortKey: SortKey, direction: SortDirection, idColumn: string): Ordering {
  const descending = direction === SortDirection.DESC;
  const expression = sortKey.nullable
    ? `coalesce(${sortKey.column}, '${descending ? '-' : ''}infinity'::${sortKey.sqlType})`
    : sortKey.column;
  return { key: descending ? `-${sortKey.name}` : sortKey.name, expression, sqlType: sortKey.sqlType, direction, idColumn };
}

/** The order a list was asked for; without one, by relevance when searching, else its default order. */
export function listOrdering<F extends string>(
  orderBy: { field: F; direction?: SortDirection | null } | null | undefined,
  byRank: Ordering | undefined,
  list: { keys: Record<F, SortKey>; defaultOrder: { field: F; direction: SortDirection }; idColumn: string },
): Ordering {
  if (!orderBy && byRank) return byRank;
  const { field, direction } = orderBy ?? list.defaultOrder;
  return orderingFor(list.keys[field], direction ?? SortDirection.ASC, list.idColumn);
}
