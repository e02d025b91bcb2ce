import { Module } from '@nestjs/common';
import { CatalogModule } from '@app/catalog';
import { SearchModule } from '@app/search';
import { AdminKeyNotice } from '../auth/admin-key.notice';
import { LoggingCatalogChangeModule } from './logging-catalog-change.publisher';
import { ProductsBulkController } from './products-bulk.controller';
import { ProductsController } from './products.controller';

/** The catalog's HTTP surface; the adapters come from SearchModule and the change publisher module. */
@Module({
  imports: [CatalogModule.register({ imports: [SearchModule, LoggingCatalogChangeModule] })],
  controllers: [ProductsController, ProductsBulkController],
  providers: [AdminKeyNotice],
})
export class CatalogHttpModule {}
