import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { CacheModule } from '@app/cache';
import { type AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule, MetricsModule, ProblemDetailsFilter } from '@app/observability';
import { SearchModule } from '@app/search';
import { CatalogHttpModule } from './catalog/catalog-http.module';
import { errorProblemMappersProvider } from './errors/error-problem-mappers';
import { CacheStatsController } from './cache/cache-stats.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { SearchController } from './search/search.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
        SearchModule,
        CacheModule,
        CatalogHttpModule,
      ],
      controllers: [HealthController, SearchController, MetricsController, CacheStatsController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, errorProblemMappersProvider],
    };
  }
}
