import { Module } from '@nestjs/common';
import { CacheAsideCall } from './cache-aside.call';
import { CacheAsideEdge } from './cache-aside.edge';
import { CacheAsideInterceptor } from './cache-aside.interceptor';
import { CacheAsideService } from './cache-aside.service';
import { CacheInvalidationModule } from './cache-invalidation.module';
import { NotModifiedReplies } from './not-modified-replies';
import { RequestCanonicalizer } from './request-canonicalizer';

/**
 * The HTTP response cache (`@CacheAside()` routes): canonical keys, HIT/MISS/STALE/BYPASS, the
 * headers. Storage, invalidation, popularity and warming come from CacheInvalidationModule,
 * Redis from RedisModule.
 */
@Module({
  imports: [CacheInvalidationModule],
  providers: [
    RequestCanonicalizer,
    CacheAsideService,
    CacheAsideCall,
    CacheAsideEdge,
    NotModifiedReplies,
    CacheAsideInterceptor,
  ],
  exports: [
    CacheInvalidationModule,
    CacheAsideService,
    CacheAsideCall,
    CacheAsideEdge,
    NotModifiedReplies,
    CacheAsideInterceptor,
  ],
})
export class CacheModule {}
