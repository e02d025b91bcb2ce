import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import type { ProductSearch, ProductTerms } from '@app/search';
import { Metrics } from '@app/observability';
import { CacheFiller } from './cache-filler';
import type { CacheWarmer } from './popular/cache-warmer';
import { CacheInvalidationPublisher } from './cache-invalidation.publisher';
import { cachedResponse } from './cached-response';
import { ListingPatcher } from './listing-patcher';
import { ShownPatcher } from './shown-patcher';
import type { CacheSlot, GenerationRef } from './response-cache.store';
import { StalenessWindow } from './staleness-window';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const config = loadConfig({ CACHE_SEARCH_MAX_STALENESS_MS: '0' });
const product: CacheSlot = { namespace: 'products', hash: 'p1', filters: [] };
const searchP1P2: CacheSlot = { namespace: 'search', hash: 'q', filters: [] };
const entry = cachedResponse(Buffer.from('{}'), 60_000, 'application/json');
// Listings that filter on availability; their text lists p1 only for "lamp" (and "", everything).
const lamps: CacheSlot = { namespace: 'search', hash: 'lamps', filters: ['inStock'], text: 'lamp' };
const everything: CacheSlot = { namespace: 'search', hash: 'all', filters: ['inStock'], text: '' };
const sofas: CacheSlot = { namespace: 'search', hash: 'sofas', filters: ['inStock'], text: 'sofa' };
// Searches by text alone (no filters): a write of a product's text checks them.
const lampSearch: CacheSlot = { namespace: 'search', hash: 'lamp-q', filters: [], text: 'lamp' };
const bulbSearch: CacheSlot = { namespace: 'search', hash: 'bulb-q', filters: [], text: 'bulb' };
const sofaSearch: CacheSlot = { namespace: 'search', hash: 'sofa-q', filters: [], text: 'sofa' };
const TITLES: Record<string, string> = { p1: 'desk lamp', p2: 'green sofa' };

type Titles = Record<string, string>;
type FakeSearch = ProductSearch & { asked: number; titles: Titles };

/**
 * A catalog of titles in memory: a text lists a product when the title contains it; a product's
 * terms are its title, and with terms from before a write, a text their title contained counts.
 */
function searchOver(initial: Titles): FakeSearch {
  const titles = { ...initial };
  const search = {
    asked: 0,
    titles,
    productTerms(ids: readonly string[]): Promise<ProductTerms> {
      const words = new Set(ids.map((id) => titles[id] ?? ''));
      return Promise.resolve({ byField: new Map([['title', words]]) });
    },
    textsListing(
      ids: readonly string[],
      texts: readonly string[],
      before?: ProductTerms,
    ): Promise<ReadonlySet<string>> {
      search.asked += 1;
      const then = [...(before?.byField.get('title') ?? [])];
      const listing = texts.filter(
        (t) => ids.some((id) => titles[id]?.includes(t)) || then.some((title) => title.includes(t)),
      );
      return Promise.resolve(new Set(listing));
    },
  };
  return search as unknown as FakeSearch;
}

describe('CacheInvalidationPublisher (strict mode)', () => {
  let store: InMemoryResponseCacheStore;
  let publisher: CacheInvalidationPublisher;
  let bumped: GenerationRef[][];
  let search: ReturnType<typeof searchOver>;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    store = new InMemoryResponseCacheStore('unit');
    bumped = [];
    const bump = store.bumpGenerations.bind(store);
    store.bumpGenerations = (refs) => {
      bumped.push([...refs]);
      return bump(refs);
    };
    const filler = new CacheFiller(store, new Metrics(), config);
    const warmer = { requested: () => Promise.resolve() } as unknown as CacheWarmer;
    search = searchOver(TITLES);
    publisher = new CacheInvalidationPublisher(
      store,
      filler,
      new StalenessWindow(store, config),
      warmer,
      search,
      new ListingPatcher(store, search, config),
      new ShownPatcher(store),
    );
    const since = await store.writeSequence();
    await store.write(product, [0], entry, 60_000, { ids: ['p1'], since });
    await store.write(searchP1P2, [0], entry, 60_000, { ids: ['p1', 'p2'], since });
    for (const listing of [lamps, everything, sofas]) {
      await store.registerListing(listing, 60_000);
      await store.write(listing, [0, 0], entry, 60_000, { ids: [], since });
    }
    for (const listing of [lampSearch, bulbSearch, sofaSearch]) {
      await store.registerListing(listing, 60_000);
      await store.write(listing, [0], entry, 60_000, { ids: [], since });
    }
  });

  /** A title write as the catalog makes it: its mark and terms first, then the write, then the announcement. */
  const retitle = async (id: string, title: string, announce = true): Promise<void> => {
    const startedAt = await publisher.writeStarting({ ids: [id], fields: ['title'] });
    search.titles[id] = title;
    const change = { kind: 'update' as const, ids: [id], fields: ['title' as const, 'updatedAt' as const] };
    await publisher.productsChanged(announce ? { ...change, startedAt } : change);
  };

  it('a new title retires the searches whose text listed the product before or lists it now, and suggestions by generation; no other search', async () => {
    await retitle('p1', 'desk bulb');
    expect(await store.read(lampSearch, [0])).toBeUndefined();
    expect(await store.read(bulbSearch, [0])).toBeUndefined();
    expect(await store.read(sofaSearch, [0])).toBeDefined();
    // Listings that filter on availability are searches with a text too: the same rule.
    expect(await store.read(lamps, [0, 0])).toBeUndefined();
    expect(await store.read(sofas, [0, 0])).toBeDefined();
    expect(bumped).toEqual([[{ namespace: 'suggest' }]]);
  });

  it('a text write whose terms from before were not read moves the searches generation instead', async () => {
    await retitle('p1', 'desk bulb', false);
    expect(bumped).toEqual([[{ namespace: 'suggest' }, { namespace: 'search' }]]);
    expect(await store.read(sofaSearch, [0])).toBeDefined();
  });

  it('going in or out of stock retires what shows the product and the availability listings that list it, nothing else', async () => {
    await publisher.productsChanged({
      kind: 'update',
      ids: ['p1'],
      fields: ['stock', 'inStock', 'updatedAt'],
    });
    expect(await store.read(product, [0])).toBeUndefined();
    expect(await store.read(searchP1P2, [0])).toBeUndefined();
    expect(await store.read(lamps, [0, 0])).toBeUndefined();
    expect(await store.read(everything, [0, 0])).toBeUndefined();
    expect(await store.read(sofas, [0, 0])).toBeDefined();
    expect(bumped).toEqual([]);
  });

  it('a fill that read the write number before such a write stores nothing (it loads again)', async () => {
    const since = await store.writeSequence();
    await store.registerListing(lamps, 60_000);
    await publisher.productsChanged({ kind: 'update', ids: ['p1'], fields: ['stock', 'inStock'] });
    expect(await store.write(lamps, [0, 0], entry, 60_000, { ids: [], since })).toBe(false);
    const after = await store.writeSequence();
    expect(await store.write(lamps, [0, 0], entry, 60_000, { ids: [], since: after })).toBe(true);
  });

  it('when the listings cannot be checked, moves the availability generation instead', async () => {
    search.textsListing = () => Promise.reject(new Error('elasticsearch away'));
    await publisher.productsChanged({ kind: 'update', ids: ['p2'], fields: ['stock', 'inStock'] });
    expect(bumped).toEqual([[{ namespace: 'search', field: 'inStock' }]]);
    expect((await store.lookup(sofas)).entry).toBeUndefined();
  });

  it('a stock count that stays above zero asks nothing and retires only what shows the product', async () => {
    await publisher.productsChanged({ kind: 'update', ids: ['p1'], fields: ['stock', 'updatedAt'] });
    expect(search.asked).toBe(0);
    expect(await store.read(lamps, [0, 0])).toBeDefined();
    expect(await store.read(product, [0])).toBeUndefined();
  });

  it('when what shows the products cannot be found, moves every catalog generation and reports the failure', async () => {
    const retire = store.retireShowing.bind(store);
    store.retireShowing = () => Promise.reject(new Error('redis away'));
    await expect(publisher.productsChanged({ kind: 'delete', ids: ['p1'] })).rejects.toThrow('redis away');
    expect(bumped).toEqual([[{ namespace: 'search' }, { namespace: 'suggest' }, { namespace: 'products' }]]);
    store.retireShowing = retire;
  });

  it('retires whole namespaces at once (seed, reindex, search semantics)', async () => {
    await publisher.retireNamespaces(['search']);
    expect((await store.lookup(searchP1P2)).entry).toBeUndefined();
    expect((await store.lookup(product)).entry).toBeDefined();
  });
});
