import { Module } from '@nestjs/common';
import { ElasticsearchModule } from '@nestjs/elasticsearch';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@app/config';
import { elasticsearchClientOptions } from './elasticsearch/client-options';
import { ElasticsearchLifecycle } from './elasticsearch/elasticsearch-lifecycle';
import { ElasticsearchHealthIndicator } from './elasticsearch/elasticsearch.health';
import { ProductIndexAdmin } from './elasticsearch/product-index.admin';
import { ProductIndexBootstrap } from './elasticsearch/product-index.bootstrap';

@Module({
  imports: [
    TerminusModule,
    ElasticsearchModule.registerAsync({ inject: [AppConfig], useFactory: elasticsearchClientOptions }),
  ],
  providers: [ElasticsearchLifecycle, ElasticsearchHealthIndicator, ProductIndexAdmin, ProductIndexBootstrap],
  exports: [ElasticsearchHealthIndicator, ProductIndexAdmin],
})
export class SearchModule {}
