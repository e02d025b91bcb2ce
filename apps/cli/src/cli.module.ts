import { type DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@app/catalog';
import { type AppConfig, AppConfigModule } from '@app/config';
import { SearchModule } from '@app/search';
import { ReindexCommand } from './commands/reindex.command';
import { SeedCommand } from './commands/seed.command';
import { LoggingCatalogChangeModule } from './logging-catalog-change.publisher';
import { SeedRunner } from './seeding/seed-runner';

/** The admin CLI: the same library modules (and so the same providers) as the API. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        SearchModule,
        LoggingCatalogChangeModule,
        CatalogModule.register({ imports: [SearchModule, LoggingCatalogChangeModule] }),
      ],
      providers: [SeedRunner, SeedCommand, ReindexCommand],
    };
  }
}
