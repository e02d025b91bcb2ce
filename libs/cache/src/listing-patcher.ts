import { Injectable, Logger } from '@nestjs/common';
import type { ProductChange } from '@app/catalog';
import { AppConfig } from '@app/config';
import type { LoggedRequest } from '@app/observability';
import { type ListingBody, ProductSearch, type SearchParams } from '@app/search';
import type { InvalidationPlan } from './invalidation-plan';
import { stateOf, type WriteNumbers } from './load-span';
import { patchedEntry, storedBody } from './patched-entry';
import { type Listing, type LoadSpan, ResponseCacheStore, type StoredResponse } from './response-cache.store';

/**
 * When one product's availability flipped, the listings that list it but do not show it mostly
 * change only in their counts. Those are patched in place (ProductSearch.availabilityPatches, one
 * search over that product per text) instead of being searched again in full; a listing left as
 * it was needs nothing. After a write of its text, a page whose hits provably stay is left as it
 * was (ProductSearch.textWritePatches; its counts may lag). Which state a stored copy holds is told
 * by the write sequence (LoadSpan):
 * loaded before the write was sent, it is patched; loaded after the write was visible, it already
 * shows it and stays; loaded in between, it could be either and is retired. Only within a staleness
 * bound: two writes of the same product racing may leave a patched copy missing the other's change
 * until that write's own retirement lands, before it returns. Everything that cannot be patched is
 * returned, to be retired as before.
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
    req?: LoggedRequest,
  ): Promise<readonly Listing[]> {
    const startedAt = change.kind === 'update' ? change.startedAt : undefined;
    const flip = plan.filterFields.join() === 'inStock';
    if (!this.enabled || plan.showing.length !== 1 || !(flip || plan.byText) || startedAt === undefined)
      return listings;
    const byHash = new Map(listings.map((listing) => [listing.hash, listing]));
    const patchable = [...byHash.values()].filter((listing) => listing.request !== undefined);
    try {
      const kept = await this.patchAll(plan, namespace, patchable, { startedAt, write });
      const left = listings.filter((listing) => !kept.has(listing.hash));
      this.logger.debug(
        { event: 'cache.listings_patched', of: byHash.size, patched: kept.size, byText: plan.byText, req },
        'listings of a product whose availability or text changed patched in place, or left as they were',
      );
      return left;
    } catch (error) {
      this.logger.warn({ event: 'cache.listings_unpatched', err: String(error), req }, 'retiring instead');
      return listings;
    }
  }

  /** The hashes patched or left as they were. */
  private async patchAll(
    plan: InvalidationPlan,
    namespace: string,
    listings: readonly Listing[],
    write: WriteNumbers,
  ): Promise<Set<string>> {
    const read = await Promise.all(listings.map((listing) => this.store.readStored(namespace, listing.hash)));
    const kept = new Set<string>();
    const candidates = listings.flatMap((listing, i) => {
      const stored = read[i];
      const state = stored && stateOf(stored.span, write);
      if (state === 'after') kept.add(listing.hash);
      if (!stored || state !== 'before') return [];
      const body = storedBody<ListingBody>(stored);
      return [{ listing, stored, params: JSON.parse(listing.request as string) as SearchParams, body }];
    });
    if (candidates.length === 0) return kept;
    const productId = plan.showing[0];
    const patched = plan.byText
      ? await this.search.textWritePatches(productId, candidates)
      : await this.search.availabilityPatches(productId, candidates);
    // What the patched copies show was read by now: their span ends here.
    const to = await this.store.writeSequence();
    await Promise.all(
      candidates.map(async ({ listing, stored, body }, i) => {
        const after = patched[i];
        if (after === undefined) return;
        const span = { from: stored.span.from, to };
        if (
          after === body ||
          (await this.replace(namespace, listing.hash, stored, after, write.write, span))
        ) {
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
    stored: StoredResponse,
    body: ListingBody,
    write: number,
    span: LoadSpan,
  ): Promise<boolean> {
    const patched = patchedEntry(stored, body);
    if (!patched) return Promise.resolve(false);
    return this.store.replaceStored(namespace, hash, stored, patched, write, span);
  }
}
