import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import KeyvRedis, { Keyv } from '@keyv/redis';
import { AppConfig } from '@app/config';
import { CacheAsideCall } from './cache-aside.call';
import { CacheAsideEdge } from './cache-aside.edge';
import { CacheAsideHook } from './cache-aside.hook';
import { CacheAsideInterceptor } from './cache-aside.interceptor';
import { CacheAsideService } from './cache-aside.service';
import { CacheFiller } from './cache-filler';
import { CacheInvalidationPublisher } from './cache-invalidation.publisher';
import { redisClientOptions } from './redis/redis-client-options';
import { RedisModule } from './redis/redis.module';
import { InvalidationChannel } from './redis/invalidation-channel';
import { RedisResponseCacheStore } from './redis/redis-response-cache.store';
import { RedisHealthIndicator } from './redis/redis.health';
import { RedisThrottlerStorage } from './redis/redis-throttler.storage';
import { RequestCanonicalizer } from './request-canonicalizer';
import { ResponseCacheStore } from './response-cache.store';
import { StalenessWindow } from './staleness-window';
import { TieredResponseCacheStore } from './tiered-response-cache.store';

/**
 * Response caching on Redis. `CACHE_MANAGER` (@nestjs/cache-manager on Keyv/@keyv/redis) is
 * registered for general key-value use and for the stock-interceptor baseline in the bench; the
 * response cache itself talks to Redis directly (binary entries, one round trip per hit) —
 * see the README for why.
 */
@Module({
  imports: [
    TerminusModule,
    RedisModule,
    NestCacheModule.registerAsync({
      inject: [AppConfig],
      // Keyv gets its own connection (same URL, TLS and CA): on a failed connect it disconnects
      // its client, which must not be the response cache's.
      useFactory: (config: AppConfig) => ({
        stores: [
          new Keyv({
            store: new KeyvRedis(redisClientOptions(config.redis)),
            namespace: `${config.cache.keyPrefix}:kv`,
          }),
        ],
        ttl: config.cache.defaultTtlMs,
      }),
    }),
  ],
  providers: [
    RedisHealthIndicator,
    RedisThrottlerStorage,
    RedisResponseCacheStore,
    InvalidationChannel,
    { provide: ResponseCacheStore, useClass: TieredResponseCacheStore },
    RequestCanonicalizer,
    CacheFiller,
    CacheAsideService,
    CacheAsideCall,
    CacheAsideEdge,
    CacheAsideHook,
    CacheAsideInterceptor,
    StalenessWindow,
    CacheInvalidationPublisher,
  ],
  exports: [
    RedisHealthIndicator,
    RedisThrottlerStorage,
    ResponseCacheStore,
    CacheAsideService,
    CacheAsideCall,
    CacheAsideEdge,
    CacheAsideHook,
    CacheAsideInterceptor,
    CacheInvalidationPublisher,
    NestCacheModule,
  ],
})
export class CacheModule {}
