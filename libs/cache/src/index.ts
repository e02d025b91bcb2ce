export { CacheModule } from './cache.module';
export { CacheAside } from './cache-aside.decorator';
export { CacheAsideEdge, type QueryParser } from './cache-aside.edge';
export { NotModifiedReplies } from './not-modified-replies';
export { CacheWarmer } from './popular/cache-warmer';
export { POPULAR_LIST_MAX, PopularRequests, type PopularRequest } from './popular/popular-requests';
export { CacheAsideCall, type CachedCall } from './cache-aside.call';
export type { CacheContext, CacheState } from './cache-context';
export {
  CATALOG_NAMESPACES,
  CACHE_ASIDE_ROUTE_CONFIG,
  FILTER_FIELDS,
  type CacheAsideOptions,
  type CacheNamespace,
  type FilterField,
} from './cache-aside.options';
export { CacheInvalidationPublisher } from './cache-invalidation.publisher';
export { ShownPatcher } from './shown-patcher';
export { requestHash, cacheKey, showsKey, writtenKey } from './cache-key';
export { ResponseCacheStore, type ShownResponse } from './response-cache.store';
export { CacheInvalidationModule } from './cache-invalidation.module';
export { CacheUnavailableError } from './response-cache.store';
