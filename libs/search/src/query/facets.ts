import type { estypes } from '@elastic/elasticsearch';
import { facetFilters, type SearchFilters } from './filters';
import { SEARCH_LIMITS } from './search-params';

/** Price buckets of the price facet; `to` is exclusive, the last bucket is open-ended. */
export const PRICE_BUCKETS: readonly { from: number; to?: number }[] = [
  { from: 0, to: 25 },
  { from: 25, to: 50 },
  { from: 50, to: 100 },
  { from: 100, to: 250 },
  { from: 250, to: 500 },
  { from: 500, to: 1000 },
  { from: 1000 },
];

// Most frequent first, then alphabetical, so equal counts come back in a stable order.
const ORDER: estypes.AggregationsAggregateOrder = [{ _count: 'desc' }, { _key: 'asc' }];

/** Each facet counts over the query and every filter except its own (see SearchFilters). */
export function facetAggregations(
  filters: SearchFilters,
): Record<string, estypes.AggregationsAggregationContainer> {
  const within = (except: 'category' | 'brand' | 'price') => ({
    bool: { filter: facetFilters(filters, except) },
  });
  const size = SEARCH_LIMITS.facetSize;
  return {
    category: {
      filter: within('category'),
      aggs: { values: { terms: { field: 'category.keyword', size, order: ORDER } } },
    },
    brand: {
      filter: within('brand'),
      aggs: { values: { terms: { field: 'brand.keyword', size, order: ORDER } } },
    },
    price: {
      filter: within('price'),
      aggs: {
        values: { range: { field: 'price', ranges: PRICE_BUCKETS.map((b) => ({ ...b })) } },
        // The bounds a price range control offers (Algolia's facets_stats).
        stats: { stats: { field: 'price' } },
      },
    },
  };
}
