import { Injectable, Logger } from '@nestjs/common';
import type { ProductChange } from '@app/catalog';
import { AppConfig } from '@app/config';
import { type ListingBody, ProductSearch, type SearchParams } from '@app/search';
import { cachedResponse } from './cached-response';
import { decodeBody } from './content-encoding';
import type { InvalidationPlan } from './invalidation-plan';
import { type Listing, ResponseCacheStore, type StoredListing } from './response-cache.store';

/**
 * Instance clocks may disagree by this much: an entry stored less than this before a write was sent
 * may already show it, and is retired rather than patched.
 */
const CLOCK_MARGIN_MS = 1_000;

/**
 * When one product's availability flipped, the listings that list it but do not show it mostly
 * change only in their counts. Those are patched in place (ProductSearch.availabilityPatches, one
 * search over that product per listing) instead of being searched again in full; a listing left as
 * it was needs nothing. Only within a staleness bound: two writes of the same product racing may
 * leave a patched copy missing the other's change until that write's own retirement lands, before
 * it returns. Everything that cannot be patched is returned, to be retired as before.
 */
@Injectable()
export class ListingPatcher {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly enabled: boolean;

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly search: ProductSearch,
    config: AppConfig,
  ) {
    this.enabled = config.cache.searchMaxStalenessMs > 0;
  }

  /** The listings still to retire after patching what can be; never throws (then: all of them). */
  async patch(
    change: ProductChange,
    plan: InvalidationPlan,
    namespace: string,
    listings: readonly Listing[],
    write: number,
  ): Promise<readonly Listing[]> {
    const sentAtMs = change.kind === 'update' ? change.sentAtMs : undefined;
    const single = plan.showing.length === 1 && plan.filterFields.join() === 'inStock';
    if (!this.enabled || !single || sentAtMs === undefined) return listings;
    const byHash = new Map(listings.map((listing) => [listing.hash, listing]));
    const patchable = [...byHash.values()].filter((listing) => listing.request !== undefined);
    try {
      const kept = await this.patchAll(
        plan.showing[0],
        namespace,
        patchable,
        write,
        sentAtMs - CLOCK_MARGIN_MS,
      );
      const left = listings.filter((listing) => !kept.has(listing.hash));
      this.logger.debug(
        { event: 'cache.listings_patched', of: byHash.size, patched: kept.size },
        'listings of a product whose availability flipped patched in place',
      );
      return left;
    } catch (error) {
      this.logger.warn({ event: 'cache.listings_unpatched', err: String(error) }, 'retiring instead');
      return listings;
    }
  }

  /** The hashes patched or left as they were. */
  private async patchAll(
    productId: string,
    namespace: string,
    listings: readonly Listing[],
    write: number,
    storedBeforeMs: number,
  ): Promise<Set<string>> {
    const read = await Promise.all(
      listings.map((listing) => this.store.readListing(namespace, listing.hash)),
    );
    const candidates = listings.flatMap((listing, i) => {
      const stored = read[i];
      if (!stored || stored.entry.storedAtMs >= storedBeforeMs) return [];
      const body = JSON.parse(decodeBody(stored.entry.body, stored.entry.encoding).toString()) as ListingBody;
      return [{ listing, stored, params: JSON.parse(listing.request as string) as SearchParams, body }];
    });
    const patched = await this.search.availabilityPatches(productId, candidates);
    const kept = new Set<string>();
    await Promise.all(
      candidates.map(async ({ listing, stored, body }, i) => {
        const after = patched[i];
        if (after === undefined) return;
        if (after === body || (await this.replace(namespace, listing.hash, stored, after, write))) {
          kept.add(listing.hash);
        }
      }),
    );
    return kept;
  }

  /** The patched body as a new entry with the same end of freshness; false when the key changed meanwhile. */
  private replace(
    namespace: string,
    hash: string,
    stored: StoredListing,
    body: ListingBody,
    write: number,
  ): Promise<boolean> {
    const now = Date.now();
    const { entry } = stored;
    const ttlMs = entry.storedAtMs + entry.ttlMs - now;
    if (ttlMs <= 0) return Promise.resolve(false);
    const patched = cachedResponse(Buffer.from(JSON.stringify(body)), ttlMs, entry.contentType, now);
    return this.store.replaceListing(namespace, hash, stored, patched, write);
  }
}
