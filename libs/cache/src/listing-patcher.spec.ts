import { Logger } from '@nestjs/common';
import type { ProductChange } from '@app/catalog';
import { loadConfig } from '@app/config';
import type { ListingBody, ProductSearch } from '@app/search';
import { type CachedResponse, cachedResponse } from './cached-response';
import { decodeBody } from './content-encoding';
import { planInvalidation } from './invalidation-plan';
import { ListingPatcher } from './listing-patcher';
import type { Listing, LoadSpan, StoredResponse } from './response-cache.store';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const NOW = Date.now();
const body = { total: { value: 10, relation: 'eq' } } as ListingBody;

/** Stored copies by hash, and what replaced them. */
class PatchableStore extends InMemoryResponseCacheStore {
  readonly stored = new Map<string, StoredResponse>();
  readonly replaced = new Map<string, { entry: CachedResponse; write: number; span: LoadSpan }>();
  accept = true;

  override readStored(_namespace: string, hash: string): Promise<StoredResponse | undefined> {
    return Promise.resolve(this.stored.get(hash));
  }

  override replaceStored(
    _namespace: string,
    hash: string,
    stored: StoredResponse,
    entry: CachedResponse,
    write: number,
    span: LoadSpan,
  ): Promise<boolean> {
    if (!this.accept || this.stored.get(hash) !== stored) return Promise.resolve(false);
    this.replaced.set(hash, { entry, write, span });
    return Promise.resolve(true);
  }

  /** A copy stored 5 s ago, loaded while the write sequence went from `from` to `to`. */
  keep(hash: string, from = 1, to = 2): void {
    const entry = cachedResponse(Buffer.from(JSON.stringify(body)), 60_000, 'application/json', NOW - 5_000);
    this.stored.set(hash, { entry, generation: [0, 0], version: `v-${hash}`, span: { from, to } });
  }
}

/** Patches by the listing's `q`: "more" adds one to the total, "same" leaves it, anything else refuses. */
function searchPatching(): ProductSearch & { asked: string[] } {
  const search = {
    asked: [] as string[],
    availabilityPatches(
      productId: string,
      listings: readonly { params: { q: string }; body: ListingBody }[],
    ): Promise<(ListingBody | undefined)[]> {
      search.asked.push(productId);
      return Promise.resolve(
        listings.map((l) => {
          if (l.params.q === 'same') return l.body;
          if (l.params.q === 'more')
            return { ...l.body, total: { value: l.body.total.value + 1, relation: 'eq' } };
          return undefined;
        }),
      );
    },
    /** A text write: "same" keeps its page, anything else is searched again. */
    textWritePatches(
      productId: string,
      listings: readonly { params: { q: string }; body: ListingBody }[],
    ): Promise<(ListingBody | undefined)[]> {
      search.asked.push(`text ${productId}`);
      return Promise.resolve(listings.map((l) => (l.params.q === 'same' ? l.body : undefined)));
    },
  };
  return search as unknown as ProductSearch & { asked: string[] };
}

const listing = (hash: string, q: string): Listing => ({ hash, text: q, request: JSON.stringify({ q }) });
// Numbered 5 before it was sent; the write number once visible is 7 (the patch calls below).
const flip: ProductChange = { kind: 'update', ids: ['p1'], fields: ['stock', 'inStock'], startedAt: 5 };

describe('ListingPatcher', () => {
  let store: PatchableStore;
  let search: ReturnType<typeof searchPatching>;
  const patcher = (staleness = '1000'): ListingPatcher =>
    new ListingPatcher(store, search, loadConfig({ CACHE_SEARCH_MAX_STALENESS_MS: staleness }));

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    store = new PatchableStore('unit');
    search = searchPatching();
    for (const hash of ['m', 's', 'r']) store.keep(hash);
  });

  it('replaces what it patched, keeps what did not change, and leaves the rest to retire', async () => {
    const listings = [listing('m', 'more'), listing('s', 'same'), listing('r', 'refused')];
    const left = await patcher().patch(flip, planInvalidation(flip), 'search', listings, 7);
    expect(left).toEqual([listings[2]]);
    expect([...store.replaced.keys()]).toEqual(['m']);
    const { entry, write, span } = store.replaced.get('m')!;
    expect(write).toBe(7);
    // The patched copy shows what was read up to the probe: its span ends at the sequence then.
    expect(span).toEqual({ from: 1, to: await store.writeSequence() });
    expect(JSON.parse(decodeBody(entry.body, entry.encoding).toString())).toEqual({
      total: { value: 11, relation: 'eq' },
    });
    // Same end of freshness as the copy it replaces.
    expect(entry.storedAtMs + entry.ttlMs).toBe(NOW - 5_000 + 60_000);
  });

  it('keeps a copy loaded after the write was visible, retires one loaded while it was sent', async () => {
    const one = [listing('m', 'more')];
    store.keep('m', 7, 8);
    expect(await patcher().patch(flip, planInvalidation(flip), 'search', one, 7)).toEqual([]);
    for (const [from, to] of [
      [4, 5],
      [6, 6],
      [2, Number.NaN],
      [Number.NaN, 9],
    ]) {
      store.keep('m', from, to);
      expect(await patcher().patch(flip, planInvalidation(flip), 'search', one, 7)).toEqual(one);
    }
    expect(store.replaced.size).toBe(0);
    expect(search.asked).toEqual([]);
  });

  it('retires a copy that changed since it was read', async () => {
    store.accept = false;
    const one = [listing('m', 'more')];
    expect(await patcher().patch(flip, planInvalidation(flip), 'search', one, 7)).toEqual(one);
    expect(store.replaced.size).toBe(0);
  });

  it('patches nothing in strict mode, for several products, other fields, or without a start mark', async () => {
    const listings = [listing('m', 'more')];
    const cases: [ListingPatcher, ProductChange][] = [
      [patcher('0'), flip],
      [patcher(), { ...flip, ids: ['p1', 'p2'] }],
      [patcher(), { ...flip, fields: ['price'] }],
      [patcher(), { kind: 'update', ids: ['p1'], fields: ['inStock'] }],
    ];
    for (const [p, change] of cases) {
      expect(await p.patch(change, planInvalidation(change), 'search', listings, 7)).toEqual(listings);
    }
    expect(search.asked).toEqual([]);
  });

  it('after a text write, keeps the pages the search says it leaves as they were, replacing nothing; retires the rest', async () => {
    const retitle: ProductChange = { kind: 'update', ids: ['p1'], fields: ['title'], startedAt: 5 };
    const listings = [listing('m', 'more'), listing('s', 'same'), listing('r', 'refused')];
    const left = await patcher().patch(retitle, planInvalidation(retitle), 'search', listings, 7);
    expect(left).toEqual([listings[0], listings[2]]);
    expect(store.replaced.size).toBe(0);
    expect(search.asked).toEqual(['text p1']);
    // Strict mode keeps nothing.
    expect(await patcher('0').patch(retitle, planInvalidation(retitle), 'search', listings, 7)).toEqual(
      listings,
    );
  });

  it('a listing recorded without its request, or when asking fails, is retired', async () => {
    const bare = { hash: 'm', text: 'more' };
    expect(await patcher().patch(flip, planInvalidation(flip), 'search', [bare], 7)).toEqual([bare]);
    search.availabilityPatches = () => Promise.reject(new Error('elasticsearch away'));
    const listings = [listing('m', 'more')];
    expect(await patcher().patch(flip, planInvalidation(flip), 'search', listings, 7)).toEqual(listings);
  });
});
