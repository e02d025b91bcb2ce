export { CacheModule } from './cache.module';
export { CacheAside } from './cache-aside.decorator';
export { CacheAsideEdge } from './cache-aside.edge';
export { CacheAsideHook } from './cache-aside.hook';
export {
  CATALOG_NAMESPACES,
  FILTER_FIELDS,
  type CacheAsideOptions,
  type CacheNamespace,
  type FilterField,
} from './cache-aside.options';
export { CacheInvalidationPublisher } from './cache-invalidation.publisher';
export { requestHash, cacheKey, showsKey, writtenKey } from './cache-key';
export { ResponseCacheStore } from './response-cache.store';
export { CacheInvalidationModule } from './cache-invalidation.module';
export { CacheUnavailableError } from './response-cache.store';
