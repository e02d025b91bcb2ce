import { Module } from '@nestjs/common';
import { CacheAsideEdge } from './cache-aside.edge';
import { CacheAsideHook } from './cache-aside.hook';
import { CacheAsideInterceptor } from './cache-aside.interceptor';
import { CacheAsideService } from './cache-aside.service';
import { CacheInvalidationModule } from './cache-invalidation.module';
import { RequestCanonicalizer } from './request-canonicalizer';

/**
 * The HTTP response cache (`@CacheAside()` routes): canonical keys, HIT/MISS/STALE/BYPASS, the
 * headers. Storage and invalidation come from CacheInvalidationModule, Redis from RedisModule.
 */
@Module({
  imports: [CacheInvalidationModule],
  providers: [RequestCanonicalizer, CacheAsideService, CacheAsideEdge, CacheAsideHook, CacheAsideInterceptor],
  exports: [
    CacheInvalidationModule,
    CacheAsideService,
    CacheAsideEdge,
    CacheAsideHook,
    CacheAsideInterceptor,
  ],
})
export class CacheModule {}
