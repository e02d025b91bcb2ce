import { Module } from '@nestjs/common';
import { ElasticsearchModule } from '@nestjs/elasticsearch';
import { TerminusModule } from '@nestjs/terminus';
import { ProductRepository } from '@app/catalog';
import { AppConfig } from '@app/config';
import { elasticsearchClientOptions } from './elasticsearch/client-options';
import { ElasticsearchAccessLog } from './elasticsearch/elasticsearch-access';
import { ElasticsearchLifecycle } from './elasticsearch/elasticsearch-lifecycle';
import { ElasticsearchHealthIndicator } from './elasticsearch/elasticsearch.health';
import { ProductIndexAdmin } from './elasticsearch/product-index.admin';
import { ProductIndexBootstrap } from './elasticsearch/product-index.bootstrap';
import { ProductIndexRebuilder } from './elasticsearch/product-index.rebuilder';
import { productRepositoryProvider } from './elasticsearch/product-repository.provider';
import { ElasticsearchProductSearch } from './elasticsearch/product-search.adapter';
import { ElasticsearchSynonyms } from './elasticsearch/synonyms.adapter';
import { ProductSearch } from './search.port';
import { CatalogSynonyms } from './synonyms.port';

@Module({
  imports: [
    TerminusModule,
    ElasticsearchModule.registerAsync({ inject: [AppConfig], useFactory: elasticsearchClientOptions }),
  ],
  providers: [
    ElasticsearchAccessLog,
    ElasticsearchLifecycle,
    ElasticsearchHealthIndicator,
    ProductIndexAdmin,
    ProductIndexBootstrap,
    ProductIndexRebuilder,
    productRepositoryProvider,
    { provide: ProductSearch, useClass: ElasticsearchProductSearch },
    { provide: CatalogSynonyms, useClass: ElasticsearchSynonyms },
  ],
  exports: [
    ElasticsearchHealthIndicator,
    ProductIndexAdmin,
    ProductSearch,
    CatalogSynonyms,
    ProductIndexRebuilder,
    ProductRepository,
  ],
})
export class SearchModule {}
