import type { estypes } from '@elastic/elasticsearch';
import type { SearchParams } from './search-params';

type Query = estypes.QueryDslQueryContainer;

/**
 * Filters split by where they apply. `facetable` filters go to `post_filter` so that each facet
 * can count over every filter except its own (picking a brand still shows the other brands'
 * counts); `always` filters narrow hits and every facet alike.
 */
export interface SearchFilters {
  always: Query[];
  category?: Query;
  brand?: Query;
  price?: Query;
}

export function buildFilters(params: SearchParams): SearchFilters {
  const always: Query[] = params.tags.map((tag) => keyword('tags.keyword', tag));
  if (params.inStock === true) always.push({ range: { stock: { gt: 0 } } });
  // Out of stock: zero, or no stock recorded at all.
  if (params.inStock === false) always.push({ bool: { must_not: [{ range: { stock: { gt: 0 } } }] } });
  return {
    always,
    category: params.category === undefined ? undefined : keyword('category.keyword', params.category),
    brand: params.brand === undefined ? undefined : keyword('brand.keyword', params.brand),
    price: priceRange(params.minPrice, params.maxPrice),
  };
}

/** The facetable filters, as one clause list (for post_filter or for another facet's counts). */
export function facetFilters(filters: SearchFilters, except?: 'category' | 'brand' | 'price'): Query[] {
  const all = { category: filters.category, brand: filters.brand, price: filters.price };
  return Object.entries(all)
    .filter(([name, clause]) => name !== except && clause !== undefined)
    .map(([, clause]) => clause as Query);
}

// case_insensitive: "apple" finds brand "Apple" without lowercasing the stored facet values.
function keyword(field: string, value: string): Query {
  return { term: { [field]: { value, case_insensitive: true } } };
}

function priceRange(min?: number, max?: number): Query | undefined {
  if (min === undefined && max === undefined) return undefined;
  return { range: { price: { gte: min, lte: max } } };
}
