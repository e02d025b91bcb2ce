import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { CacheModule } from '@app/cache';
import { type AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule, MetricsModule, ProblemDetailsFilter } from '@app/observability';
import { RedisModule, RedisThrottlerStorage } from '@app/redis';
import { SearchModule } from '@app/search';
import { AlgoliaModule } from './algolia/algolia.module';
import { CatalogHttpModule } from './catalog/catalog-http.module';
import { errorProblemMappersProvider } from './errors/error-problem-mappers';
import { CachePopularController } from './cache/cache-popular.controller';
import { CacheStatsController } from './cache/cache-stats.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { RATE_LIMIT_WINDOW_MS } from './rate-limit/rate-limit';
import { WriteThrottlerGuard } from './rate-limit/write-throttler.guard';
import { SearchController } from './search/search.controller';

/** The write limit through @nestjs/throttler on Redis; nothing at all when it is 0. */
function writeRateLimit(config: AppConfig): Pick<DynamicModule, 'imports' | 'providers'> {
  const limit = config.rateLimit.writePerMinute;
  if (limit === 0) return { imports: [], providers: [] };
  const throttler = ThrottlerModule.forRootAsync({
    imports: [RedisModule],
    inject: [RedisThrottlerStorage],
    useFactory: (storage: RedisThrottlerStorage) => ({
      throttlers: [{ name: 'write', ttl: RATE_LIMIT_WINDOW_MS, limit }],
      storage,
    }),
  });
  return { imports: [throttler], providers: [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }] };
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const writeLimit = writeRateLimit(config);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
        SearchModule,
        RedisModule,
        CacheModule,
        CatalogHttpModule,
        AlgoliaModule,
        ...(writeLimit.imports ?? []),
      ],
      controllers: [
        HealthController,
        SearchController,
        MetricsController,
        CacheStatsController,
        CachePopularController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        errorProblemMappersProvider,
        ...(writeLimit.providers ?? []),
      ],
    };
  }
}
