export { SearchModule } from './search.module';
export { ElasticsearchHealthIndicator } from './elasticsearch/elasticsearch.health';
export { ProductIndexAdmin } from './elasticsearch/product-index.admin';
export { PRODUCTS_MAPPINGS, PRODUCTS_SETTINGS } from './elasticsearch/products.mapping';
export { productsAlias } from './elasticsearch/index-names';
export {
  ProductIndexRebuilder,
  RebuildAbortedError,
  type RebuildOutcome,
} from './elasticsearch/product-index.rebuilder';
export { ProductSearch } from './search.port';
export type { ProductTerms } from './elasticsearch/listing-check';
export type { ListingBody } from './query/listing-patch';
export { searchShowingProduct, suggestShowingProduct } from './query/shown-product';
export { CatalogSynonyms } from './synonyms.port';
export { SearchError, type SearchErrorCode } from './search-error';
export type * from './search-response';
export {
  SEARCH_LIMITS,
  SEARCH_SORTS,
  type SearchParams,
  type SearchSort,
  type SuggestParams,
} from './query/search-params';
export { buildSearchRequest, HIT_SOURCE_FIELDS, type BuildOptions } from './query/build-search-request';
export { DEFAULT_TUNING, type RelevanceTuning } from './query/relevance-tuning';
