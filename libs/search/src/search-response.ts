/** What a search returns; the HTTP body is this shape without `tookMs` (sent as `Server-Timing`). */
export interface SearchResponse {
  total: { value: number; relation: 'eq' | 'gte' };
  /** Time Elasticsearch spent on the search (its `took`), not counting the network. */
  tookMs: number;
  page: number;
  size: number;
  hits: SearchHit[];
  facets: SearchFacets;
  /** Opaque token for the page after this one; null on the last page. */
  nextCursor: string | null;
  /** Query words the best results do not contain (not every word could match); null when none. */
  relaxed: Relaxed | null;
  /** The query with words the catalog does not contain replaced by its closest words; null when none. */
  didYouMean: string | null;
}

export interface Relaxed {
  dropped: string[];
}

export interface SearchHit {
  id: string;
  /** null when the sort is not by relevance and there are no query words. */
  score: number | null;
  title: string;
  description: string | null;
  brand: string | null;
  category: string | null;
  tags: string[];
  price: number | null;
  currency: string | null;
  rating: number | null;
  stock: number | null;
  /** HTML fragments with matched words in <em>; the document's own text is HTML-escaped. */
  highlight: { title?: string[]; description?: string[] };
}

export interface SearchFacets {
  category: FacetValue[];
  brand: FacetValue[];
  price: PriceBucket[];
  /** Lowest, highest, mean and total price over the same products as `price`; null when none has a price. */
  priceStats: PriceStats | null;
}

export interface PriceStats {
  min: number;
  max: number;
  avg: number;
  sum: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface PriceBucket {
  from: number;
  /** Exclusive; null for the open-ended last bucket. */
  to: number | null;
  count: number;
}

export interface SuggestResponse {
  suggestions: Suggestion[];
}

export interface Suggestion {
  text: string;
  type: 'title' | 'brand';
  /** The product id, for title suggestions. */
  id?: string;
}
