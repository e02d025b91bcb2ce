export { SearchModule } from './search.module';
export { ElasticsearchHealthIndicator } from './elasticsearch/elasticsearch.health';
export { ProductIndexAdmin } from './elasticsearch/product-index.admin';
export { PRODUCTS_MAPPINGS, PRODUCTS_SETTINGS } from './elasticsearch/products.mapping';
export { productsAlias } from './elasticsearch/index-names';
