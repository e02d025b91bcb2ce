import type { estypes } from '@elastic/elasticsearch';
import type { SearchSort } from './search-params';

type Sort = estypes.SortCombinations[];

// `id` last everywhere: equal prices or scores still come back in one order, so pages never overlap.
const TIEBREAKER: Sort = [{ id: { order: 'asc' } }];
// A date with no value sorts as the epoch: an explicit number survives the search_after round trip,
// where the default Long.MIN_VALUE does not (JavaScript numbers lose its precision).
const NEWEST: Sort = [{ createdAt: { order: 'desc', missing: 0 } }];

/** Sort clauses; relevance without query words (browse mode) means newest first. */
export function buildSort(sort: SearchSort, hasText: boolean): Sort {
  switch (sort) {
    case 'relevance':
      return hasText ? [{ _score: { order: 'desc' } }, ...TIEBREAKER] : [...NEWEST, ...TIEBREAKER];
    case 'price_asc':
      return [{ price: { order: 'asc', missing: '_last' } }, ...TIEBREAKER];
    case 'price_desc':
      return [{ price: { order: 'desc', missing: '_last' } }, ...TIEBREAKER];
    case 'newest':
      return [...NEWEST, ...TIEBREAKER];
    case 'rating':
      return [{ rating: { order: 'desc', missing: '_last' } }, ...TIEBREAKER];
  }
}
