import type { Provider } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { ProductRepository } from '@app/catalog';
import { AppConfig } from '@app/config';
import { productsAlias } from './index-names';
import { ElasticsearchProductRepository } from './product-repository.adapter';

/** The live catalog: every read and write goes through the alias, never a physical index. */
export const productRepositoryProvider: Provider = {
  provide: ProductRepository,
  inject: [ElasticsearchService, AppConfig],
  useFactory: (es: ElasticsearchService, config: AppConfig) =>
    new ElasticsearchProductRepository(es, {
      index: productsAlias(config.elasticsearch.indexPrefix),
      requireAlias: true,
      timeoutMs: config.elasticsearch.timeoutMs,
    }),
};
