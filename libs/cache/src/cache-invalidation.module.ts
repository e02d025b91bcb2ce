import { Module } from '@nestjs/common';
import { CatalogChangePublisher } from '@app/catalog';
import { CacheInvalidationPublisher } from './cache-invalidation.publisher';
import { CacheModule } from './cache.module';

/** Binds the catalog's change port to cache invalidation; hand it to CatalogModule.register(). */
@Module({
  imports: [CacheModule],
  providers: [{ provide: CatalogChangePublisher, useExisting: CacheInvalidationPublisher }],
  exports: [CatalogChangePublisher],
})
export class CacheInvalidationModule {}
