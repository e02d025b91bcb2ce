import type { SearchSort } from '@app/search';
import { AlgoliaError } from './algolia-error';

/** The one index, and a virtual replica per sort, as a shop's Algolia setup would have them. */
export const ALGOLIA_INDEXES: Readonly<Record<string, SearchSort>> = {
  products: 'relevance',
  products_price_asc: 'price_asc',
  products_price_desc: 'price_desc',
  products_newest: 'newest',
  products_rating: 'rating',
};

export const ALGOLIA_INDEX_NAMES = Object.keys(ALGOLIA_INDEXES);

/** The sort an index name stands for; an unknown index is Algolia's 404. */
export function sortOfIndex(indexName: string): SearchSort {
  const sort = Object.hasOwn(ALGOLIA_INDEXES, indexName) ? ALGOLIA_INDEXES[indexName] : undefined;
  if (sort === undefined) throw new AlgoliaError(404, `Index ${indexName} does not exist`, 'index_not_found');
  return sort;
}
