export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'rating'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Limits shared by validation, documentation, the builder and tests. */
export const SEARCH_LIMITS = {
  qMaxLength: 512,
  filterMaxLength: 256,
  tagsMaxCount: 20,
  sizeDefault: 20,
  sizeMax: 100,
  /** Equals the index's max_result_window: from + size beyond it needs a cursor. */
  maxWindow: 10_000,
  suggestSizeDefault: 5,
  suggestSizeMax: 20,
  facetSize: 20,
} as const;

/** A validated, fully defaulted search request (the HTTP DTO satisfies this shape). */
export interface SearchParams {
  q: string;
  category?: string;
  brand?: string;
  tags: string[];
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort: SearchSort;
  page: number;
  size: number;
  cursor?: string;
}

export interface SuggestParams {
  q: string;
  size: number;
}
