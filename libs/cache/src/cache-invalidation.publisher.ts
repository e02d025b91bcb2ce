import { Injectable, Logger } from '@nestjs/common';
import { CatalogChangePublisher } from '@app/catalog';
import { CATALOG_NAMESPACES } from './cache-aside.options';
import { CacheFiller } from './cache-filler';
import { ResponseCacheStore } from './response-cache.store';

/**
 * Catalog writes retire every cached catalog response by bumping the namespace generations
 * (one INCR each, no SCAN); old keys simply stop being read and die by TTL. The catalog calls
 * this after the write is visible in Elasticsearch and before the write request returns.
 */
@Injectable()
export class CacheInvalidationPublisher extends CatalogChangePublisher {
  private readonly logger = new Logger('CacheInvalidation');

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly filler: CacheFiller,
  ) {
    super();
  }

  async productsChanged(): Promise<void> {
    this.filler.forgetInFlight();
    await this.store.bumpGenerations(CATALOG_NAMESPACES);
    this.logger.debug({ event: 'cache.invalidated', namespaces: CATALOG_NAMESPACES }, 'generations bumped');
  }

  async searchSemanticsChanged(): Promise<void> {
    this.filler.forgetInFlight();
    await this.store.bumpGenerations(['search']);
    this.logger.debug({ event: 'cache.invalidated', namespaces: ['search'] }, 'generations bumped');
  }
}
