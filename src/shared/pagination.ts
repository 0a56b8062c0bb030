import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { BadUserInputError } from './errors';
import { UUID } from './global-id';
import { isSortValue } from './sort-values';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Room for a cursor over the longest sortable text (300 characters, escaped and base64-encoded). */
export const MAX_CURSOR_LENGTH = 4000;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Return the first n items after \`after\` (1..${MAX_PAGE_SIZE}). Default ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the item to start after.' })
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Return the last n items before \`before\` (1..${MAX_PAGE_SIZE}). Not together with first.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the item to end before.' })
  @MaxLength(MAX_CURSOR_LENGTH)
  before?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
export class PageInfo {
  @Field({
    description:
      'Paging forward (first/after): true when more items follow this page; pass endCursor as `after` to fetch them. Paging backward (last/before): true when `before` was given.',
  })
  hasNextPage: boolean;

  @Field({
    description:
      'Paging backward (last/before): true when more items come before this page; pass startCursor as `before` with `last` to fetch them. Paging forward (first/after): true when `after` was given.',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of this page; null when the page is empty.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of this page; null when the page is empty.' })
  endCursor: string | null;
}

/** A Relay connection type for one node type: `<Name>Connection` and `<Name>Edge`. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name} in a page, with the cursor of its position.` })
  class Edge {
    @Field({ description: 'Opaque cursor for this position; pass it as after or before.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name} at this position.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${name} items.` })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in list order, each with its cursor; empty when nothing matches.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more pages exist in either direction, and the cursors to fetch them.' })
    pageInfo: PageInfo;

    // A method, so the count query runs only when a client asks for totalCount.
    @Field(() => Int, { description: 'How many items match, across all pages.' })
    totalCount(): Promise<number> {
      throw new Error('connections are built by toConnection()');
    }
  }
  return Connection;
}

/** The key set a list is ordered by: a non-null SQL expression plus the row id as tie-break. */
export interface Ordering {
  /** Names the ordering inside cursors, so a cursor from another ordering is refused. */
  key: string;
  expression: string;
  sqlType: 'text' | 'timestamptz' | 'date' | 'numeric' | 'bigint' | 'real';
  direction: 'ASC' | 'DESC';
  idColumn: string;
  /**
   * The expression alone orders the rows (no two share a value: an audit event's sequence), so
   * the SQL orders and pages by it alone, which an index on it serves with no sort, and a cursor
   * holds only the key and the value (one that also holds the id, as they once did, is still read).
   */
  unique?: boolean;
}

interface Cursor {
  value: string;
  /** Absent from a cursor of a unique ordering, which pages by the value alone. */
  id?: string;
}

/** A validated request for one page. */
export interface PageRequest {
  limit: number;
  backward: boolean;
  cursor?: Cursor;
}

/** The JSON array a cursor encodes: the ordering's key, the sort value and, unless the value alone is unique, the row id. */
function cursorParts(ordering: Ordering, value: string, id: string): string[] {
  return ordering.unique ? [ordering.key, value] : [ordering.key, value, id];
}

function encodeCursor(ordering: Ordering, value: string, id: string): string {
  return Buffer.from(JSON.stringify(cursorParts(ordering, value, id)), 'utf8').toString('base64url');
}

function decodeCursor(ordering: Ordering, cursor: string, argument: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const parts = ordering.unique ? [2, 3] : [3];
  if (!Array.isArray(parsed) || !parts.includes(parsed.length) || !parsed.every((part) => typeof part === 'string')) {
    throw new BadUserInputError(`Malformed cursor in "${argument}": use a cursor returned by this list`, { argument });
  }
  if (parsed[0] !== ordering.key) {
    throw new BadUserInputError(`Cursor in "${argument}" belongs to another list or ordering`, { argument });
  }
  const id: string | undefined = parsed[2];
  if ((id !== undefined && !UUID.test(id)) || !isSortValue(ordering.sqlType, parsed[1])) {
    throw new BadUserInputError(`Malformed cursor in "${argument}": it was altered; use a cursor returned by this list`, { argument });
  }
  return { value: parsed[1], id };
}

/** The arguments that size a page; the operation limits read them too, to refuse a bad size before anything runs. */
export const PAGE_SIZE_ARGUMENTS: readonly string[] = ['first', 'last'];

/** One page-size argument in 1..MAX_PAGE_SIZE, or absent; `details` joins the error's extensions. */
export function checkPageSize(argument: string, value: unknown, details: Record<string, unknown> = {}): void {
  if (value == null || (typeof value === 'number' && value >= 1 && value <= MAX_PAGE_SIZE)) return;
  throw new BadUserInputError(`"${argument}" must be between 1 and ${MAX_PAGE_SIZE}, got ${String(value)}`, {
    argument,
    max: MAX_PAGE_SIZE,
    ...details,
  });
}

/** Checks first/last/after/before and turns them into one page request. */
export function toPageRequest(args: ConnectionArgs, ordering: Ordering): PageRequest {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw new BadUserInputError('Pass either "first" or "last", not both', { argument: 'first' });
  }
  checkPageSize('first', first);
  checkPageSize('last', last);
  if (after != null && before != null) {
    throw new BadUserInputError('Pass either "after" or "before", not both', { argument: 'after' });
  }
  if (last != null || (before != null && first == null)) {
    return {
      limit: last ?? DEFAULT_PAGE_SIZE,
      backward: true,
      cursor: before != null ? decodeCursor(ordering, before, 'before') : undefined,
    };
  }
  if (before != null) {
    throw new BadUserInputError('"before" goes with "last"; use "after" with "first"', { argument: 'before' });
  }
  return { limit: first ?? DEFAULT_PAGE_SIZE, backward: false, cursor: after != null ? decodeCursor(ordering, after, 'after') : undefined };
}

/** Collects positional parameters while a statement is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  clone(): SqlParams {
    const copy = new SqlParams();
    copy.values.push(...this.values);
    return copy;
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** ORDER BY for a page: flipped when paging backward, so LIMIT takes the rows nearest the cursor. */
export function orderClause(ordering: Ordering, backward: boolean): string {
  const forwardAscending = ordering.direction === 'ASC';
  const direction = forwardAscending !== backward ? 'ASC' : 'DESC';
  return ordering.unique ? `${ordering.expression} ${direction}` : `${ordering.expression} ${direction}, ${ordering.idColumn} ${direction}`;
}

/** The keyset condition "strictly after the cursor" in the scan direction. */
export function cursorCondition(ordering: Ordering, page: PageRequest, params: SqlParams): string | undefined {
  if (!page.cursor) return undefined;
  const ascending = (ordering.direction === 'ASC') !== page.backward;
  const value = params.add(page.cursor.value);
  if (ordering.unique) return `${ordering.expression} ${ascending ? '>' : '<'} ${value}::${ordering.sqlType}`;
  const id = params.add(page.cursor.id);
  return `(${ordering.expression}, ${ordering.idColumn}) ${ascending ? '>' : '<'} (${value}::${ordering.sqlType}, ${id}::uuid)`;
}

export const SORT_VALUE = '__sort';

export interface PageRows<T> {
  rows: (T & { [SORT_VALUE]: string; id: string })[];
  hasMore: boolean;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** An edge whose cursor is encoded only when asked for: most nested lists never ask, and a dashboard has thousands of edges. */
class Edge<T> {
  constructor(
    private readonly ordering: Ordering,
    readonly node: T & { [SORT_VALUE]: string; id: string },
  ) {}

  get cursor(): string {
    return encodeCursor(this.ordering, this.node[SORT_VALUE], this.node.id);
  }
}

/** Shapes rows fetched with limit + 1 into a Relay connection; cursors and totalCount are computed only when asked for. */
export function toConnection<T>(
  fetched: PageRows<T>,
  page: PageRequest,
  ordering: Ordering,
  countTotal: () => Promise<number>,
): Connection<T> {
  const rows = fetched.rows.slice(0, page.limit);
  if (page.backward) rows.reverse();
  const edges = rows.map((row) => new Edge(ordering, row as T & { [SORT_VALUE]: string; id: string }));
  const hasNextPage = page.backward ? page.cursor !== undefined : fetched.hasMore;
  const hasPreviousPage = page.backward ? fetched.hasMore : page.cursor !== undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
    totalCount: countTotal,
  };
}
