import { Module } from '@nestjs/common';
import { CacheInvalidationModule, CacheModule } from '@app/cache';
import { CatalogModule } from '@app/catalog';
import { SearchModule } from '@app/search';
import { AdminKeyNotice } from '../auth/admin-key.notice';
import { ProductsBulkController } from './products-bulk.controller';
import { ProductsController } from './products.controller';
import { SynonymsController } from './synonyms.controller';

/** The catalog's HTTP surface; the adapters come from SearchModule, invalidation from the cache. */
@Module({
  // CacheModule: the @CacheAside() interceptor on GET /catalog/products/:id is built here.
  // SearchModule and CacheInvalidationModule directly too: the synonyms controller uses their ports.
  imports: [
    CacheModule,
    SearchModule,
    CacheInvalidationModule,
    CatalogModule.register({ imports: [SearchModule, CacheInvalidationModule] }),
  ],
  controllers: [ProductsController, ProductsBulkController, SynonymsController],
  providers: [AdminKeyNotice],
})
export class CatalogHttpModule {}
