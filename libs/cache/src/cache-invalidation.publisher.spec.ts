import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { CacheFiller } from './cache-filler';
import type { CacheWarmer } from './popular/cache-warmer';
import { CacheInvalidationPublisher } from './cache-invalidation.publisher';
import { cachedResponse } from './cached-response';
import type { CacheSlot, GenerationRef } from './response-cache.store';
import { StalenessWindow } from './staleness-window';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const config = loadConfig({ CACHE_SEARCH_MAX_STALENESS_MS: '0' });
const product: CacheSlot = { namespace: 'products', hash: 'p1', filters: [] };
const search: CacheSlot = { namespace: 'search', hash: 'q', filters: [] };
const entry = cachedResponse(Buffer.from('{}'), 60_000, 'application/json');

describe('CacheInvalidationPublisher (strict mode)', () => {
  let store: InMemoryResponseCacheStore;
  let publisher: CacheInvalidationPublisher;
  let bumped: GenerationRef[][];

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
    publisher = new CacheInvalidationPublisher(store, filler, new StalenessWindow(store, config), warmer);
    const since = await store.writeSequence();
    await store.write(product, [0], entry, 60_000, { ids: ['p1'], since });
    await store.write(search, [0], entry, 60_000, { ids: ['p1', 'p2'], since });
  });

  it('going out of stock retires what shows the product and moves only the availability generation', async () => {
    await publisher.productsChanged({
      kind: 'update',
      ids: ['p1'],
      fields: ['stock', 'inStock', 'updatedAt'],
    });
    expect(await store.read(product, [0])).toBeUndefined();
    expect(await store.read(search, [0])).toBeUndefined();
    expect(bumped).toEqual([[{ namespace: 'search', field: 'inStock' }]]);
  });

  it('when what shows the products cannot be found, moves every catalog generation and reports the failure', async () => {
    const retire = store.retireShowing.bind(store);
    store.retireShowing = () => Promise.reject(new Error('redis away'));
    await expect(publisher.productsChanged({ kind: 'delete', ids: ['p1'] })).rejects.toThrow('redis away');
    expect(bumped).toEqual([[{ namespace: 'search' }, { namespace: 'products' }]]);
    store.retireShowing = retire;
  });

  it('retires whole namespaces at once (seed, reindex, search semantics)', async () => {
    await publisher.retireNamespaces(['search']);
    expect((await store.lookup(search)).entry).toBeUndefined();
    expect((await store.lookup(product)).entry).toBeDefined();
  });
});
