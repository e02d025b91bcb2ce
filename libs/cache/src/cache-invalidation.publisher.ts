import { Injectable, Logger } from '@nestjs/common';
import { CatalogChangePublisher, type ProductChange } from '@app/catalog';
import { ProductSearch } from '@app/search';
import { CATALOG_NAMESPACES, type CacheNamespace, type FilterField } from './cache-aside.options';
import { CacheFiller } from './cache-filler';
import { type InvalidationPlan, LISTINGS, planInvalidation } from './invalidation-plan';
import { ListingPatcher } from './listing-patcher';
import { CacheWarmer } from './popular/cache-warmer';
import { type GenerationRef, ResponseCacheStore, type Retired } from './response-cache.store';
import { ShownPatcher } from './shown-patcher';
import { StalenessWindow } from './staleness-window';

const EVERYTHING = CATALOG_NAMESPACES.map((namespace) => ({ namespace }));
/**
 * Listings a write checks one by one at most (per field), and distinct texts it asks Elasticsearch
 * about: past either, moving the field's generation is cheaper than the check.
 */
const MAX_LISTINGS = 10_000;
const MAX_TEXTS = 500;

/**
 * Catalog writes retire cached responses by what they did (invalidation-plan.ts): the responses
 * that show a written product are deleted before this resolves (after an update that changed only
 * what they show of it, brought up to date in place instead: ShownPatcher), and so are, after a change of
 * price, stock or rating alone, the listings filtering or sorting on it whose text lists the
 * product (Elasticsearch is asked which; after one product's availability flip, those whose
 * change is only counts are patched instead: ListingPatcher); other changes retire listings by a
 * generation move within the staleness bound (StalenessWindow).
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
    private readonly search: ProductSearch,
    private readonly patcher: ListingPatcher,
    private readonly shown: ShownPatcher,
  ) {
    super();
  }

  /** A number from the write sequence: entries whose load ended before it cannot show the write. */
  override writeStarting(): Promise<number | undefined> {
    return this.store.takeWriteNumber().catch(() => undefined);
  }

  async productsChanged(change: ProductChange): Promise<void> {
    this.filler.forgetInFlight();
    const plan = planInvalidation(change);
    let retired: Retired;
    try {
      retired = await this.store.retireShowing(plan.showing, this.shown.keeperFor(change));
    } catch (error) {
      // What shows them cannot be found: retire everything (kept pending until Redis is back).
      await this.store.bumpGenerations(EVERYTHING).catch(() => undefined);
      throw error;
    }
    const unchecked = await this.retireListing(change, plan, retired.write);
    const later = [...plan.generations, ...unchecked];
    await this.window.add(later);
    this.logger.debug(
      {
        event: 'cache.invalidated',
        kind: change.kind,
        products: plan.showing.length,
        shown: retired.keys.length,
        later,
      },
      'responses showing the products retired',
    );
  }

  /**
   * Retires the listings that filter or sort on the plan's fields and whose text lists one of its
   * products. Returns the generations of fields whose listings could not be checked: moved
   * within the staleness bound instead.
   */
  private async retireListing(
    change: ProductChange,
    plan: InvalidationPlan,
    write: number,
  ): Promise<GenerationRef[]> {
    if (plan.filterFields.length === 0) return [];
    try {
      const found = await Promise.all(
        plan.filterFields.map((field) => this.store.listingsOn(LISTINGS, field, MAX_LISTINGS + 1)),
      );
      const listings = found.flat();
      const distinct = new Set(listings.map((listing) => listing.text));
      if (found.some((some) => some.length > MAX_LISTINGS) || distinct.size > MAX_TEXTS) {
        throw new Error(`more than ${MAX_LISTINGS} listings or ${MAX_TEXTS} texts`);
      }
      const texts = await this.search.textsListing(plan.showing, [...distinct]);
      const listed = listings.filter((listing) => texts.has(listing.text));
      const left = await this.patcher.patch(change, plan, LISTINGS, listed, write);
      const doomed = left.map((listing) => listing.hash);
      if (doomed.length > 0) await this.store.retireListings(LISTINGS, doomed, write);
      this.logger.debug(
        {
          event: 'cache.listings_retired',
          fields: plan.filterFields,
          of: listings.length,
          listed: listed.length,
          retired: doomed.length,
        },
        'listings of the changed products retired',
      );
      return [];
    } catch (error) {
      this.logger.warn(
        { event: 'cache.listings_unchecked', fields: plan.filterFields, err: String(error) },
        "did not check which listings list the products: moving the fields' generations instead",
      );
      return plan.filterFields.map((field: FilterField) => ({ namespace: LISTINGS, field }));
    }
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
