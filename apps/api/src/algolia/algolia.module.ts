import { Module } from '@nestjs/common';
import { CacheModule } from '@app/cache';
import { SearchModule } from '@app/search';
import { AlgoliaController } from './algolia.controller';
import { AlgoliaMultiQuery } from './algolia-multi-query.service';

/** The Algolia-compatible search endpoint (InstantSearch front ends) on our search and cache. */
@Module({
  imports: [SearchModule, CacheModule],
  controllers: [AlgoliaController],
  providers: [AlgoliaMultiQuery],
})
export class AlgoliaModule {}
