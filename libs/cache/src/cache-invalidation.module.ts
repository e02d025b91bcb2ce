import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { CatalogChangePublisher } from '@app/catalog';
import { RedisModule } from '@app/redis';
import { SearchModule } from '@app/search';
import { CacheFiller } from './cache-filler';
import { CacheInvalidationPublisher } from './cache-invalidation.publisher';
import { DeliveryProof } from './delivery-proof';
import { GenerationView } from './generation-view';
import { ListingPatcher } from './listing-patcher';
import { CacheWarmer } from './popular/cache-warmer';
import { PopularRequests } from './popular/popular-requests';
import { InvalidationChannel } from './redis/invalidation-channel';
import { RedisResponseCacheStore } from './redis/redis-response-cache.store';
import { ResponseCacheStore } from './response-cache.store';
import { ShownPatcher } from './shown-patcher';
import { StalenessWindow } from './staleness-window';
import { TieredResponseCacheStore } from './tiered-response-cache.store';

/**
 * The response cache's storage (Redis, the in-process tier, the push between instances), how an
 * entry is filled, how catalog writes retire entries, request popularity and warming after
 * everything was retired — everything but HTTP. This is what the
 * CLI needs (seed, reindex, `cache purge`); the API's CacheModule builds the HTTP side on it.
 * Binds the catalog's change port: hand it to CatalogModule.register().
 */
@Module({
  imports: [RedisModule, SearchModule],
  providers: [
    { provide: DeliveryProof, useFactory: () => new DeliveryProof() },
    {
      provide: GenerationView,
      inject: [AppConfig, DeliveryProof],
      useFactory: (config: AppConfig, proof: DeliveryProof) =>
        new GenerationView(config.cache.l1.maxAgeMs, proof),
    },
    RedisResponseCacheStore,
    InvalidationChannel,
    { provide: ResponseCacheStore, useClass: TieredResponseCacheStore },
    CacheFiller,
    StalenessWindow,
    ListingPatcher,
    ShownPatcher,
    CacheInvalidationPublisher,
    PopularRequests,
    CacheWarmer,
    { provide: CatalogChangePublisher, useExisting: CacheInvalidationPublisher },
  ],
  exports: [
    ResponseCacheStore,
    CacheFiller,
    CacheInvalidationPublisher,
    CatalogChangePublisher,
    ShownPatcher,
    PopularRequests,
    CacheWarmer,
  ],
})
export class CacheInvalidationModule {}
