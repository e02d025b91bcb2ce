import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { BulkIngestionService } from './ingestion/bulk-ingestion.service';
import { ProductCatalog } from './product-catalog.service';

export interface CatalogModuleOptions {
  /**
   * Modules that export the adapters: `ProductRepository` (SearchModule) and
   * `CatalogChangePublisher`. The catalog cannot import them itself: the search library
   * depends on the catalog, not the other way round.
   */
  imports: NonNullable<ModuleMetadata['imports']>;
}

@Module({})
export class CatalogModule {
  static register(options: CatalogModuleOptions): DynamicModule {
    return {
      module: CatalogModule,
      imports: options.imports,
      providers: [ProductCatalog, BulkIngestionService],
      exports: [ProductCatalog, BulkIngestionService],
    };
  }
}
