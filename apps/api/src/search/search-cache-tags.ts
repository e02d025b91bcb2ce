import type { FilterField } from '@app/cache';
import type { Product, ProductField } from '@app/catalog';
import {
  type ListingBody,
  type SearchParams,
  type SearchResponse,
  searchShowingProduct,
  type SuggestResponse,
  suggestShowingProduct,
} from '@app/search';

// What a cached search or suggest response depends on, for precise invalidation (README, "Write").

export function searchShows(body: unknown): string[] {
  return (body as SearchResponse).hits.map((hit) => hit.id);
}

export function searchRefreshShown(
  body: unknown,
  product: Product,
  fields: readonly ProductField[],
): unknown {
  return searchShowingProduct(body as ListingBody, product, fields);
}

export function suggestRefreshShown(
  body: unknown,
  product: Product,
  fields: readonly ProductField[],
): unknown {
  return suggestShowingProduct(body as SuggestResponse, product, fields);
}

/** A search that matched nothing (whatever the page). */
export function searchFindsNothing(body: unknown): boolean {
  return (body as SearchResponse).total.value === 0;
}

export function suggestFindsNothing(body: unknown): boolean {
  return (body as SuggestResponse).suggestions.length === 0;
}

export function suggestShows(body: unknown): string[] {
  return (body as SuggestResponse).suggestions.flatMap((s) => (s.id === undefined ? [] : [s.id]));
}

/** Filter fields the request narrows or orders by; a change of one may alter its hits or order. */
export function searchFiltersOn(query: unknown): FilterField[] {
  const params = query as SearchParams;
  const fields: FilterField[] = [];
  const sortsByPrice = params.sort === 'price_asc' || params.sort === 'price_desc';
  if (params.minPrice !== undefined || params.maxPrice !== undefined || sortsByPrice) fields.push('price');
  if (params.inStock !== undefined) fields.push('inStock');
  if (params.sort === 'rating') fields.push('rating');
  return fields;
}

/** The text that decides which products a search lists; the analyzers lowercase it. */
export function searchListingText(query: unknown): string {
  return (query as SearchParams).q.toLowerCase();
}
