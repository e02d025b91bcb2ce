import { Injectable, Logger } from '@nestjs/common';
import { CatalogChangePublisher, type ProductChange } from '@app/catalog';
import { CATALOG_NAMESPACES, type CacheNamespace } from './cache-aside.options';
import { CacheFiller } from './cache-filler';
import { planInvalidation } from './invalidation-plan';
import { CacheWarmer } from './popular/cache-warmer';
import { ResponseCacheStore } from './response-cache.store';
import { StalenessWindow } from './staleness-window';

const EVERYTHING = CATALOG_NAMESPACES.map((namespace) => ({ namespace }));

/**
 * Catalog writes retire cached responses by what they did (invalidation-plan.ts): the responses
 * that show a written product are deleted before this resolves; listings whose matches or order
 * may differ are retired by a generation move within the staleness bound (StalenessWindow).
 * The catalog calls this after the write is visible in Elasticsearch and before it returns.
 */
@Injectable()
export class CacheInvalidationPublisher extends CatalogChangePublisher {
  private readonly logger = new Logger('CacheInvalidation');

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly filler: CacheFiller,
    private readonly window: StalenessWindow,
    private readonly warmer: CacheWarmer,
  ) {
    super();
  }

  async productsChanged(change: ProductChange): Promise<void> {
    this.filler.forgetInFlight();
    const plan = planInvalidation(change);
    try {
      await this.store.retireShowing(plan.showing);
    } catch (error) {
      // What shows them cannot be found: retire everything (kept pending until Redis is back).
      await this.store.bumpGenerations(EVERYTHING).catch(() => undefined);
      throw error;
    }
    await this.window.add(plan.generations);
    this.logger.debug(
      {
        event: 'cache.invalidated',
        kind: change.kind,
        products: plan.showing.length,
        later: plan.generations,
      },
      'responses showing the products retired',
    );
  }

  /** Seed or reindex: everything retired, then the fleet warms the most requested queries again. */
  async catalogReplaced(): Promise<void> {
    await this.retireNamespaces(CATALOG_NAMESPACES);
    await this.warmer.requested();
  }

  /** Every response of these namespaces, at once (e.g. after a synonym change: `['search']`). */
  async retireNamespaces(namespaces: readonly CacheNamespace[]): Promise<void> {
    this.filler.forgetInFlight();
    // Hard: reindex, purge and synonyms retire every copy at once, none stands in.
    await this.store.bumpGenerations(
      namespaces.map((namespace) => ({ namespace })),
      false,
    );
    this.logger.debug({ event: 'cache.invalidated', namespaces }, 'generations bumped');
  }

  /** Synonyms changed: the same products match differently, so every search and suggest answer. */
  searchSemanticsChanged(): Promise<void> {
    return this.retireNamespaces(['search']);
  }
}
