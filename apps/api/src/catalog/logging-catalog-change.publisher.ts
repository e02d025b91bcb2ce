import { Injectable, Logger, Module } from '@nestjs/common';
import { CatalogChangePublisher } from '@app/catalog';

/**
 * PLACEHOLDER until the cache module exists: libs/cache will implement CatalogChangePublisher
 * (bump the cache generation) and this binding will be replaced by importing that module.
 */
@Injectable()
export class LoggingCatalogChangePublisher extends CatalogChangePublisher {
  private readonly logger = new Logger('CatalogChanges');

  productsChanged(): Promise<void> {
    this.logger.debug('catalog changed (no cache to invalidate yet)');
    return Promise.resolve();
  }
}

/** Replaced by the cache module's publisher binding. */
@Module({
  providers: [{ provide: CatalogChangePublisher, useClass: LoggingCatalogChangePublisher }],
  exports: [CatalogChangePublisher],
})
export class LoggingCatalogChangeModule {}
