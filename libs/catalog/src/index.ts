export type { Product } from './domain/product';
export { PRODUCT_LIMITS } from './domain/product';
export type { ProductPatch } from './domain/product-patch';
export { changedFields, type ProductChange, type ProductField } from './domain/product-change';
export * from './domain/catalog-errors';
export { stampedForWrite, withDefaultTimestamps } from './domain/timestamps';
export { ProductDto } from './dto/product.dto';
export { ReplaceProductDto } from './dto/replace-product.dto';
export { PatchProductDto } from './dto/patch-product.dto';
export { validateProduct } from './dto/validate-product';
export {
  ProductRepository,
  type BulkItemResult,
  type PatchedProduct,
  type RefreshPolicy,
} from './product.repository';
export { CatalogChangePublisher, type PendingWrite } from './catalog-change.publisher';
export { ProductCatalog, BULK_LIMITS } from './product-catalog.service';
export { CatalogModule, type CatalogModuleOptions } from './catalog.module';
export { BulkIngestionService, type IngestOptions } from './ingestion/bulk-ingestion.service';
export type { IngestionError, IngestionReport } from './ingestion/ingestion-report';
export type { SourceEntry } from './ingestion/source-entry';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './ingestion/retry-policy';
export { generateProducts } from './ingestion/product-generator';
export { openProductFile, ProductSourceError, type ProductFileSource } from './ingestion/product-file.source';
