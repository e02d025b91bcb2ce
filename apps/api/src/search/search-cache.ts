import type { CacheAsideOptions } from '@app/cache';
import {
  searchFiltersOn,
  searchFindsNothing,
  searchListingText,
  searchRefreshShown,
  searchShows,
} from './search-cache-tags';
import { SearchQueryDto } from './search-query.dto';

// The analyzers and keyword normalizers lowercase these, so their case never changes a response.
const CASE_FREE = ['q', 'category', 'brand'];

/**
 * How a search is cached: `GET /search` declares it, and each query of an Algolia multi-query is
 * looked up with it, so both share keys, entries and invalidation.
 */
export const SEARCH_CACHE: CacheAsideOptions = {
  route: 'search',
  namespace: 'search',
  query: SearchQueryDto,
  caseInsensitive: CASE_FREE,
  shows: searchShows,
  refreshShown: searchRefreshShown,
  zeroResults: searchFindsNothing,
  filtersOn: searchFiltersOn,
  listingText: searchListingText,
};
