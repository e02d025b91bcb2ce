export { CacheModule } from './cache.module';
export { CacheAside } from './cache-aside.decorator';
export { CacheAsideCall, type CachedCall } from './cache-aside.call';
export type { CacheContext, CacheState } from './cache-context';
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
export { RedisHealthIndicator } from './redis/redis.health';
export { CacheInvalidationModule } from './cache-invalidation.module';
export { CacheUnavailableError } from './response-cache.store';
export { RedisThrottlerStorage } from './redis/redis-throttler.storage';
