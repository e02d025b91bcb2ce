import { SearchError } from '../search-error';
import { decodeCursor, encodeCursor, type SortValue } from './cursor';
import { SEARCH_LIMITS, type SearchParams } from './search-params';

/** Where this page starts: an offset (page × size) or, past the window, after a cursor. */
export interface PageWindow {
  from: number;
  searchAfter?: SortValue[];
  /** Page number reported back to the client. */
  page: number;
  /** Hits the client has seen before this page. */
  offset: number;
}

export function resolvePage(params: SearchParams, sortLength: number): PageWindow {
  const { page, size, cursor } = params;
  if (cursor !== undefined) {
    if (page !== 1)
      throw new SearchError('invalid_pagination', 'page cannot be combined with cursor; send one of them');
    const state = decodeCursor(cursor, params, sortLength);
    return { from: 0, searchAfter: state.after, page: state.page + 1, offset: state.seen };
  }
  if (page * size > SEARCH_LIMITS.maxWindow) {
    throw new SearchError(
      'result_window_too_large',
      `page × size must not exceed ${SEARCH_LIMITS.maxWindow}; use nextCursor to go further`,
    );
  }
  return { from: (page - 1) * size, page, offset: (page - 1) * size };
}

/** A cursor after the last hit, or null when this page was the last one. */
export function nextCursor(
  params: SearchParams,
  window: PageWindow,
  lastSort: SortValue[] | undefined,
  returned: number,
  total: { value: number; relation: 'eq' | 'gte' },
): string | null {
  const seen = window.offset + returned;
  if (lastSort === undefined || returned < params.size) return null;
  if (total.relation === 'eq' && seen >= total.value) return null;
  return encodeCursor(params, { after: lastSort, page: window.page, seen });
}
