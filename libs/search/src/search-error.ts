/** Stable codes the HTTP layer maps to statuses (apps/api/src/search/search-error.mapper.ts). */
export type SearchErrorCode =
  | 'invalid_cursor'
  | 'invalid_pagination'
  | 'invalid_price_range'
  | 'invalid_synonyms'
  | 'index_outdated'
  | 'result_window_too_large'
  | 'search_unavailable'
  | 'search_timeout';

/** A search that cannot run as asked: bad client input, or Elasticsearch not answering. */
export class SearchError extends Error {
  override readonly name = 'SearchError';

  constructor(
    readonly code: SearchErrorCode,
    message: string,
  ) {
    super(message);
  }
}
