import { type DynamicModule, Module } from '@nestjs/common';
import { CacheInvalidationModule } from '@app/cache';
import { CatalogModule } from '@app/catalog';
import { type AppConfig, AppConfigModule } from '@app/config';
import { MetricsModule } from '@app/observability';
import { SearchModule } from '@app/search';
import { CacheCommand, CachePurgeCommand } from './commands/cache-purge.command';
import { ReindexCommand } from './commands/reindex.command';
import { SeedCommand } from './commands/seed.command';
import { SeedRunner } from './seeding/seed-runner';

/**
 * The admin CLI: the same library modules as the API, minus HTTP: of the cache only what retires
 * entries when the catalog changes (and purges them), not the HTTP response cache.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        SearchModule,
        MetricsModule,
        CacheInvalidationModule,
        CatalogModule.register({ imports: [SearchModule, CacheInvalidationModule] }),
      ],
      providers: [SeedRunner, SeedCommand, ReindexCommand, CacheCommand, CachePurgeCommand],
    };
  }
}
