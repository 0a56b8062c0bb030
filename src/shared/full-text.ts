import type { Ordering, SqlParams } from './pagination';

/** Postgres text search configuration shared by the stored vectors and the queries. */
const CONFIGURATION = 'english';

/** to_tsvector over text columns, exactly as the stored `search_vector` columns are generated. */
export function searchVectorOf(columns: string[]): string {
  return `to_tsvector('${CONFIGURATION}', ${columns.map((column) => `coalesce(${column}, '')`).join(` || ' ' || `)})`;
}

/** Longest filter.search accepted: a search is a few words, and a long one makes Postgres work for seconds. */
export const MAX_SEARCH_LENGTH = 200;

/** A search term as the lists accept it: trimmed, and absent when blank. */
export function searchTerm(search: string | null | undefined): string | undefined {
  const term = search?.trim();
  return term ? term : undefined;
}

/**
 * A full-text match in web-search syntax ("lithium refining", "-cobalt", "\"rare earths\"", "a or b")
 * and the ordering by relevance that goes with it: most relevant first, id as tie-break.
 */
export function fullTextMatch(vector: string, term: string, params: SqlParams, idColumn: string): { condition: string; byRank: Ordering } {
  const query = `websearch_to_tsquery('${CONFIGURATION}', ${params.add(term)})`;
  return {
    condition: `${vector} @@ ${query}`,
    byRank: { key: '-rank', expression: `ts_rank(${vector}, ${query})`, sqlType: 'real', direction: 'DESC', idColumn },
  };
}

/** A filter's conditions with its search, if it has one, added last; with it the relevance ordering. */
export function withSearch(
  where: string[],
  search: string | null | undefined,
  match: { vector: string; idColumn: string },
  params: SqlParams,
): { where: string[]; byRank?: Ordering } {
  const term = searchTerm(search);
  if (!term) return { where };
  const found = fullTextMatch(match.vector, term, params, match.idColumn);
  return { where: [...where, found.condition], byRank: found.byRank };
}
