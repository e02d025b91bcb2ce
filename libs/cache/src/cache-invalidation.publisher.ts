import { Injectable, Logger } from '@nestjs/common';
import { CatalogChangePublisher, type PendingWrite, type ProductChange } from '@app/catalog';
import type { LoggedRequest } from '@app/observability';
import { ProductSearch, type ProductTerms } from '@app/search';
import {
  CATALOG_NAMESPACES,
  type CacheNamespace,
  type ListingRegistry,
  TEXT_LISTINGS,
} from './cache-aside.options';
import { CacheFiller } from './cache-filler';
import { type InvalidationPlan, LISTINGS, planInvalidation, SUGGESTIONS } from './invalidation-plan';
import { ListingPatcher } from './listing-patcher';
import { CacheWarmer } from './popular/cache-warmer';
import { type GenerationRef, ResponseCacheStore, type Retired } from './response-cache.store';
import { ShownPatcher } from './shown-patcher';
import { StalenessWindow } from './staleness-window';

const EVERYTHING = CATALOG_NAMESPACES.map((namespace) => ({ namespace }));
/**
 * Listings a write checks one by one at most (per field, or by text), and distinct texts it asks
 * Elasticsearch about: past either, moving the generation is cheaper than the check.
 */
const MAX_LISTINGS = 10_000;
const MAX_TEXTS = 1_000;
/** Writes whose products' text was read before they were sent and that have not announced yet. */
const MAX_PENDING = 1_000;

/**
 * Catalog writes retire cached responses by what they did (invalidation-plan.ts): the responses
 * that show a written product are deleted before this resolves (after an update that changed only
 * what they show of it, brought up to date in place instead: ShownPatcher), and so are, after a change of
 * price, stock or rating alone, the listings filtering or sorting on it whose text lists the
 * product (Elasticsearch is asked which; after one product's availability flip, those whose
 * change is only counts are patched instead: ListingPatcher), and after a change of its title or
 * description alone, the searches whose text lists it or could have listed it before (its terms
 * read before the write was sent: writeStarting); other changes retire listings by a generation
 * move within the staleness bound (StalenessWindow).
 * The catalog calls this after the write is visible in Elasticsearch and before it returns.
 */
@Injectable()
export class CacheInvalidationPublisher extends CatalogChangePublisher {
  private readonly logger = new Logger('CacheInvalidation');
  /** The products' terms before a text write, by its write number (taken back when it announces). */
  private readonly termsBefore = new Map<number, ProductTerms>();

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

  /**
   * A number from the write sequence (entries whose load ended before it cannot show the write),
   * and before a write of the products' text, their terms: what the searches' texts could match.
   */
  override async writeStarting(pending: PendingWrite): Promise<number | undefined> {
    const write = await this.store.takeWriteNumber().catch(() => undefined);
    if (write === undefined || !planInvalidation({ kind: 'update', ...pending }).byText) return write;
    // Unread, the write moves every search's generation instead (productsChanged finds none).
    const terms = await this.search.productTerms(pending.ids).catch(() => undefined);
    if (terms) {
      if (this.termsBefore.size >= MAX_PENDING)
        this.termsBefore.delete(this.termsBefore.keys().next().value!);
      this.termsBefore.set(write, terms);
    }
    return write;
  }

  async productsChanged(change: ProductChange, req?: LoggedRequest): Promise<void> {
    this.filler.forgetInFlight();
    const plan = planInvalidation(change);
    const before = this.takeTermsBefore(change);
    let retired: Retired;
    try {
      retired = await this.store.retireShowing(plan.showing, this.shown.keeperFor(change, req));
    } catch (error) {
      // What shows them cannot be found: retire everything (kept pending until Redis is back).
      await this.store.bumpGenerations(EVERYTHING).catch(() => undefined);
      throw error;
    }
    const unchecked = await this.retireListed(change, plan, retired.write, before, req);
    const later = [...plan.generations, ...unchecked];
    await this.window.add(later);
    this.logger.debug(
      {
        event: 'cache.invalidated',
        kind: change.kind,
        products: plan.showing.length,
        shown: retired.keys.length,
        later,
        req,
      },
      'responses showing the products retired',
    );
  }

  private takeTermsBefore(change: ProductChange): ProductTerms | undefined {
    if (change.kind !== 'update' || change.startedAt === undefined) return undefined;
    const terms = this.termsBefore.get(change.startedAt);
    this.termsBefore.delete(change.startedAt);
    return terms;
  }

  /**
   * Retires the listings that filter or sort on the plan's fields (or, after a text write, that
   * have a text) whose text lists one of the products, or with `before` (their terms before a text
   * write) could have listed one then. Returns the generations to move within the staleness bound
   * instead where they could not be checked: the fields', or after a text write, the searches'.
   */
  private async retireListed(
    change: ProductChange,
    plan: InvalidationPlan,
    write: number,
    before: ProductTerms | undefined,
    req: LoggedRequest | undefined,
  ): Promise<GenerationRef[]> {
    const registries: readonly ListingRegistry[] = plan.byText ? [TEXT_LISTINGS] : plan.filterFields;
    if (registries.length === 0) return [];
    try {
      if (plan.byText && !before) throw new Error('what their text listed before the write is unknown');
      const found = await Promise.all(
        registries.map((registry) => this.store.listingsOn(LISTINGS, registry, MAX_LISTINGS + 1)),
      );
      const listings = found.flat();
      const distinct = new Set(listings.map((listing) => listing.text));
      if (found.some((some) => some.length > MAX_LISTINGS) || distinct.size > MAX_TEXTS) {
        throw new Error(`more than ${MAX_LISTINGS} listings or ${MAX_TEXTS} texts`);
      }
      const texts = await this.search.textsListing(change.ids, [...distinct], before);
      const listed = listings.filter((listing) => texts.has(listing.text));
      const left = await this.patcher.patch(change, plan, LISTINGS, listed, write, req);
      const doomed = left.map((listing) => listing.hash);
      if (doomed.length > 0) await this.store.retireListings(LISTINGS, doomed, write);
      this.logger.debug(
        {
          event: 'cache.listings_retired',
          by: registries,
          of: listings.length,
          listed: listed.length,
          retired: doomed.length,
          req,
        },
        'listings of the changed products retired',
      );
      return [];
    } catch (error) {
      this.logger.warn(
        { event: 'cache.listings_unchecked', by: registries, err: String(error), req },
        'did not check which listings list the products: moving generations instead',
      );
      if (plan.byText) return [{ namespace: LISTINGS }];
      return plan.filterFields.map((field) => ({ namespace: LISTINGS, field }));
    }
  }

  /** Seed or reindex: everything retired, then the fleet warms the most requested queries again. */
  async catalogReplaced(): Promise<void> {
    await this.retireNamespaces(CATALOG_NAMESPACES);
    await this.warmer.requested();
  }

  /** Every response of these namespaces, at once (e.g. after a synonym change: the listings'). */
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
    return this.retireNamespaces([LISTINGS, SUGGESTIONS]);
  }
}
